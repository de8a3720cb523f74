import { afterEach, describe, expect, test } from 'bun:test';
import { createHarness, type Harness } from '../testing/harness.ts';
import { createRetentionPurge, retentionCutoff } from './index.ts';
import {
  countingDriver,
  countOf,
  DAY,
  expectRollupsRecomputed,
  pageview,
} from './retention-testkit.ts';

const NOW = Date.UTC(2026, 10, 29, 10, 0, 0); // the harness clock's start
const ISP = '203.0.113.5';

let open: Harness[] = [];
afterEach(async () => {
  for (const h of open) await h.close();
  open = [];
});
async function harness(writerMode: 'inline' | 'worker' = 'inline') {
  const h = await createHarness({ writerMode });
  open.push(h);
  return h;
}
const setRetention = (h: Harness, siteId: number, days: number) =>
  h.db.prepare('UPDATE sites SET retention_days = ? WHERE id = ?').run(days, siteId);

test('retentionCutoff is the start of the UTC day N days ago', () => {
  expect(retentionCutoff(NOW, 30)).toBe(Date.UTC(2026, 9, 30));
  expect(retentionCutoff(Date.UTC(2026, 10, 29), 1)).toBe(Date.UTC(2026, 10, 28));
  expect(retentionCutoff(Date.UTC(2026, 10, 29, 23, 59, 59, 999), 1)).toBe(Date.UTC(2026, 10, 28));
});

