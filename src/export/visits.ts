import type { Driver, SqlValue } from '../db/index.ts';
import { keysetPages, planVisitReads } from '../db/slices.ts';
import type { Inbox, InboxRequest } from '../leads/index.ts';
// rollups.ts, not leads/index.ts: the export thread must not load the leads module (see jobs.ts).
import { DAY_MS } from '../leads/rollups.ts';
import { isoSecond, seconds } from './csv.ts';
import type { Cell } from './model.ts';
import { companyChunks } from './walk.ts';

/** Columns of visits.csv, in order. */
export const VISIT_COLUMNS = [
  'visit_id',
  'company_id',
  'company',
  'domain',
  'site_id',
  'site',
  'started_at',
  'ended_at',
  'pageviews',
  'duration_s',
  'time_on_site_s',
  'entry_page',
  'exit_page',
  'referrer',
  'utm_source',
  'utm_medium',
  'utm_campaign',
  'utm_term',
  'utm_content',
  'country',
  'device',
] as const;

/** Columns of pageviews.csv, in order. */
export const PAGEVIEW_COLUMNS = [
  'pageview_id',
  'visit_id',
  'company_id',
  'company',
  'domain',
  'site_id',
  'site',
  'viewed_at',
  'path',
  'title',
  'time_on_page_s',
] as const;

interface VisitRow {
  id: number;
  company_id: number;
  site_id: number;
  started_at: number;
  last_seen_at: number;
  pageviews: number;
  engaged_ms: number;
  landing_path: string | null;
  exit_path: string | null;
  referrer: string | null;
  utm_source: string | null;
  utm_medium: string | null;
  utm_campaign: string | null;
  utm_term: string | null;
  utm_content: string | null;
  country: string | null;
  device: string | null;
}

interface PageviewRow {
  id: number;
  /** The visit's start (keyset of the visit pages). */
  started_at: number;
  visit_id: number;
  company_id: number;
  site_id: number;
  ts: number;
  path: string;
  title: string | null;
  engaged_ms: number;
}

// No join to companies or sites: their names are looked up once per chunk (countOf), not per row.
// The exit page is read from the index pageviews_visit_exit alone (migration 0008).
const VISIT_SELECT = `v.id, v.company_id, v.site_id, v.started_at, v.last_seen_at, v.pageviews, v.engaged_ms, v.landing_path,
  (SELECT p.path FROM pageviews p WHERE p.visit_id = v.id ORDER BY p.ts DESC, p.id DESC LIMIT 1) AS exit_path,
  v.referrer, v.utm_source, v.utm_medium, v.utm_campaign, v.utm_term, v.utm_content, v.country, v.device`;
const PAGEVIEW_SELECT = `p.id, p.visit_id, v.company_id, v.site_id, p.ts, p.path, p.title,
  p.engaged_ms, v.started_at`;
const RANGE = (site: boolean) =>
  `v.started_at >= ? AND v.started_at < ?${site ? ' AND v.site_id = ?' : ''}`;
const PAGES = 'CROSS JOIN pageviews p ON p.visit_id = v.id';

/**
 * The SQL of one export kind. `batch`: every row of a few companies (json array of ids, in the
 * order given), sorted — bounded by the batch's size, which the rollups tell in advance. `one`
 * (visits.csv): one company's visits a page at a time (keyset on started_at, id), for a company
 * with more rows than a chunk; pageviews.csv pages such a company with the statements below.
 */
function statements(kind: 'visits' | 'pageviews', site: boolean) {
  const select = kind === 'visits' ? VISIT_SELECT : PAGEVIEW_SELECT;
  const pages = kind === 'visits' ? '' : PAGES;
  const order = `v.started_at DESC, v.id DESC${kind === 'visits' ? '' : ', p.ts, p.id'}`;
  return {
    batch: `SELECT ${select} FROM json_each(?) j CROSS JOIN visits v ON v.company_id = j.value
              ${pages} WHERE ${RANGE(site)} ORDER BY j.key, ${order}`,
    one: `SELECT ${VISIT_SELECT} FROM visits v WHERE v.company_id = ? AND ${RANGE(site)}
            AND v.started_at <= ? AND (v.started_at < ? OR v.id < ?)
          ORDER BY v.started_at DESC, v.id DESC LIMIT ?`,
  };
}

/**
 * pageviews.csv for a company with more rows than a chunk: a page of its visits (newest first,
 * with their pageview counts), then the pageviews of a group of those visits (in the order
 * given), or of one visit with more pageviews than a chunk a slice at a time in (ts, id) order.
 * A visit's pageviews in one query were unbounded: the soak's all-day visits (a visitor who never
 * paused for 30 minutes) held a million rows, one snapshot and their memory at once.
 */
