import type { Driver, Statement } from '../db/index.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import type { CompanyRow, InboxPage } from './model.ts';
import {
  after,
  type Frag,
  f,
  filtersOf,
  type InboxRequest,
  join,
  type Source,
  sourceOf,
} from './plan.ts';
import { DAY_MS } from './rollups.ts';
import { iso } from './sql.ts';

export type { InboxRequest } from './plan.ts';

/** An inbox row with its first and last visit as unix ms (exports format them their own way). */
export interface InboxRecord extends Omit<CompanyRow, 'firstVisitAt' | 'lastVisitAt'> {
  firstAt: number;
  lastAt: number;
}

/** A place in a sort's order: the sort key and company id of the last row read. */
export interface InboxPosition {
  keys: number[];
  id: number;
}

/** `total` counts matches up to this many; beyond it the inbox says "1000+" (totalCapped). */
export const TOTAL_CAP = 1000;

/**
 * The inbox's read path. The SQL text of a request is assembled from plan.ts's fixed fragments
 * (which ones depends only on which filters are present; every value is bound) and prepared once.
 */
export function createInbox(db: Driver) {
  const statements = new Map<string, Statement<Record<string, number>>>();
  const prepared = (sql: string) => {
    let s = statements.get(sql);
    if (!s) statements.set(sql, (s = db.prepare<Record<string, number>>(sql)));
    return s;
  };
  // sql.ts's COMPANY_COLUMNS, less the tags (a subquery per row there; one query per call here),
  // plus the all-time sums: the range's sums when every day of the company lies in the range.
  type Detail = Pick<
    CompanyRow,
    'id' | 'name' | 'domain' | 'country' | 'city' | 'industry' | 'employees' | 'class' | 'status'
  > & { score: number; all_visits: number; all_pageviews: number; all_engaged: number };
  type Totals = { first_at: number; last_at: number; last_day: number };
  const details = db.prepare<Detail & Totals>(
    `SELECT c.id, c.name, c.domain, c.country, c.city, c.industry, c.employees,
       CASE WHEN c.network_id IS NULL THEN 'business' ELSE coalesce(n.class, 'unknown') END AS class,
       coalesce(cs.status, 'new') AS status, t.score, t.visits AS all_visits,
       t.pageviews AS all_pageviews, t.engaged_ms AS all_engaged, t.first_at, t.last_at, t.last_day
       FROM json_each(?) j
       JOIN companies c ON c.id = j.value JOIN company_totals t ON t.company_id = c.id
       LEFT JOIN networks n ON n.id = c.network_id LEFT JOIN company_status cs ON cs.company_id = c.id`,
  );
  const tagsOf = db.prepare<{ id: number; tag: string }>(
    `SELECT company_id AS id, tag FROM company_tags
      WHERE company_id IN (SELECT value FROM json_each(?)) ORDER BY company_id, tag`,
  );
  const aggSql = (site: string) =>
    `SELECT company_id AS id, sum(visits) AS visits, sum(pageviews) AS pageviews, sum(engaged_ms) AS engaged,
            min(first_at) AS first_at, max(last_at) AS last_at
       FROM company_days WHERE company_id IN (SELECT value FROM json_each(?)) AND day BETWEEN ? AND ?${site}
      GROUP BY company_id`;
  type Agg = {
    id: number;
    visits: number;
    pageviews: number;
    engaged: number;
    first_at: number;
    last_at: number;
  };
  const agg = db.prepare<Agg>(aggSql(''));
  // Unary + keeps the planner on the primary key (company, day) instead of the site index.
  const aggSite = db.prepare<Agg>(aggSql(' AND +site_id = ?'));

  /** SELECT {select} FROM the plan's rows WHERE its conditions, the filters and `extra` {tail}. */
  const run = (r: InboxRequest, src: Source, select: string, extra: Frag[], tail: Frag) => {
    const fl = filtersOf(r, src);
    const from = fl.join
      ? f(`${src.from.sql} CROSS JOIN companies c ON c.id = t.company_id`, ...src.from.params)
      : src.from;
    const where = join([...src.where, ...fl.where, ...extra], ' AND ');
    const sql = `SELECT ${select} FROM ${from.sql} WHERE ${where.sql} ${tail.sql}`;
    return prepared(sql).all(...from.params, ...where.params, ...tail.params);
  };

  /**
   * Inbox rows for these companies, in this order, with aggregates over the request's range, their
   * times as unix ms. At most three queries whatever the number of ids (exports pass thousands).
   */
  const records = (r: InboxRequest, ids: number[]): InboxRecord[] => {
    if (!ids.length) return [];
    const json = JSON.stringify(ids);
    // In id order: each row's page is then often the one the row before was read from.
    const info = details.all(JSON.stringify(ids.toSorted((a, b) => a - b)));
    // company_totals holds the sums over all of a company's days (kept in the writer's
    // transaction): when those days all lie in the range, they are the range's sums, and
    // company_days need not be read. A year's export reaching today is mostly such companies.
    const fromMs = r.fromDay * DAY_MS;
    const whole = (c: Totals) => r.site === null && c.first_at >= fromMs && c.last_day <= r.toDay;
    const partial = info.filter((c) => !whole(c)).map((c) => c.id);
    const sums = new Map<number, Agg>();
    if (partial.length) {
      const part = JSON.stringify(partial);
      const found =
        r.site === null
          ? agg.all(part, r.fromDay, r.toDay)
          : aggSite.all(part, r.fromDay, r.toDay, r.site);
      for (const s of found) sums.set(s.id, s);
    }
    const tags = new Map<number, string[]>();
    for (const t of tagsOf.all(json)) {
      const list = tags.get(t.id);
      if (list) list.push(t.tag);
      else tags.set(t.id, [t.tag]);
    }
    const byId = new Map(info.map((c) => [c.id, c]));
    const out: InboxRecord[] = [];
    for (const id of ids) {
      const c = byId.get(id);
      if (!c) continue;
      const s: Agg | undefined = whole(c)
        ? {
            id,
            visits: c.all_visits,
            pageviews: c.all_pageviews,
            engaged: c.all_engaged,
            first_at: c.first_at,
            last_at: c.last_at,
          }
        : sums.get(id);
      if (!s) continue;
      out.push({
        id,
        name: c.name,
        domain: c.domain,
        country: c.country,
        city: c.city,
        industry: c.industry,
        employees: c.employees,
        class: c.class,
        status: c.status,
        tags: tags.get(id) ?? [],
        visits: s.visits,
        pageviews: s.pageviews,
        engagedMs: s.engaged,
        firstAt: s.first_at,
        lastAt: s.last_at,
        score: c.score,
        isNew: r.seenAt === null || s.last_at > r.seenAt,
      });
    }
    return out;
  };

  /** Inbox rows for these companies, in this order, with aggregates over the request's range. */
  const rows = (r: InboxRequest, ids: number[]): CompanyRow[] =>
    records(r, ids).map(({ firstAt, lastAt, score, isNew, ...c }) => ({
      ...c,
      firstVisitAt: iso(firstAt),
      lastVisitAt: iso(lastAt),
      score,
      isNew,
    }));

  /**
   * Up to `limit` matching companies in the request's sort order after `from` (or from the top),
   * with their positions. `newerThan` keeps only rows whose first sort key is above it (for sort
   * 'last': activity after that time).
   */
  const walk = (
    r: InboxRequest,
    from: InboxPosition | null,
    limit: number,
    newerThan: number | null = null,
  ): InboxPosition[] => {
    const src = sourceOf(r, false);
    const cols = [...src.keys, 't.company_id'];
    const extra: Frag[] = [];
    if (from) extra.push(after(cols, [...from.keys, from.id]));
    if (newerThan !== null) extra.push(f(`${src.keys[0]} > ?`, newerThan));
    const select = cols.map((c, i) => `${c} AS k${i}`).join(', ');
    const order = `ORDER BY ${cols.map((c) => `${c} DESC`).join(', ')} LIMIT ?`;
    const idCol = `k${cols.length - 1}`;
    return run(r, src, select, extra, f(order, limit)).map((h) => ({
      keys: src.keys.map((_, i) => h[`k${i}`]),
      id: h[idCol],
    }));
  };

  return {
    /**
     * One inbox page: the plan's rows in sort order after the cursor (limit + 1 read, to know
     * whether a next page exists), and the number of matches up to TOTAL_CAP + 1. Null when the
     * cursor is not one of this sort's.
     */
    page(r: InboxRequest): InboxPage | null {
      if (r.fromDay > r.toDay) return { items: [], total: 0, totalCapped: false, nextCursor: null };
      let from: InboxPosition | null = null;
      if (r.cursor) {
        from = decodeCursor(r.cursor, r.sort, sourceOf(r, false).keys.length);
        if (!from) return null;
      }
      const hits = walk(r, from, r.limit + 1);
      const counted = run(r, sourceOf(r, true), '1 AS one', [], f('LIMIT ?', TOTAL_CAP + 1));
      const last = hits[r.limit - 1];
      return {
        items: rows(
          r,
          hits.slice(0, r.limit).map((h) => h.id),
        ),
        total: Math.min(counted.length, TOTAL_CAP),
        totalCapped: counted.length > TOTAL_CAP,
        nextCursor: hits.length > r.limit ? encodeCursor(r.sort, last.keys, last.id) : null,
      };
    },
    /** Matching companies in sort order after a position, a keyset page at a time (exports). */
    walk,
    rows,
    records,
  };
}

export type Inbox = ReturnType<typeof createInbox>;
