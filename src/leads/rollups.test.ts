import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { seededRandom } from '../testing/random.ts';
import {
  createRefresher,
  forgetRollupsBefore,
  type InboxPage,
  rebuildRollups,
  rollupSnapshot,
} from './index.ts';
import { IP, type LeadsKit, leadsKit } from './test-kit.ts';

const ADDRESSES = [
  IP.manufacturing,
  IP.manufacturing2,
  '198.51.100.20',
  IP.canary,
  '198.51.100.201',
  IP.university,
  '2001:db8::2',
  IP.isp,
];
const PATHS = ['/', '/pricing', '/demo/a', '/docs/setup', '/blog/x', '/pricing#faq'];

/** Beacons in groups of 5 sent at once (so batches mix visits, pageviews and engagement of several
 * companies), over several days, some crossing UTC midnight inside a visit. */
async function burst(k: LeadsKit, seed: number, groups: number): Promise<void> {
  const rand = seededRandom(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
  for (let g = 0; g < groups; g++) {
    const sends: Promise<Response>[] = [];
    for (let i = 0; i < 5; i++) {
      const ip = pick(ADDRESSES);
      const body =
        rand() < 0.3
          ? {
              s: k.h.siteKey,
              e: 'engagement',
              u: 'https://example.com/',
              m: 1 + Math.floor(rand() * 60_000),
            }
          : { s: k.h.siteKey, e: 'pageview', u: `https://example.com${pick(PATHS)}`, t: 'T' };
      sends.push(k.h.beacon(body, ip));
    }
    for (const res of await Promise.all(sends)) expect(res.status).toBe(202);
    const r = rand();
    // Mostly a few minutes on; sometimes to 23:55 (visits then cross midnight), or a day or two on.
    if (r < 0.05) k.h.now.t = Math.floor(k.h.now.t / 86_400_000) * 86_400_000 + 86_100_000;
    else if (r < 0.1) k.wait(Math.floor(rand() * 2 * 86_400_000));
    else k.wait(Math.floor(rand() * 10 * 60_000));
  }
}

describe.each(['inline', 'worker'] as const)('rollups kept by the %s writer', (writerMode) => {
  let k: LeadsKit;
  beforeAll(async () => {
    k = await leadsKit({ writerMode });
    await burst(k, writerMode === 'inline' ? 7 : 11, 120);
    await k.h.tracking.writer.flush();
  });
  afterAll(() => k.close());

  test('equal a recomputation from visits and pageviews', () => {
    const kept = rollupSnapshot(k.h.db);
    expect(kept.company_days.length).toBeGreaterThan(5);
    expect(kept.company_paths.length).toBeGreaterThan(10);
    const hidden = k.h.db.prepare('SELECT company_id, hidden FROM company_totals ORDER BY 1').all();
    rebuildRollups(k.h.db);
    expect(rollupSnapshot(k.h.db)).toEqual(kept);
    expect(
      k.h.db.prepare('SELECT company_id, hidden FROM company_totals ORDER BY 1').all(),
    ).toEqual(hidden);
  });

  test('the ISP never gets a company or a rollup row', () => {
    const n = k.h.db
      .prepare<{ n: number }>(
        `SELECT count(*) AS n FROM company_totals t JOIN companies c ON c.id = t.company_id
          WHERE c.name = 'Example Broadband Telecom'`,
      )
      .get()!.n;
    expect(n).toBe(0);
  });

  test('the daily pass sets the 30-day sums to the sums of company_days', () => {
    createRefresher({ db: k.h.db, clock: () => k.h.now.t }).refreshAll();
    const first = Math.floor(k.h.now.t / 86_400_000) - 29;
    const wrong = k.h.db
      .prepare(
        `SELECT t.company_id FROM company_totals t
          WHERE t.visits_30d != (SELECT coalesce(sum(visits), 0) FROM company_days d WHERE d.company_id = t.company_id AND d.day >= ?1)
             OR t.pageviews_30d != (SELECT coalesce(sum(pageviews), 0) FROM company_days d WHERE d.company_id = t.company_id AND d.day >= ?1)
         UNION ALL
         SELECT s.company_id FROM company_site_totals s
          WHERE s.visits_30d != (SELECT coalesce(sum(visits), 0) FROM company_days d
                                  WHERE d.company_id = s.company_id AND d.site_id = s.site_id AND d.day >= ?1)`,
      )
      .all(first);
    expect(wrong).toEqual([]);
  });

  test('a retention purge plus forgetRollupsBefore leaves the rollups a recomputation would build', () => {
    const db = k.h.db;
    const days = db
      .prepare<{ d: number }>('SELECT DISTINCT day AS d FROM company_days ORDER BY 1')
      .all();
    const cut = days[Math.floor(days.length / 2)].d;
    db.transaction(() => {
      db.prepare('DELETE FROM visits WHERE site_id = ? AND started_at < ?').run(
        k.h.siteId,
        cut * 86_400_000,
      );
      forgetRollupsBefore(db, k.h.siteId, cut);
    })();
    const kept = rollupSnapshot(db);
    expect(kept.company_days.length).toBeGreaterThan(0);
    rebuildRollups(db);
    expect({ ...rollupSnapshot(db), site_paths: [] }).toEqual({ ...kept, site_paths: [] });
  });

  test('deleting a company (an opt-out) removes its rollups, tags, notes and status', async () => {
    // A company made from a network (a companies-CSV company is still named by its range).
    const id = k.companyId('Example Manufacturing GmbH');
    await k.call('POST', `/companies/${id}/tags`, { tag: 'gone' });
    await k.call('POST', `/companies/${id}/notes`, { text: 'gone' });
    await k.call('PUT', `/companies/${id}/status`, { status: 'customer' });
    k.h.db.prepare('DELETE FROM companies WHERE id = ?').run(id);
    for (const table of [
      'company_days',
      'company_totals',
      'company_site_totals',
      'company_paths',
      'company_tags',
      'company_notes',
      'company_status',
    ]) {
      const n = k.h.db
        .prepare<{ n: number }>(`SELECT count(*) AS n FROM ${table} WHERE company_id = ?`)
        .get(id)!.n;
      expect([table, n]).toEqual([table, 0]);
    }
    const kept = rollupSnapshot(k.h.db);
    rebuildRollups(k.h.db);
    // Interned paths may outlive the pageviews that named them; everything else must match.
    expect({ ...rollupSnapshot(k.h.db), site_paths: [] }).toEqual({ ...kept, site_paths: [] });
    const inbox = await k.json<InboxPage>('/companies?from=2026-01-01');
    expect(inbox.items.map((r) => r.name)).not.toContain('Example Manufacturing GmbH');
    expect(inbox.items.length).toBeGreaterThan(0);
  });
});
