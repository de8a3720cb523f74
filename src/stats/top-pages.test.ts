import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { type Driver, openDatabase } from '../db/index.ts';
import { tempDir } from '../testing/tmp.ts';
import { createTopPages, type PageRow } from './top-pages.ts';

const DAY = 86_400_000;
const D = Date.UTC(2026, 10, 20);
const tmp = tempDir();
let db: Driver;

/** The one-statement GROUP BY the slices replace: the oracle. */
function oracle(site: number | undefined, from: number, end: number, top: number): PageRow[] {
  return db
    .prepare<PageRow>(
      `SELECT p.path, count(*) AS pageviews, count(DISTINCT v.company_id) AS companies
         FROM visits v JOIN pageviews p ON p.visit_id = v.id
        WHERE (?1 IS NULL OR v.site_id = ?1) AND v.started_at >= ?2 AND v.started_at < ?3
          AND p.ts >= ?4 AND p.ts < ?5
        GROUP BY p.path ORDER BY pageviews DESC, p.path LIMIT ?6`,
    )
    .all(site ?? null, from - DAY, end, from, end, top);
}

beforeAll(() => {
  db = openDatabase(tmp.path('top.db'));
  // A seeded mix: two sites, 40 companies, 3 000 visits over 12 days of 1–60 pageviews (a few
  // of 400–900: longer than a slice) on 150 paths, skewed so the top ten have distinct counts
  // and ties further down, and 5 % one-off URLs; some pageviews a day after their visit started.
  let seed = 7;
  const rnd = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };
  db.exec(
    `INSERT INTO sites (key, name, domains, created_at) VALUES ('a', 'A', '[]', 0), ('b', 'B', '[]', 0)`,
  );
  const company = db.prepare(
    'INSERT INTO companies (name, created_at, updated_at) VALUES (?, 0, 0)',
  );
  for (let i = 0; i < 40; i++) company.run(`Company ${i}`);
  const visit = db.prepare<{ id: number }>(
    `INSERT INTO visits (site_id, company_id, class, started_at, last_seen_at, pageviews)
     VALUES (?, ?, 'business', ?, ?, ?) RETURNING id`,
  );
  const pv = db.prepare('INSERT INTO pageviews (visit_id, ts, path) VALUES (?, ?, ?)');
  db.exec('BEGIN');
  for (let i = 0; i < 3000; i++) {
    const at = D + Math.floor(rnd() * 12 * DAY);
    const n = rnd() < 0.01 ? 400 + Math.floor(rnd() * 500) : 1 + Math.floor(rnd() * 60);
    const id = visit.get(1 + (i % 2), 1 + Math.floor(rnd() * 40), at, at, n)!.id;
    for (let k = 0; k < n; k++) {
      // Some visits run into the next day; several pageviews share a timestamp.
      const ts = at + Math.floor(k / 3) * (rnd() < 0.05 ? 3_600_000 : 20_000);
      const path = rnd() < 0.05 ? `/once/${i}/${k}` : `/p/${Math.floor(150 * rnd() ** 2)}`;
      pv.run(id, ts, path);
    }
  }
  db.exec('COMMIT');
});
afterAll(() => {
  db.close();
  tmp.cleanup();
});

describe('top pages in slices', () => {
  // Ranges: the whole data, a middle stretch, a single day, an empty one.
  const ranges = [
    ['all data', D, D + 13 * DAY],
    ['days 3–7', D + 3 * DAY, D + 8 * DAY],
    ['day 5', D + 5 * DAY, D + 6 * DAY],
    ['no data', D + 40 * DAY, D + 41 * DAY],
  ] as const;
  const cases = ranges.flatMap(([name, from, end]) =>
    [undefined, 1].flatMap((site) =>
      [20_000, 50, 7].map((slice) => ({ name, from, end, site, slice })),
    ),
  );
  test.each(cases)('$name, site $site, slice $slice: same as one GROUP BY', (c) => {
    const top = createTopPages(db, c.site !== undefined, { slice: c.slice });
    const q = { site: c.site, from: c.from - DAY, end: c.end, pvFrom: c.from, pvEnd: c.end };
    for (const n of [10, 200]) {
      expect(top({ ...q, top: n })).toEqual(oracle(c.site, c.from, c.end, n));
    }
  });

  test('before each slice: between() is called once per statement of pageviews', () => {
    let calls = 0;
    const top = createTopPages(db, false, { slice: 50 });
    top({ from: D - DAY, end: D + 13 * DAY, pvFrom: D, pvEnd: D + 13 * DAY, top: 10 }, () => {
      calls++;
    });
    const pageviews = db.prepare<{ n: number }>('SELECT count(*) AS n FROM pageviews').get()!.n;
    // At least one statement per 50 pageviews read, besides the visit listings.
    expect(calls).toBeGreaterThanOrEqual(pageviews / 50);
  });

  test('past the path cap the one-off URLs go, the most viewed pages stay exact', () => {
    const q = { from: D - DAY, end: D + 13 * DAY, pvFrom: D, pvEnd: D + 13 * DAY };
    const all = oracle(undefined, D, D + 13 * DAY, 100_000);
    const pages = all.filter((r) => r.path.startsWith('/p/')).length;
    // A cap the site's pages fit in (at three quarters) and the one-off URLs overflow.
    expect(all.length).toBeGreaterThan(220 + pages);
    const top = createTopPages(db, false, { slice: 200, maxPaths: 220 });
    expect(top({ ...q, top: 10 })).toEqual(all.slice(0, 10));
    // The cap does bite: most one-off URLs are gone from the whole list.
    expect(top({ ...q, top: 100_000 }).length).toBeLessThan(all.length / 2);
  });

  test('past the pairs cap company sets go and a second pass counts the top paths exactly', () => {
    const q = { from: D - DAY, end: D + 13 * DAY, pvFrom: D, pvEnd: D + 13 * DAY };
    let calls = 0;
    const between = () => {
      calls++;
    };
    const roomy = createTopPages(db, false, { slice: 200 });
    expect(roomy({ ...q, top: 200 }, between)).toEqual(oracle(undefined, D, D + 13 * DAY, 200));
    const onePass = calls;
    calls = 0;
    // Room for a few sets only: the top paths' sets are dropped along the way.
    const tight = createTopPages(db, false, { slice: 200, maxPairs: 100 });
    expect(tight({ ...q, top: 200 }, between)).toEqual(oracle(undefined, D, D + 13 * DAY, 200));
    expect(calls).toBeGreaterThan(onePass * 1.5);
  });
});
