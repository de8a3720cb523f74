import type { Driver } from '../db/index.ts';
import { keysetPages, planVisitReads } from '../db/slices.ts';

export type PageRow = { path: string; pageviews: number; companies: number };

/** Pageviews one statement reads at most, so no read holds its snapshot (and the WAL) for long. */
export const SLICE = 20_000;
/** Visits listed per statement. */
const VISITS_PER_PAGE = 2_000;
/**
 * Distinct paths counted at most: past it the least-viewed paths are forgotten (see prune). A site
 * with a unique URL per pageview would otherwise need a map entry per pageview of the range.
 */
export const MAX_PATHS = 100_000;
/**
 * (path, company) pairs kept for the companies column: past it the least-viewed paths' company
 * sets are dropped (their pageview counts stay); a top path without its set is counted again.
 */
export const MAX_PAIRS = 2_000_000;

/** A path's pageviews, and its companies until the set is dropped (null). */
type Tally = { n: number; companies: Set<number> | null };
/** A lead visit as the keyset lists it. */
type Visit = { id: number; company: number; pageviews: number; at: number };
type Query = {
  site?: number;
  from: number;
  end: number;
  pvFrom: number;
  pvEnd: number;
  top: number;
};

/**
 * The overview's top pages: pageviews per path (and distinct companies) of lead visits started in
 * [from, end), their pageviews in [pvFrom, pvEnd). Read in slices of at most `slice` pageviews —
 * batches of small visits, a long visit in (ts, id) order — each its own short statement, with
 * `between()` called before each (the overview thread lets a struggling checkpoint go first). One
 * `GROUP BY path` over a year of a busy site was a single read of seconds to minutes: the WAL
 * cannot be reset while it runs. Memory is bounded by MAX_PATHS and MAX_PAIRS: the company sets of
 * less-viewed paths are dropped first, and a top path whose set was dropped gets a second pass
 * over the slices for just the paths that need it. Exact while the range has at most MAX_PATHS
 * distinct paths; past that, paths are forgotten least-viewed first (one-off URLs), so a path
 * forgotten early may be undercounted — never one of the most viewed.
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
  const visits = db.prepare<Visit>(
    `SELECT v.id, v.company_id AS company, v.pageviews, v.started_at AS at
       FROM visits v INDEXED BY ${idx}
      WHERE ${bySite} v.started_at >= ? AND v.started_at < ? AND (v.started_at > ? OR v.id > ?)
      ORDER BY v.started_at, v.id LIMIT ${VISITS_PER_PAGE}`,
  );
  // Only the paths in the JSON list, when one is given (the second pass).
  const batch = db.prepare<{ visit: number; path: string }>(
    `SELECT p.visit_id AS visit, p.path FROM json_each(?1) j
       JOIN pageviews p INDEXED BY pageviews_visit_exit ON p.visit_id = j.value
      WHERE p.ts >= ?2 AND p.ts < ?3 AND (?4 IS NULL OR p.path IN (SELECT value FROM json_each(?4)))`,
  );
  // Not filtered by path: the (ts, id) keyset needs the last row read, and a filter would let
  // one statement scan the whole visit looking for `slice` matches.
  const long = db.prepare<{ path: string; ts: number; id: number }>(
    `SELECT p.path, p.ts, p.id FROM pageviews p INDEXED BY pageviews_visit_exit
      WHERE p.visit_id = ? AND p.ts >= ? AND p.ts < ? AND (p.ts > ? OR p.id > ?)
      ORDER BY p.ts, p.id LIMIT ${slice}`,
  );

  /**
   * Every pageview of the query, slice by slice: `row(path, company)`, then `sliced()` after each
   * slice. With `only`, batches of small visits return just those paths.
   */
  const scan = (
    q: Query,
    between: () => void,
    row: (path: string, company: number) => void,
    sliced: () => void,
    only: string | null = null,
  ) => {
    const s = q.site === undefined ? [] : [q.site];
    const listed = keysetPages<Visit>((after) => {
      between();
      const at = after?.at ?? q.from;
      return visits.all(...s, at, q.end, at, after?.id ?? -1);
    }, VISITS_PER_PAGE);
    for (const read of planVisitReads(listed, slice)) {
      if ('long' in read) {
        const { id: visit, company } = read.long;
        const slices = keysetPages<{ path: string; ts: number; id: number }>((after) => {
          between();
          const ts = after?.ts ?? q.pvFrom;
          return long.all(visit, ts, q.pvEnd, ts, after?.id ?? -1);
        }, slice);
        for (const rows of slices) {
          for (const r of rows) row(r.path, company);
          sliced();
        }
        continue;
      }
      const company = new Map(read.group.map((v) => [v.id, v.company]));
      between();
      const ids = JSON.stringify(read.group.map((v) => v.id));
      for (const r of batch.all(ids, q.pvFrom, q.pvEnd, only)) row(r.path, company.get(r.visit)!);
      sliced();
    }
  };

  return (q: Query, between: () => void = () => {}): PageRow[] => {
    const tally = new Map<string, Tally>();
    let pairs = 0;
    const count = (path: string, company: number) => {
      let t = tally.get(path);
      if (!t) {
        t = { n: 0, companies: new Set() };
        tally.set(path, t);
      }
      t.n++;
      if (t.companies && !t.companies.has(company)) {
        t.companies.add(company);
        pairs++;
      }
    };
    const drop = (t: Tally) => {
      pairs -= t.companies?.size ?? 0;
      t.companies = null;
    };
    // Past MAX_PATHS: forget the least-viewed paths (viewed once, then at most twice, …) until
    // three quarters of it is in use — one-off URLs go first, a site's real pages stay. Past
    // MAX_PAIRS: drop company sets, least-viewed paths first, down to three quarters of it.
    const prune = () => {
      if (tally.size > maxPaths) {
        for (let floor = 1; tally.size > maxPaths * 0.75; floor *= 2) {
          for (const [path, t] of tally) {
            if (t.n > floor) continue;
            drop(t);
            tally.delete(path);
          }
        }
      }
      if (pairs > maxPairs) {
        const withSets = [...tally.values()].filter((t) => t.companies).sort((a, b) => a.n - b.n);
        for (const t of withSets) {
          if (pairs <= maxPairs * 0.75) break;
          drop(t);
        }
      }
    };
    scan(q, between, count, prune);

    const top = [...tally]
      .sort(([a, x], [b, y]) => y.n - x.n || (a < b ? -1 : a > b ? 1 : 0))
      .slice(0, q.top);
    // Top paths whose company sets were dropped: count their companies again, only them.
    const again = new Map(
      top.filter(([, t]) => !t.companies).map(([path]) => [path, new Set<number>()]),
    );
    if (again.size > 0) {
      const only = JSON.stringify([...again.keys()]);
      scan(
        q,
        between,
        (path, company) => again.get(path)?.add(company),
        () => {},
        only,
      );
    }
    return top.map(([path, t]) => ({
      path,
      pageviews: t.n,
      companies: (t.companies ?? again.get(path)!).size,
    }));
  };
}
