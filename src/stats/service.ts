import { isLead, isNetworkClass } from '../classify/index.ts';
import type { Driver } from '../db/index.ts';
import type { Overview, OverviewQuery } from './model.ts';
import { createTopPages } from './top-pages.ts';

const DAY = 86_400_000;
/** Longest range one overview covers (a leap year). */
export const MAX_DAYS = 366;
/** Range when the query names none: the last 30 UTC days, today included. */
export const DEFAULT_DAYS = 30;
const TOP = 10;
const COUNTRIES = 20;
/** ISO 3166 "unknown or unspecified": Intl.DisplayNames names it in every language. */
export const UNKNOWN_COUNTRY = 'ZZ';

/** A query the overview cannot answer; `status` is the HTTP status it maps to. */
export class OverviewError extends Error {
  constructor(
    readonly status: 400 | 404,
    readonly code: 'invalid' | 'not_found',
    message: string,
  ) {
    super(message);
  }
}

/** Milliseconds of a YYYY-MM-DD UTC day, or null when it is not a real calendar day. */
export function parseDay(s: string): number | null {
  const m = /^(\d{4})-(\d\d)-(\d\d)$/.exec(s);
  if (!m) return null;
  const ms = Date.UTC(+m[1], +m[2] - 1, +m[3]);
  // Date.UTC rolls 2026-02-31 over into March instead of refusing it.
  return new Date(ms).toISOString().slice(0, 10) === s ? ms : null;
}

const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The UTC day range a query asks for, checked; defaults to the last 30 days. */
export function resolveRange(q: OverviewQuery, now: number): { from: number; to: number } {
  const day = (s: string | undefined, name: string) => {
    if (s === undefined) return undefined;
    const ms = parseDay(s);
    if (ms === null) throw new OverviewError(400, 'invalid', `${name} must be a date (YYYY-MM-DD)`);
    return ms;
  };
  const today = now - (now % DAY);
  let to = day(q.to, 'to');
  let from = day(q.from, 'from');
  if (to === undefined) to = from === undefined ? today : Math.max(today, from);
  if (from === undefined) from = to - (DEFAULT_DAYS - 1) * DAY;
  if (from > to) throw new OverviewError(400, 'invalid', 'from must not be after to');
  if ((to - from) / DAY + 1 > MAX_DAYS) {
    throw new OverviewError(400, 'invalid', `a range covers at most ${MAX_DAYS} days`);
  }
  return { from, to };
}

type SeriesRow = { day: string; class: string; pageviews: number; visits: number };
type CompanyRow = { id: number; name: string; visits: number; pageviews: number };
type CountryRow = { country: string; visits: number };

/**
 * The overview's queries, prepared once, in two flavours: one site (visits_site_started) and all
 * sites (visits_started). INDEXED BY pins the range scan: a GROUP BY company_id could otherwise
 * tempt the planner into walking visits_company_started, i.e. the whole table.
 */
function prepare(db: Driver, site: boolean) {
  const idx = site ? 'visits_site_started' : 'visits_started';
  const bySite = site ? 'v.site_id = ? AND' : '';
  const range = `${bySite} v.started_at >= ? AND v.started_at < ?`;
  return {
    // Pageviews in the range, of visits started in it or up to a day before it (a visit that
    // crosses midnight); a longer visit's later pages are not worth an unbounded scan.
    topPages: createTopPages(db, site),
    // daily_counts is keyed (site_id, day, class): per site a range of the key; for all sites
    // one such range per site rather than a scan of every day ever counted.
    series: db.prepare<SeriesRow>(
      `SELECT day, class, sum(pageviews) AS pageviews, sum(visits) AS visits FROM daily_counts
        WHERE site_id ${site ? '= ?' : 'IN (SELECT id FROM sites)'} AND day BETWEEN ? AND ?
        GROUP BY day, class ORDER BY day, class`,
    ),
    companies: db.prepare<{ n: number }>(
      `SELECT count(DISTINCT v.company_id) AS n FROM visits v INDEXED BY ${idx} WHERE ${range}`,
    ),
    // Grouped first, names joined for the ten winners only (not once per visit).
    topCompanies: db.prepare<CompanyRow>(
      `SELECT t.id, c.name, t.visits, t.pageviews FROM (
         SELECT v.company_id AS id, count(*) AS visits, sum(v.pageviews) AS pageviews
           FROM visits v INDEXED BY ${idx} WHERE ${range}
          GROUP BY v.company_id ORDER BY visits DESC, pageviews DESC, v.company_id LIMIT ${TOP}
       ) t JOIN companies c ON c.id = t.id
       ORDER BY t.visits DESC, t.pageviews DESC, t.id`,
    ),
    countries: db.prepare<CountryRow>(
      `SELECT coalesce(v.country, '${UNKNOWN_COUNTRY}') AS country, count(*) AS visits
         FROM visits v INDEXED BY ${idx} WHERE ${range}
        GROUP BY 1 ORDER BY visits DESC, country LIMIT ${COUNTRIES}`,
    ),
  };
}

/**
 * The dashboard's overview: traffic per UTC day by network class (from the daily counters, which
 * count every beacon, leads or not), totals, and the top companies, pages and countries of the
 * lead visits in the range. Each query is bounded by the range; top lists are capped. The top
 * pages are read in short slices with `between()` before each (see top-pages.ts).
 * @example createStatsService(db).overview({ site: 1, from: '2026-11-01', to: '2026-11-30' })
 */
export function createStatsService(
  db: Driver,
  clock: () => number = Date.now,
  between: () => void = () => {},
) {
  const one = prepare(db, true);
  const all = prepare(db, false);
  const siteExists = db.prepare('SELECT 1 FROM sites WHERE id = ?');

  return {
    /** Throws OverviewError for a bad range (400) or an unknown site (404). */
    overview(q: OverviewQuery): Overview {
      const { from, to } = resolveRange(q, clock());
      const site = q.site;
      if (site !== undefined && !siteExists.get(site)) {
        throw new OverviewError(404, 'not_found', 'no such site');
      }
      const s = site === undefined ? all : one;
      const p = site === undefined ? [] : [site];
      const end = to + DAY; // exclusive
      const days: Overview['days'] = [];
      const byDay = new Map<string, Overview['days'][number]>();
      for (let t = from; t <= to; t += DAY) {
        const entry = { day: dayOf(t), pageviews: {}, visits: {} };
        days.push(entry);
        byDay.set(entry.day, entry);
      }
      const totals = { identifiedVisits: 0, otherVisits: 0, pageviews: 0, companies: 0 };
      for (const r of s.series.all(...p, dayOf(from), dayOf(to))) {
        const entry = byDay.get(r.day);
        if (!entry) continue;
        entry.pageviews[r.class] = r.pageviews;
        entry.visits[r.class] = r.visits;
        totals.pageviews += r.pageviews;
        if (isNetworkClass(r.class) && isLead(r.class)) totals.identifiedVisits += r.visits;
        else totals.otherVisits += r.visits;
      }
      totals.companies = s.companies.get(...p, from, end)?.n ?? 0;
      return {
        from: dayOf(from),
        to: dayOf(to),
        days,
        totals,
        topCompanies: s.topCompanies.all(...p, from, end),
        topPages: s.topPages(
          { site, from: from - DAY, end, pvFrom: from, pvEnd: end, top: TOP },
          between,
        ),
        countries: s.countries.all(...p, from, end),
      };
    },
  };
}

export type StatsService = ReturnType<typeof createStatsService>;
