import type { SqlValue } from '../db/index.ts';
import type { InboxQuery } from './model.ts';
import { INBOX_WINDOW_DAYS } from './refresh.ts';
import { DAY_MS } from './rollups.ts';
import { likeContains } from './sql.ts';

/** An inbox request after validation: days are UTC day numbers, `today` is the clock's. */
export interface InboxRequest extends Omit<InboxQuery, 'from' | 'to' | 'sort' | 'limit' | 'site'> {
  fromDay: number;
  toDay: number;
  today: number;
  site: number | null;
  sort: NonNullable<InboxQuery['sort']>;
  limit: number;
  /** When the signed-in user last marked the inbox seen (unix ms), or null. */
  seenAt: number | null;
}

/** A piece of SQL and its parameters, in the order of its `?`s. */
export interface Frag {
  sql: string;
  params: SqlValue[];
}
/** A fragment. @example f('c.country = ?', 'DE') */
export const f = (sql: string, ...params: SqlValue[]): Frag => ({ sql, params });

/** Which rows a query starts from, and its sort key, for one plan. Aliases: t, s, g. */
export interface Source {
  from: Frag;
  where: Frag[];
  keys: string[];
  /** Visits in the range, for minVisits; null when the source applies minVisits itself. */
  visits: Frag | null;
}

/**
 * The plan for a request. Ranges that reach today read the totals rollups in index order and stop
 * after one page: "newest first" walks last_at, "score" the stored score, "visits"/"pageviews"
 * over the default 30 days the kept 30-day sums. Any other range sums company_days over the range
 * (covering index; cost grows with the range: fine for weeks, about a second for a year at 10 M
 * pageviews).
 */
export function sourceOf(r: InboxRequest, count: boolean): Source {
  const live = r.toDay >= r.today;
  const site = r.site !== null;
  const fromMs = r.fromDay * DAY_MS;
  const inWindow = live && r.fromDay === r.today - INBOX_WINDOW_DAYS + 1;
  // Visits in the range per company, for minVisits: the kept 30-day sums for the default range;
  // other ranges sum company_days in the grouped plan below (cheaper than a sum per walked row).
  const rangeVisits = site
    ? f(
        '(SELECT w.visits_30d FROM company_site_totals w WHERE w.site_id = ? AND w.company_id = t.company_id)',
        r.site,
      )
    : f('t.visits_30d');
  const walk = live && (inWindow || !r.minVisits || r.minVisits <= 1);
  const siteTotals =
    'company_site_totals s CROSS JOIN company_totals t ON t.company_id = s.company_id';
  // Which companies match does not depend on the sort: counts use the cheapest live walk.
  const sort = count && walk ? 'last' : r.sort;
  if (walk && sort === 'last') {
    return site
      ? {
          from: f(siteTotals),
          where: [
            f(
              's.site_id = ? AND s.last_at >= ? AND s.last_day >= ? AND t.hidden = 0',
              r.site,
              fromMs,
              r.fromDay,
            ),
          ],
          keys: ['s.last_at'],
          visits: rangeVisits,
        }
      : {
          from: f('company_totals t'),
          where: [f('t.last_at >= ? AND t.last_day >= ? AND t.hidden = 0', fromMs, r.fromDay)],
          keys: ['t.last_at'],
          visits: rangeVisits,
        };
  }
  if (walk && sort === 'score') {
    const active = site
      ? f(
          `EXISTS (SELECT 1 FROM company_site_totals s WHERE s.site_id = ? AND s.company_id = t.company_id
             AND s.last_day >= ?)`,
          r.site,
          r.fromDay,
        )
      : f('t.last_day >= ?', r.fromDay);
    return {
      from: f('company_totals t'),
      where: [active, f('t.hidden = 0')],
      keys: ['t.score', 't.last_at'],
      visits: rangeVisits,
    };
  }
  if (inWindow && (sort === 'visits' || sort === 'pageviews')) {
    const col = sort === 'visits' ? 'visits_30d' : 'pageviews_30d';
    return site
      ? {
          from: f(siteTotals),
          where: [f(`s.site_id = ? AND s.${col} > 0 AND t.hidden = 0`, r.site)],
          keys: [`s.${col}`],
          visits: rangeVisits,
        }
      : {
          from: f('company_totals t'),
          where: [f(`t.${col} > 0 AND t.hidden = 0`)],
          keys: [`t.${col}`],
          visits: rangeVisits,
        };
  }
  const min = r.minVisits && r.minVisits > 1 ? r.minVisits : null;
  const group = f(
    `(SELECT company_id, sum(visits) AS visits, sum(pageviews) AS pageviews, max(last_at) AS last_at
        FROM company_days WHERE ${site ? 'site_id = ? AND ' : ''}day BETWEEN ? AND ? GROUP BY company_id
        ${min ? 'HAVING sum(visits) >= ?' : ''}) g
      CROSS JOIN company_totals t ON t.company_id = g.company_id`,
    ...(site ? [r.site] : []),
    r.fromDay,
    r.toDay,
    ...(min ? [min] : []),
  );
  const keys = {
    last: ['g.last_at'],
    score: ['t.score', 'g.last_at'],
    visits: ['g.visits'],
    pageviews: ['g.pageviews'],
  };
  return { from: group, where: [f('t.hidden = 0')], keys: keys[r.sort], visits: null };
}

