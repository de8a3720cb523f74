import type { Driver } from '../db/index.ts';

export type PageRow = { path: string; pageviews: number; companies: number };

/** Pageviews one statement reads at most, so no read holds its snapshot (and the WAL) for long. */
export const SLICE = 20_000;
/** Visits listed per statement. */
const VISITS_PER_PAGE = 2_000;
/**
 * Distinct paths, and (path, company) pairs, counted at most: past either the least-viewed paths
 * are forgotten (see prune). A site with unique URLs per pageview would otherwise need a map entry
 * per pageview of the range.
 */
export const MAX_PATHS = 100_000;
export const MAX_PAIRS = 1_000_000;

type Tally = { n: number; companies: Set<number> };

/**
 * The overview's top pages: pageviews per path (and distinct companies) of lead visits started in
 * [from, end), their pageviews in [pvFrom, pvEnd). Read in slices of at most `slice` pageviews —
 * batches of small visits, a long visit in (ts, id) order — each its own short statement, with
 * `between()` called before each (the overview thread lets a struggling checkpoint go first). One
 * `GROUP BY path` over a year of a busy site was a single read of seconds to minutes: the WAL
 * cannot be reset while it runs. Exact while the range has at most MAX_PATHS distinct paths and
 * MAX_PAIRS (path, company) pairs; past that the least-viewed paths are dropped as it goes, so a
 * path dropped early may be undercounted — never one of the most viewed.
 */
export function createTopPages(
  db: Driver,
  site: boolean,
  o: { slice?: number; maxPaths?: number; maxPairs?: number } = {},
) {
  const slice = o.slice ?? SLICE;
  const maxPaths = o.maxPaths ?? MAX_PATHS;
  const maxPairs = o.maxPairs ?? MAX_PAIRS;
  const idx = site ? 'visits_site_started' : 'visits_started';
  const bySite = site ? 'v.site_id = ? AND' : '';
  // Keyset over (started_at, id): the next page starts after the last visit listed.
  const visits = db.prepare<{ id: number; company: number; pageviews: number; at: number }>(
    `SELECT v.id, v.company_id AS company, v.pageviews, v.started_at AS at
       FROM visits v INDEXED BY ${idx}
      WHERE ${bySite} v.started_at >= ? AND v.started_at < ? AND (v.started_at > ? OR v.id > ?)
      ORDER BY v.started_at, v.id LIMIT ${VISITS_PER_PAGE}`,
  );
  const batch = db.prepare<{ visit: number; path: string }>(
    `SELECT p.visit_id AS visit, p.path FROM json_each(?) j
       JOIN pageviews p INDEXED BY pageviews_visit_exit ON p.visit_id = j.value
      WHERE p.ts >= ? AND p.ts < ?`,
  );
  const long = db.prepare<{ path: string; ts: number; id: number }>(
    `SELECT p.path, p.ts, p.id FROM pageviews p INDEXED BY pageviews_visit_exit
      WHERE p.visit_id = ? AND p.ts >= ? AND p.ts < ? AND (p.ts > ? OR p.id > ?)
      ORDER BY p.ts, p.id LIMIT ${slice}`,
  );

  return (
    q: { site?: number; from: number; end: number; pvFrom: number; pvEnd: number; top: number },
    between: () => void = () => {},
  ): PageRow[] => {
    const tally = new Map<string, Tally>();
    let pairs = 0;
    const count = (path: string, company: number) => {
      let t = tally.get(path);
      if (!t) {
        t = { n: 0, companies: new Set() };
        tally.set(path, t);
      }
      t.n++;
      if (!t.companies.has(company)) {
        t.companies.add(company);
        pairs++;
      }
    };
    // Forget the least-viewed paths (viewed once, then at most twice, …) until at most three
    // quarters of either cap is in use: one-off URLs go first, a site's real pages stay.
    const prune = () => {
      if (tally.size <= maxPaths && pairs <= maxPairs) return;
      for (let floor = 1; tally.size > maxPaths * 0.75 || pairs > maxPairs * 0.75; floor *= 2) {
        for (const [path, t] of tally) {
          if (t.n > floor) continue;
          pairs -= t.companies.size;
          tally.delete(path);
        }
      }
    };

    let ids: number[] = [];
    const company = new Map<number, number>();
    let queued = 0;
    const flush = () => {
      if (ids.length === 0) return;
      between();
      for (const r of batch.all(JSON.stringify(ids), q.pvFrom, q.pvEnd)) {
        count(r.path, company.get(r.visit)!);
      }
      ids = [];
      company.clear();
      queued = 0;
      prune();
    };
    const readLong = (visit: number, who: number) => {
      for (let ts = q.pvFrom, id = -1; ; ) {
        between();
        const rows = long.all(visit, ts, q.pvEnd, ts, id);
        for (const r of rows) count(r.path, who);
        prune();
        if (rows.length < slice) return;
        ts = rows[rows.length - 1].ts;
        id = rows[rows.length - 1].id;
      }
    };

    const s = q.site === undefined ? [] : [q.site];
    for (let at = q.from, id = -1; ; ) {
      between();
      const page = visits.all(...s, at, q.end, at, id);
      for (const v of page) {
        if (v.pageviews > slice) {
          readLong(v.id, v.company);
          continue;
        }
        if (queued + v.pageviews > slice) flush();
        ids.push(v.id);
        company.set(v.id, v.company);
        queued += v.pageviews;
      }
      if (page.length < VISITS_PER_PAGE) break;
      at = page[page.length - 1].at;
      id = page[page.length - 1].id;
    }
    flush();

    return [...tally]
      .map(([path, t]) => ({ path, pageviews: t.n, companies: t.companies.size }))
      .sort((a, b) => b.pageviews - a.pageviews || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
      .slice(0, q.top);
  };
}
