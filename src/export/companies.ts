import type { Driver } from '../db/index.ts';
import type { Inbox, InboxRequest } from '../leads/index.ts';
import { isoSecond, seconds } from './csv.ts';
import type { Cell } from './model.ts';
import { companyChunks } from './walk.ts';

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

/** Pages listed in `top_pages`. */
export const TOP_PAGES = 3;

// Raw (company, path) rows in primary-key order: counting them here is cheaper than a GROUP BY
// on the path text, which would sort every pair of a year's range.
const topSql = (site: boolean) =>
  `SELECT cp.company_id AS id, cp.path_id AS path FROM company_paths cp
    WHERE cp.company_id IN (SELECT value FROM json_each(?)) AND cp.day BETWEEN ? AND ?${site ? ' AND cp.path_id IN (SELECT id FROM site_paths WHERE site_id = ?)' : ''}`;

/**
 * companies.csv, a chunk of rows at a time: the inbox's companies in its order, with the inbox's
 * aggregates over the range (inbox.rows) and the top pages: the paths viewed on the most days of
 * the range (from the daily path rollup; a day on two sites counts twice; ties by path), joined
 * by " | ".
 */
export function createCompanyRows(db: Driver, inbox: Inbox) {
  type Pair = { id: number; path: number };
  const top = db.prepare<Pair>(topSql(false));
  const topSite = db.prepare<Pair>(topSql(true));
  const pathText = db.prepare<{ path: string }>('SELECT path FROM site_paths WHERE id = ?');
  // Interned paths: a few hundred per site; read once each per export.
  const texts = new Map<number, string>();
  const textOf = (id: number) => {
    let t = texts.get(id);
    if (t === undefined) texts.set(id, (t = pathText.get(id)?.path ?? ''));
    return t;
  };

  function topPages(r: InboxRequest, ids: number[]): Map<number, string> {
    const json = JSON.stringify(ids);
    const pairs =
      r.site === null
        ? top.all(json, r.fromDay, r.toDay)
        : topSite.all(json, r.fromDay, r.toDay, r.site);
    const out = new Map<number, string>();
    let i = 0;
    while (i < pairs.length) {
      const company = pairs[i].id;
      const days = new Map<string, number>();
      for (; i < pairs.length && pairs[i].id === company; i++) {
        const path = textOf(pairs[i].path);
        days.set(path, (days.get(path) ?? 0) + 1);
      }
      const best = [...days].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
      out.set(
        company,
        best
          .slice(0, TOP_PAGES)
          .map(([path]) => path)
          .join(' | '),
      );
    }
    return out;
  }

  return function* chunks(r: InboxRequest, size: number, startedAt: number): Generator<Cell[][]> {
    for (const ids of companyChunks(inbox, r, size, startedAt)) {
      const pages = topPages(r, ids);
      yield inbox
        .rows(r, ids)
        .map((c) => [
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
          isoSecond(Date.parse(c.firstVisitAt)),
          isoSecond(Date.parse(c.lastVisitAt)),
          pages.get(c.id) ?? null,
        ]);
    }
  };
}