function visitPageStatements(site: boolean) {
  return {
    visits: `SELECT v.id, v.started_at, v.pageviews FROM visits v WHERE v.company_id = ? AND ${RANGE(site)}
               AND v.started_at <= ? AND (v.started_at < ? OR v.id < ?)
             ORDER BY v.started_at DESC, v.id DESC LIMIT ?`,
    ofVisits: `SELECT ${PAGEVIEW_SELECT} FROM json_each(?) j CROSS JOIN visits v ON v.id = j.value
                 ${PAGES} ORDER BY j.key, p.ts, p.id`,
    slice: `SELECT ${PAGEVIEW_SELECT} FROM visits v CROSS JOIN pageviews p ON p.visit_id = v.id
             WHERE v.id = ? AND (p.ts > ? OR (p.ts = ? AND p.id > ?)) ORDER BY p.ts, p.id LIMIT ?`,
  };
}

/** A company's name and domain: looked up once per chunk. */
interface Company {
  id: number;
  name: string;
  domain: string | null;
}

const visitCells = (v: VisitRow, company: Company, site: string): Cell[] => [
  v.id,
  v.company_id,
  company.name,
  company.domain,
  v.site_id,
  site,
  isoSecond(v.started_at),
  isoSecond(v.last_seen_at),
  v.pageviews,
  seconds(v.last_seen_at - v.started_at),
  seconds(v.engaged_ms),
  v.landing_path,
  v.exit_path,
  v.referrer,
  v.utm_source,
  v.utm_medium,
  v.utm_campaign,
  v.utm_term,
  v.utm_content,
  v.country,
  v.device,
];

const pageviewCells = (p: PageviewRow, company: Company, site: string): Cell[] => [
  p.id,
  p.visit_id,
  p.company_id,
  company.name,
  company.domain,
  p.site_id,
  site,
  isoSecond(p.ts),
  p.path,
  p.title,
  seconds(p.engaged_ms),
];

/**
 * visits.csv or pageviews.csv, a chunk at a time: the visits that started in the range (on the
 * site, when filtered) of the inbox's companies, in the inbox's order; each company's visits
 * newest first, a visit's pageviews in the order viewed. Companies are grouped into batches of
 * about `size` rows using the daily rollup's counts, so every query reads a bounded number of rows.
 */
