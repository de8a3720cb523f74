import type { Driver } from '../db/index.ts';
import type { Inbox, InboxRequest } from '../leads/index.ts';
import { isoSecond, seconds } from './csv.ts';
import type { Cell } from './model.ts';
import { createTopPages } from './top-pages.ts';
import { companyChunks } from './walk.ts';

export { TOP_PAGES } from './top-pages.ts';

/** (day, path) pairs read by one top-pages query, about (see topPages). */
export const TOP_PAIRS_PER_QUERY = 20_000;

/** Columns of companies.csv, in order (README: "CSV export"). */
export const COMPANY_COLUMNS = [
  'company_id',
  'name',
  'domain',
  'country',
  'city',
  'industry',
  'employees',
  'class',
  'status',
  'tags',
  'score',
  'visits',
  'pageviews',
  'time_on_site_s',
  'first_visit_at',
  'last_visit_at',
  'top_pages',
] as const;

// Per company (ids in ascending order: each seek lands near the last), its (day, path) pairs of
// the range as one list of path ids, read in primary-key order. Counting them in JS is cheaper
// than a GROUP BY on the path (which sorts every pair of a year's range) and than one result row
// per pair (3.7 M objects at 200 k companies); a subquery per id, cheaper than an IN list.
const topSql = (site: boolean) =>
  `SELECT j.value AS id, (SELECT group_concat(cp.path_id) FROM company_paths cp
      WHERE cp.company_id = j.value AND cp.day BETWEEN ? AND ?${site ? ' AND cp.path_id IN (SELECT id FROM site_paths WHERE site_id = ?)' : ''}) AS paths
     FROM json_each(?) j`;

/**
 * companies.csv, a chunk of rows at a time: the inbox's companies in its order, with the inbox's
 * aggregates over the range (inbox.records) and the top pages: the paths viewed on the most days
 * of the range (from the daily path rollup; a day on two sites counts twice; ties by path), joined
 * by " | ".
 */
export function createCompanyRows(db: Driver, inbox: Inbox, pairsPerQuery = TOP_PAIRS_PER_QUERY) {
  type Paths = { id: number; paths: string | null };
  const topAll = db.prepare<Paths>(topSql(false));
  const topSite = db.prepare<Paths>(topSql(true));
  const pathText = db.prepare<{ path: string }>('SELECT path FROM site_paths WHERE id = ?');
  const textOf = (id: number) => pathText.get(id)?.path ?? '';

  /**
   * The top pages of `companies`, by query over groups of about TOP_PAIRS_PER_QUERY (day, path)
   * pairs (a company's pageviews bound its pairs): each query is its own short read, so a chunk
   * of companies with millions of pairs never holds one snapshot (and the WAL) for seconds, and
   * only a group's lists are in memory at a time. all(), not iterate(): while a statement steps,
   * its read transaction stays open, and best() looks up path texts meanwhile (a million lookups
   * for a company of unique URLs): iterating held one snapshot through all of them and the WAL
   * grew without bound in the soak.
   */
  function topPages(
    r: InboxRequest,
    companies: { id: number; pageviews: number }[],
    top: ReturnType<typeof createTopPages>,
  ): Map<number, string> {
    const out = new Map<number, string>();
    const run = (ids: number[]) => {
      const json = JSON.stringify(ids.toSorted((a, b) => a - b));
      const rows =
        r.site === null
          ? topAll.all(r.fromDay, r.toDay, json)
          : topSite.all(r.fromDay, r.toDay, r.site, json);
      for (const x of rows) if (x.paths !== null) out.set(x.id, top.best(x.paths));
    };
    let group: number[] = [];
    let pairs = 0;
    for (const c of companies) {
      if (group.length && pairs + c.pageviews > pairsPerQuery) {
        run(group);
        group = [];
        pairs = 0;
      }
      group.push(c.id);
      pairs += c.pageviews;
    }
    if (group.length) run(group);
    return out;
  }

  return function* chunks(r: InboxRequest, size: number, startedAt: number): Generator<Cell[][]> {
    const top = createTopPages(textOf);
    for (const ids of companyChunks(inbox, r, size, startedAt)) {
      const records = inbox.records(r, ids);
      const pages = topPages(r, records, top);
      yield records.map((c) => [
        c.id,
        c.name,
        c.domain,
        c.country,
        c.city,
        c.industry,
        c.employees,
        c.class,
        c.status,
        c.tags.join(', '),
        c.score,
        c.visits,
        c.pageviews,
        seconds(c.engagedMs),
        isoSecond(c.firstAt),
        isoSecond(c.lastAt),
        pages.get(c.id) ?? null,
      ]);
    }
  };
}