/** The filters present in the request, each a fixed fragment with bound values. */
export function filtersOf(r: InboxRequest, src: Source): { join: boolean; where: Frag[] } {
  const w: Frag[] = [];
  if (r.country) w.push(f('c.country = ?', r.country));
  if (r.class) {
    w.push(
      f(
        `(CASE WHEN c.network_id IS NULL THEN 'business'
           ELSE (SELECT n.class FROM networks n WHERE n.id = c.network_id) END) = ?`,
        r.class,
      ),
    );
  }
  if (r.industry) w.push(f('c.industry = ? COLLATE NOCASE', r.industry));
  if (r.employees) w.push(f('c.employees = ?', r.employees));
  if (r.q) {
    const like = likeContains(r.q);
    w.push(f(`(c.name LIKE ? ESCAPE '\\' OR c.domain LIKE ? ESCAPE '\\')`, like, like));
  }
  const join = w.length > 0;
  if (r.tag)
    w.push(f('t.company_id IN (SELECT company_id FROM company_tags WHERE tag = ?)', r.tag.trim()));
  if (r.status === 'new') {
    w.push(f(`t.company_id NOT IN (SELECT company_id FROM company_status WHERE status != 'new')`));
  } else if (r.status) {
    w.push(f('t.company_id IN (SELECT company_id FROM company_status WHERE status = ?)', r.status));
  }
  if (r.page) {
    const site = r.site !== null;
    w.push(
      f(
        `t.company_id IN (SELECT cp.company_id FROM company_paths cp
           WHERE cp.path_id IN (SELECT id FROM site_paths WHERE path LIKE ? ESCAPE '\\'${site ? ' AND site_id = ?' : ''})
             AND cp.day BETWEEN ? AND ?)`,
        likeContains(r.page),
        ...(site ? [r.site] : []),
        r.fromDay,
        r.toDay,
      ),
    );
  }
  if (src.visits && r.minVisits !== undefined && r.minVisits > 1) {
    w.push(f(`${src.visits.sql} >= ?`, ...src.visits.params, r.minVisits));
  }
  return { join, where: w };
}

/** "key tuple < cursor tuple", descending order, plus a bound on the first key for the index. */
export function after(cols: string[], vals: number[]): Frag {
  const lt = (i: number): Frag => {
    if (i === cols.length - 1) return f(`${cols[i]} < ?`, vals[i]);
    const rest = lt(i + 1);
    return f(
      `(${cols[i]} < ? OR (${cols[i]} = ? AND ${rest.sql}))`,
      vals[i],
      vals[i],
      ...rest.params,
    );
  };
  const all = lt(0);
  return f(`${cols[0]} <= ? AND ${all.sql}`, vals[0], ...all.params);
}

/** Fragments joined by `sep`, their parameters in the same order. */
export const join = (frags: Frag[], sep: string): Frag =>
  f(frags.map((x) => x.sql).join(sep), ...frags.flatMap((x) => x.params));