export function createVisitRows(db: Driver, inbox: Inbox, kind: 'visits' | 'pageviews') {
  type Row = VisitRow & PageviewRow;
  const sql = { all: statements(kind, false), site: statements(kind, true) };
  const q = {
    all: { batch: db.prepare<Row>(sql.all.batch), one: db.prepare<Row>(sql.all.one) },
    site: { batch: db.prepare<Row>(sql.site.batch), one: db.prepare<Row>(sql.site.one) },
  };
  type VisitPage = { id: number; started_at: number; pageviews: number };
  const paged = (site: boolean) => {
    const s = visitPageStatements(site);
    return {
      visits: db.prepare<VisitPage>(s.visits),
      ofVisits: db.prepare<Row>(s.ofVisits),
      slice: db.prepare<Row>(s.slice),
    };
  };
  const byVisit = kind === 'pageviews' ? { all: paged(false), site: paged(true) } : null;
  const countSql = (site: boolean) =>
    `SELECT company_id AS id, sum(visits) AS visits, sum(pageviews) AS pageviews FROM company_days
      WHERE company_id IN (SELECT value FROM json_each(?)) AND day BETWEEN ? AND ?${site ? ' AND +site_id = ?' : ''}
      GROUP BY company_id`;
  type Count = { id: number; visits: number; pageviews: number };
  const counts = {
    all: db.prepare<Count>(countSql(false)),
    site: db.prepare<Count>(countSql(true)),
  };
  // The chunk's companies with their all-time counts (ids in ascending order: each lookup lands
  // near the last). When all of a company's days lie in the range, those are the range's counts
  // (as in inbox.records) and company_days need not be read for it.
  type Known = Company & Count & { first_at: number; last_day: number };
  const companiesOf = db.prepare<Known>(
    `SELECT c.id, c.name, c.domain, t.visits, t.pageviews, t.first_at, t.last_day
       FROM json_each(?) j JOIN companies c ON c.id = j.value JOIN company_totals t ON t.company_id = c.id`,
  );
  const siteNames = db.prepare<{ id: number; name: string }>('SELECT id, name FROM sites');
  const cells = (kind === 'visits' ? visitCells : pageviewCells) as (
    row: Row,
    company: Company,
    site: string,
  ) => Cell[];

  return function* chunks(r: InboxRequest, size: number, startedAt: number): Generator<Cell[][]> {
    const site = r.site !== null;
    const st = site ? q.site : q.all;
    const range: SqlValue[] = [
      r.fromDay * DAY_MS,
      (r.toDay + 1) * DAY_MS,
      ...(site ? [r.site] : []),
    ];
    // A handful of sites: read once per export, again (once a chunk at most) when a visit names
    // one created since.
    let sites = new Map<number, string>();
    let sitesRead = false;
    const siteName = (id: number) => {
      if (!sitesRead && !sites.has(id)) {
        sites = new Map(siteNames.all().map((x) => [x.id, x.name]));
        sitesRead = true;
      }
      return sites.get(id);
    };
    // The chunk's companies, read once per chunk. A row whose company or site is gone (deleted
    // between two queries) is left out, as the join it replaces would have left it out.
    let companies = new Map<number, Company>();
    /** The chunk's companies (into `companies`) and their visits and pageviews in the range. */
    const countOf = (ids: number[]): Map<number, Count> => {
      const known = companiesOf.all(JSON.stringify(ids.toSorted((a, b) => a - b)));
      companies = new Map(known.map((c) => [c.id, c]));
      sitesRead = false;
      const fromMs = r.fromDay * DAY_MS;
      const whole = (c: Known) => !site && c.first_at >= fromMs && c.last_day <= r.toDay;
      const out = new Map<number, Count>();
      const partial: number[] = [];
      for (const c of known) {
        if (whole(c)) out.set(c.id, c);
        else partial.push(c.id);
      }
      if (!partial.length) return out;
      const params: SqlValue[] = [
        JSON.stringify(partial),
        r.fromDay,
        r.toDay,
        ...(site ? [r.site] : []),
      ];
      for (const c of (site ? counts.site : counts.all).all(...params)) out.set(c.id, c);
      return out;
    };
    const rowsOf = (rows: Row[]): Cell[][] => {
      const out: Cell[][] = [];
      for (const row of rows) {
        const company = companies.get(row.company_id);
        const s = siteName(row.site_id);
        if (company && s !== undefined) out.push(cells(row, company, s));
      }
      return out;
    };
    const batch = (ids: number[]) => rowsOf(st.batch.all(JSON.stringify(ids), ...range));
    /** Keyset parameters of a company's visits older than `v` (all of them when null). */
    const older = (v: { started_at: number; id: number } | null) => {
      const at = v?.started_at ?? Number.MAX_SAFE_INTEGER;
      return [at, at, v?.id ?? Number.MAX_SAFE_INTEGER];
    };
    // pageviews.csv, one company with more rows than a chunk: its visits a page at a time, their
    // pageviews in groups of visits of at most `size` rows, a longer visit in slices.
    function* alonePageviews(id: number): Generator<Cell[][]> {
      const pv = (site ? byVisit?.site : byVisit?.all)!;
      const listed = keysetPages<VisitPage>(
        (after) => pv.visits.all(id, ...range, ...older(after), size),
        size,
      );
      for (const read of planVisitReads(listed, size)) {
        if ('group' in read) {
          yield rowsOf(pv.ofVisits.all(JSON.stringify(read.group.map((v) => v.id))));
          continue;
        }
        const visit = read.long.id;
        const slices = keysetPages<Row>((after) => {
          const ts = after?.ts ?? Number.MIN_SAFE_INTEGER;
          return pv.slice.all(visit, ts, ts, after?.id ?? -1, size);
        }, size);
        for (const page of slices) yield rowsOf(page);
      }
    }

    // One company with more rows than a chunk: pages of visits, sized to about `size` rows.
    function* alone(id: number): Generator<Cell[][]> {
      if (kind === 'pageviews') {
        yield* alonePageviews(id);
        return;
      }
      const pages = keysetPages<Row>(
        (after) => st.one.all(id, ...range, ...older(after), size),
        size,
      );
      for (const rows of pages) yield rowsOf(rows);
    }

    for (const ids of companyChunks(inbox, r, size, startedAt)) {
      const count = countOf(ids);
      let group: number[] = [];
      let rows = 0;
      for (const id of ids) {
        const c = count.get(id);
        if (!c) continue;
        const n = kind === 'visits' ? c.visits : c.pageviews;
        if (n > size) {
          if (group.length) yield batch(group);
          group = [];
          rows = 0;
          yield* alone(id);
          continue;
        }
        if (rows + n > size && group.length) {
          yield batch(group);
          group = [];
          rows = 0;
        }
        group.push(id);
        rows += n;
      }
      if (group.length) yield batch(group);
    }
  };
}