describe('the purge', () => {
  test('deletes what is past each site’s retention and keeps the rest', async () => {
    const h = await harness();
    const b = h.tracking.sites.create({ name: 'Other', domains: ['other.example'] });
    const onB = { key: b.key, host: 'other.example' };
    setRetention(h, h.siteId, 30);
    setRetention(h, b.id, 10);
    const cutA = retentionCutoff(NOW, 30);

    h.now.t = NOW - 31 * DAY; // old for both sites
    await pageview(h, '198.51.100.1', { path: '/' });
    await pageview(h, '198.51.100.1', { path: '/pricing' });
    await pageview(h, ISP);
    await pageview(h, '198.51.100.2', onB);
    h.now.t = cutA - 1; // the last old instant for site A
    await pageview(h, '198.51.100.3');
    h.now.t = cutA; // the first kept instant for site A
    await pageview(h, '198.51.100.4');
    h.now.t = NOW - 29 * DAY; // kept for A, old for B
    await pageview(h, '198.51.100.5');
    await pageview(h, '198.51.100.6', onB);
    await pageview(h, ISP, onB);
    h.now.t = NOW - 9 * DAY; // kept for both
    await pageview(h, '198.51.100.7', onB);
    await pageview(h, ISP, onB);
    await pageview(h, '2001:db8::1');
    h.now.t = NOW;
    expect(countOf(h.db, 'visits', h.siteId)).toBe(5);
    expect(countOf(h.db, 'visits', b.id)).toBe(3);

    const purge = createRetentionPurge({ db: h.db, clock: () => h.now.t });
    expect(await purge.run()).toEqual({ visits: 4, pageviews: 5, counters: 5, rollupDays: 3 });

    const starts = (siteId: number) =>
      h.db
        .prepare<{ at: number }>(
          'SELECT started_at AS at FROM visits WHERE site_id = ? ORDER BY started_at',
        )
        .all(siteId)
        .map((r) => r.at);
    expect(starts(h.siteId)).toEqual([cutA, NOW - 29 * DAY, NOW - 9 * DAY]);
    expect(starts(b.id)).toEqual([NOW - 9 * DAY]);
    const orphans = h.db
      .prepare<{ n: number }>(
        'SELECT count(*) AS n FROM pageviews WHERE visit_id NOT IN (SELECT id FROM visits)',
      )
      .get()!.n;
    expect(orphans).toBe(0);
    expect(h.db.prepare('SELECT count(*) AS n FROM pageviews').get()).toEqual({ n: 4 });
    const counters = h.db
      .prepare('SELECT site_id AS s, day, class FROM daily_counts ORDER BY 1, 2, 3')
      .all();
    expect(counters).toEqual([
      { s: h.siteId, day: '2026-10-30', class: 'business' },
      { s: h.siteId, day: '2026-10-31', class: 'business' },
      { s: h.siteId, day: '2026-11-20', class: 'education' },
      { s: b.id, day: '2026-11-20', class: 'business' },
      { s: b.id, day: '2026-11-20', class: 'isp' },
    ]);
    const oldRollups = h.db
      .prepare<{ n: number }>(
        'SELECT count(*) AS n FROM company_days WHERE (site_id = ? AND day < ?) OR (site_id = ? AND day < ?)',
      )
      .get(h.siteId, cutA / DAY, b.id, retentionCutoff(NOW, 10) / DAY)!.n;
    expect(oldRollups).toBe(0);
    expectRollupsRecomputed(h.db);

    // Nothing left to do: a second run deletes nothing and takes no write lock.
    const spy = countingDriver(h.db);
    const again = createRetentionPurge({ db: spy, clock: () => h.now.t });
    expect(await again.run()).toEqual({ visits: 0, pageviews: 0, counters: 0, rollupDays: 0 });
    expect(spy.transactions).toBe(0);
    // secure_delete is restored to what the connection had.
    expect(h.db.prepare('PRAGMA secure_delete').get()).toEqual({ secure_delete: 0 });
  });

  test.each([
    [2, 4],
    [3, 3],
    [7, 2], // the 7 fill the first batch; the second finds none and forgets the rollups
    [500, 1],
  ])('batch = %i: 7 old visits take %i transactions', async (batch, transactions) => {
    const h = await harness();
    setRetention(h, h.siteId, 5);
    h.now.t = NOW - 6 * DAY;
    for (let i = 1; i <= 7; i++) await pageview(h, `198.51.100.${i}`);
    h.now.t = NOW - 4 * DAY;
    await pageview(h, '198.51.100.200');
    h.now.t = NOW;
    const spy = countingDriver(h.db);
    const r = await createRetentionPurge({ db: spy, clock: () => h.now.t, batch }).run();
    expect(r).toEqual({ visits: 7, pageviews: 7, counters: 1, rollupDays: 1 });
    expect(spy.transactions).toBe(transactions);
    expect(countOf(h.db, 'visits', h.siteId)).toBe(1);
    expectRollupsRecomputed(h.db);
  });

  test('old visits over several days go one UTC day per step, rollups matching after each', async () => {
    const h = await harness();
    setRetention(h, h.siteId, 5);
    for (const [i, daysAgo] of [8, 8, 7, 6, 2].entries()) {
      h.now.t = NOW - daysAgo * DAY;
      await pageview(h, `198.51.100.${i + 1}`);
    }
    h.now.t = NOW;
    const spy = countingDriver(h.db);
    const r = await createRetentionPurge({ db: spy, clock: () => h.now.t }).run();
    expect(r).toEqual({ visits: 4, pageviews: 4, counters: 3, rollupDays: 3 });
    expect(spy.transactions).toBe(3);
    expectRollupsRecomputed(h.db);
  });

  test('ingest on the writer thread keeps working while a purge runs', async () => {
    const h = await harness('worker');
    setRetention(h, h.siteId, 5);
    h.now.t = NOW - 6 * DAY;
    // One at a time: the harness's peer address is per call, so parallel beacons would share one.
    const old = 200;
    for (let i = 1; i <= old; i++) await pageview(h, `2001:db8:${i.toString(16)}::1`);
    h.now.t = NOW;
    const spy = countingDriver(h.db);
    const during = (path: string, ip: string) =>
      h.beacon({ s: h.siteKey, u: `https://example.com${path}`, t: 'During' }, ip).then((res) => ({
        status: res.status,
        afterBatches: spy.transactions,
      }));
    let first: ReturnType<typeof during> | null = null;
    let second: ReturnType<typeof during> | null = null;
    const pause = async () => {
      await new Promise((r) => setImmediate(r));
      // After batch 2 a beacon starts; after batch 3 the purge waits for it (so it is known to
      // have committed mid-purge); the one started after batch 4 contends with the batches left.
      if (spy.transactions === 2) first = during('/first', '198.51.100.9');
      if (spy.transactions === 3) await first;
      if (spy.transactions === 4) second = during('/second', '198.51.100.10');
    };
    const purge = createRetentionPurge({ db: spy, clock: () => h.now.t, batch: 2, pause });
    const running = purge.run();
    expect(purge.run()).toBe(running); // a second call joins the running purge
    const r = await running;
    expect(r.visits).toBe(old);
    expect(spy.transactions).toBe(old / 2 + 1);
    expect(await first!).toEqual({ status: 202, afterBatches: 3 });
    expect((await second!).status).toBe(202);
    await h.tracking.writer.flush();
    const kept = h.db.prepare('SELECT landing_path AS p FROM visits ORDER BY id').all();
    expect(kept).toEqual([{ p: '/first' }, { p: '/second' }]);
    expectRollupsRecomputed(h.db);
  });
});
