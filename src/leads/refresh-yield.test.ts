import { afterAll, beforeAll, expect, test } from 'bun:test';
import { createHarness, type Harness } from '../testing/harness.ts';
import { createRefresher } from './refresh.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

test('the yielding daily pass scores the same as the blocking one', async () => {
  for (const ip of ['198.51.100.7', '198.51.100.200', '2001:db8::5']) {
    expect(
      (await h.beacon({ s: h.siteKey, u: 'https://example.com/pricing', t: 'P' }, ip)).status,
    ).toBe(202);
  }
  const refresher = createRefresher({ db: h.db, clock: () => h.now.t });
  const scores = () =>
    h.db
      .prepare<{ company_id: number; score: number }>(
        'SELECT company_id, score FROM company_totals ORDER BY company_id',
      )
      .all();
  refresher.refreshAll();
  const blocking = scores();
  expect(blocking.length).toBe(3);
  expect(blocking.every((r) => r.score > 0)).toBe(true);

  h.db.prepare('UPDATE company_totals SET score = 0, score_dirty = 1').run();
  h.now.t += 86_400_000; // a new UTC day: the next refresh is a full pass
  const n = await refresher.refreshYielding();
  expect(n).toBe(3);
  expect(scores().map((r) => r.company_id)).toEqual(blocking.map((r) => r.company_id));
  expect(scores().every((r) => r.score > 0)).toBe(true);
  expect(await refresher.refreshYielding()).toBe(0); // same day, nothing dirty
});
