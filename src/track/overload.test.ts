import { expect, test } from 'bun:test';
import { createHarness } from '../testing/harness.ts';
import { createLoadShedder } from './overload.ts';

const block = (ms: number) => {
  const until = performance.now() + ms;
  while (performance.now() < until) {}
};
const tick = () => Bun.sleep(1);

test('a saturated event loop (late tick after late tick) sheds; a quiet one stops shedding', async () => {
  const shed = createLoadShedder({ thresholdMs: 50, intervalMs: 10, ticks: 3 });
  try {
    for (let i = 0; i < 6 && !shed.overloaded; i++) {
      block(80);
      await tick();
    }
    expect(shed.overloaded).toBe(true);
    await Bun.sleep(60);
    expect(shed.overloaded).toBe(false);
  } finally {
    shed.stop();
  }
});

test('one long synchronous task is not overload', async () => {
  const shed = createLoadShedder({ thresholdMs: 50, intervalMs: 10, ticks: 3 });
  try {
    await Bun.sleep(30);
    block(500);
    for (let i = 0; i < 5; i++) {
      await tick();
      expect(shed.overloaded).toBe(false);
    }
  } finally {
    shed.stop();
  }
});

test('while overloaded POST /e answers 503 with Retry-After, /p.gif still a pixel; then it recovers', async () => {
  const h = await createHarness();
  try {
    const pageviews = () =>
      (h.db.prepare('SELECT count(*) AS n FROM pageviews').get() as { n: number }).n;
    // Saturate the loop the way a flood does, until the shedder says so.
    for (let i = 0; i < 20 && h.tracking.metrics.get('overloaded') === 0; i++) {
      block(150);
      await tick();
      const res = await h.beacon({ s: h.siteKey, e: 'pageview', u: 'https://example.com/' });
      if (res.status === 503) {
        expect(res.headers.get('retry-after')).toBe('1');
        expect(res.headers.get('x-leadlens-drop')).toBe('overloaded');
      }
    }
    expect(h.tracking.metrics.get('overloaded')).toBeGreaterThan(0);
    const gif = await h.handle(
      new Request(`http://leadlens.test/p.gif?s=${h.siteKey}&u=https://example.com/x`),
    );
    // Either still shedding (a pixel, nothing stored) or recovered (stored): never an error.
    expect(gif.status).toBe(200);
    // Quiet again: beacons are stored.
    await Bun.sleep(100);
    const before = pageviews();
    const ok = await h.beacon({ s: h.siteKey, e: 'pageview', u: 'https://example.com/after' });
    expect(ok.status).toBe(202);
    expect(pageviews()).toBe(before + 1);
  } finally {
    await h.close();
  }
});
