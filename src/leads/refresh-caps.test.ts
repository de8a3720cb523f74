// Distinct pages and key pages are counted up to caps past which the score cannot change, by
// different reads for small and huge companies (src/leads/refresh.ts, pageCounts): the scores
// must be those of counting everything.
import { afterAll, beforeAll, expect, test } from 'bun:test';
import { createHarness, type Harness } from '../testing/harness.ts';
import { setKeyPages } from './keypages.ts';
import { createRefresher, PAGES_CAP } from './refresh.ts';
import { dayOf } from './rollups.ts';
import { SCORE_WINDOW_DAYS, scoreOf } from './score.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
  setKeyPages(h.db, h.siteId, ['/pricing', '/demo*']);
});
afterAll(() => h.close());

const DAY = 86_400_000;

/** The score from counting every distinct page and key page of the window in SQL. */
function exact(companyId: number) {
  const today = dayOf(h.now.t);
  const first = today - SCORE_WINDOW_DAYS + 1;
  const q = h.db
    .prepare<{ last_at: number; visits: number; engaged: number; pages: number; keys: number }>(
      `SELECT t.last_at,
        (SELECT coalesce(sum(visits), 0) FROM company_days WHERE company_id = t.company_id AND day >= ?1) AS visits,
        (SELECT coalesce(sum(engaged_ms), 0) FROM company_days WHERE company_id = t.company_id AND day >= ?1) AS engaged,
        (SELECT count(DISTINCT path_id) FROM company_paths WHERE company_id = t.company_id AND day >= ?1) AS pages,
        (SELECT count(DISTINCT cp.path_id) FROM company_paths cp JOIN site_paths sp ON sp.id = cp.path_id
          JOIN key_pages k ON k.site_id = sp.site_id AND sp.path GLOB k.glob
          WHERE cp.company_id = t.company_id AND cp.day >= ?1) AS keys
       FROM company_totals t WHERE t.company_id = ?2`,
    )
    .get(first, companyId)!;
  return {
    counted: q,
    score: scoreOf({
      daysSinceLast: today - dayOf(q.last_at),
      visits: q.visits,
      pages: q.pages,
      engagedMs: q.engaged,
      keyPages: q.keys,
    }),
  };
}

// [name, address, pages per day (oldest first), key pages among them]
const CASES: [string, string, string[][]][] = [
  [
    'a few pages, two key pages',
    '198.51.100.7',
    [
      ['/', '/pricing'],
      ['/about', '/demo/a'],
    ],
  ],
  [
    'past the cap of pages, three key pages on three days',
    '198.51.100.200',
    [
      ['/pricing', ...Array.from({ length: 40 }, (_, i) => `/a/${i}`)],
      ['/demo/a', ...Array.from({ length: 40 }, (_, i) => `/b/${i}`)],
      [...Array.from({ length: 20 }, (_, i) => `/c/${i}`), '/demo/b'],
    ],
  ],
  [
    'past the cap of pages and of key pages',
    '2001:db8::5',
    [Array.from({ length: 90 }, (_, i) => (i % 4 ? `/x/${i}` : `/demo/${i}`))],
  ],
];

test.each(CASES)('%s: the score of counting everything', async (_, ip, days) => {
  const start = h.now.t;
  for (const [i, paths] of days.entries()) {
    h.now.t = start + i * DAY;
    for (const path of paths) {
      const res = await h.beacon({ s: h.siteKey, u: `https://example.com${path}`, t: 'P' }, ip);
      expect(res.status).toBe(202);
      h.now.t += 1000;
    }
  }
  const id = h.db
    .prepare<{ company_id: number }>('SELECT company_id FROM visits ORDER BY id DESC LIMIT 1')
    .get()!.company_id;
  const want = exact(id);
  expect(want.counted.keys).toBeGreaterThan(1);
  expect(createRefresher({ db: h.db, clock: () => h.now.t }).breakdown(id)).toEqual(want.score);
  if (want.counted.pages > PAGES_CAP) expect(want.score.pages).toBe(100);
});
