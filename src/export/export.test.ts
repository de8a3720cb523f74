import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { Elysia } from 'elysia';
import type { Driver, SqlValue } from '../db/index.ts';
import { createInbox } from '../leads/inbox.ts';
import type { CompanyRow, InboxPage } from '../leads/index.ts';
import { toInboxRequest } from '../leads/request.ts';
import { createCompanyRows } from './companies.ts';
import { COMPANY_COLUMNS, createExportRoutes, PAGEVIEW_COLUMNS, VISIT_COLUMNS } from './index.ts';
import {
  DAY,
  type ExportKit,
  type ExportMode,
  expectCell,
  exportKit,
  HOSTILE,
  IP,
  isoS,
  MODES,
  ORIGIN,
  parseCsv,
} from './test-kit.ts';

let k: ExportKit;
// Every test runs with the chunks built inline and on the export thread: the same files.
let mode: ExportMode = 'inline';
const get = (path: string, cookie?: string) => k.get(path, cookie, mode);
beforeAll(async () => {
  k = await exportKit();
});
afterAll(() => k.close());

const csvOf = async (path: string, delimiter = ',') => {
  const res = await get(path);
  expect(res.status).toBe(200);
  return parseCsv(await res.text(), delimiter);
};

/** Every company of an inbox query, through GET /api/companies page by page. */
async function inbox(query: string): Promise<CompanyRow[]> {
  const out: CompanyRow[] = [];
  let cursor: string | null = null;
  do {
    const sep = query ? '&' : '';
    const c: string = cursor ? `&cursor=${cursor}` : '';
    const res = await get(`/api/companies?${query}${sep}limit=5${c}`);
    expect(res.status).toBe(200);
    const page = (await res.json()) as InboxPage;
    out.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

/** Top pages as the export defines them, computed from the raw pageviews. */
function topPages(
  companyId: number,
  fromMs: number,
  toMs: number,
  site: number | null = null,
): string | null {
  const rows = k.h.db
    .prepare<{ path: string; days: number }>(
      `SELECT p.path, count(DISTINCT v.site_id || ':' || (v.started_at / 86400000)) AS days FROM visits v
         JOIN pageviews p ON p.visit_id = v.id
        WHERE v.company_id = ? AND v.started_at >= ? AND v.started_at < ?
          AND v.site_id = coalesce(?, v.site_id)
        GROUP BY p.path ORDER BY days DESC, p.path`,
    )
    .all(companyId, fromMs, toMs, site);
  return rows.length
    ? rows
        .slice(0, 3)
        .map((r) => r.path)
        .join(' | ')
    : null;
}

const TODAY_END = Date.UTC(2026, 10, 30);
const DEFAULT_FROM = TODAY_END - 30 * DAY;

describe.each(MODES)('chunks built %s', (m) => {
  beforeAll(() => {
    mode = m;
  });

  describe('GET /api/export/companies.csv', () => {
    test('one row per inbox company, in its order, each cell as the database holds it', async () => {
      const rows = await csvOf('/api/export/companies.csv');
      expect(rows[0]).toEqual([...COMPANY_COLUMNS]);
      const want = await inbox('');
      expect(want.length).toBe(3 + HOSTILE.length); // manufacturing, canary, university, hostile
      const company = k.h.db.prepare<{ name: string; domain: string | null; city: string | null }>(
        'SELECT name, domain, city FROM companies WHERE id = ?',
      );
      expect(rows.slice(1)).toEqual(
        want.map((c) => {
          const db = company.get(c.id)!;
          return [
            c.id,
            db.name,
            db.domain,
            c.country,
            db.city,
            c.industry,
            c.employees,
            c.class,
            c.status,
            c.tags.join(', '),
            c.score,
            c.visits,
            c.pageviews,
            Math.round(c.engagedMs / 1000),
            isoS(Date.parse(c.firstVisitAt)),
            isoS(Date.parse(c.lastVisitAt)),
            topPages(c.id, DEFAULT_FROM, TODAY_END),
          ].map(expectCell);
        }),
      );
      // Every hostile name is there, neutralised where it starts like a formula.
      const names = rows.slice(1).map((r) => r[1]);
      for (const h of HOSTILE) expect(names).toContain(expectCell(h.name));
      expect(names).toContain('\'=HYPERLINK("http://evil.example","click")');
      expect(names).toContain("'\nLinefeed Corp");
      // The ISP visitor is never a lead, never exported; and no address anywhere.
      const text = await (await get('/api/export/companies.csv')).text();
      expect(text).not.toContain('Broadband');
      for (const ip of [...Object.values(IP), ...HOSTILE.map((h) => h.ip)]) {
        expect(text).not.toContain(ip);
      }
    });

    test('semicolon and BOM: the same cells, in the dialect Excel expects in FR/NL/DE', async () => {
      const comma = await csvOf('/api/export/companies.csv');
      const res = await get('/api/export/companies.csv?delimiter=semicolon&bom=1');
      const bytes = new Uint8Array(await res.arrayBuffer());
      expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
      expect(text.charCodeAt(0)).toBe(0xfeff);
      expect(text.slice(1, 12)).toBe('company_id;');
      expect(parseCsv(text.slice(1), ';')).toEqual(comma);
      const plain = new Uint8Array(await (await get('/api/export/companies.csv')).arrayBuffer());
      expect(plain[0]).toBe('c'.charCodeAt(0));
    });

    test('headers: CSV, attachment with a dated filename, not cached', async () => {
      const res = await get('/api/export/visits.csv');
      expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8; header=present');
      expect(res.headers.get('content-disposition')).toBe(
        'attachment; filename="leadlens-visits-2026-11-29.csv"',
      );
      expect(res.headers.get('cache-control')).toBe('no-store');
      await res.text();
    });

    // Each query: the export lists exactly the companies GET /api/companies lists, in its order.
    test.each([
      [''],
      ['country=DE'],
      ['country=FR&sort=score'],
      ['class=education'],
      ['industry=software'],
      ['q=corp'],
      ['q=%22inc%22'],
      ['tag=hot'],
      ['status=qualified'],
      ['status=new&sort=visits'],
      ['page=/pricing'],
      ['minVisits=2'],
      ['sort=pageviews'],
      ['site=1&sort=last'],
      ['site=999'],
      ['from=2026-11-19&to=2026-11-21'],
      ['from=2026-11-19&to=2026-11-21&sort=visits'],
      ['from=2026-11-01'],
      ['from=2026-10-01&to=2026-10-31'],
    ])('filters %p give the inbox companies', async (query) => {
      const want = (await inbox(query)).map((c) => String(c.id));
      const rows = await csvOf(`/api/export/companies.csv?${query}`);
      expect(rows.slice(1).map((r) => r[0])).toEqual(want);
    });

    // The sums come from company_totals when every day of a company lies in the range, from
    // company_days otherwise: both checked against the raw visits, independently of the inbox.
    test.each([
      ['', DEFAULT_FROM, TODAY_END, null],
      ['from=2026-11-01', Date.UTC(2026, 10, 1), TODAY_END, null],
      ['from=2026-11-21', Date.UTC(2026, 10, 21), TODAY_END, null],
      ['from=2026-11-19&to=2026-11-21', Date.UTC(2026, 10, 19), Date.UTC(2026, 10, 22), null],
      ['from=2026-11-01&site=1', Date.UTC(2026, 10, 1), TODAY_END, 1],
    ])('sums and top pages over %p as the visits hold them', async (query, from, to, site) => {
      const rows = (await csvOf(`/api/export/companies.csv?${query}`)).slice(1);
      expect(rows.length).toBeGreaterThan(0);
      const sums = k.h.db.prepare<Record<string, number>>(
        `SELECT count(*) AS visits, sum(pageviews) AS pageviews, sum(engaged_ms) AS engaged,
                min(started_at) AS first, max(last_seen_at) AS last
           FROM visits WHERE company_id = ? AND started_at >= ? AND started_at < ? AND site_id = coalesce(?, site_id)`,
      );
      for (const r of rows) {
        // top_pages too: the rollup's (day, path) pairs of the range (and site) against the pageviews.
        expect(r[16]).toBe(expectCell(topPages(Number(r[0]), from, to, site)));
        const s = sums.get(Number(r[0]), from, to, site)!;
        expect(r.slice(11, 16)).toEqual([
          String(s.visits),
          String(s.pageviews),
          String(Math.round(s.engaged / 1000)),
          isoS(s.first),
          isoS(s.last),
        ]);
      }
    });
  });

  /** The visits of these companies in a range, from SQL, in the export's order. */
  function visitsOf(ids: number[], fromMs: number, toMs: number) {
    const q = k.h.db.prepare<Record<string, string | number | null>>(
      `SELECT v.*, c.name AS company, c.domain, s.name AS site,
          (SELECT path FROM pageviews WHERE visit_id = v.id ORDER BY ts DESC, id DESC LIMIT 1) AS exit_path
         FROM visits v JOIN companies c ON c.id = v.company_id JOIN sites s ON s.id = v.site_id
        WHERE v.company_id = ? AND v.started_at >= ? AND v.started_at < ?
        ORDER BY v.started_at DESC, v.id DESC`,
    );
    return ids.flatMap((id) => q.all(id, fromMs, toMs));
  }

  describe('GET /api/export/visits.csv and pageviews.csv', () => {
    test.each([
      ['', DEFAULT_FROM, TODAY_END],
      ['country=FR', DEFAULT_FROM, TODAY_END],
      ['from=2026-11-19&to=2026-11-21', Date.UTC(2026, 10, 19), Date.UTC(2026, 10, 22)],
    ])(
      'visits of the inbox companies (%p), as the database holds them',
      async (query, from, to) => {
        const ids = (await inbox(query)).map((c) => c.id);
        const rows = await csvOf(`/api/export/visits.csv?${query}`);
        expect(rows[0]).toEqual([...VISIT_COLUMNS]);
        const want = visitsOf(ids, from, to).map((v) =>
          [
            v.id,
            v.company_id,
            v.company,
            v.domain,
            v.site_id,
            v.site,
            isoS(v.started_at as number),
            isoS(v.last_seen_at as number),
            v.pageviews,
            Math.round(((v.last_seen_at as number) - (v.started_at as number)) / 1000),
            Math.round((v.engaged_ms as number) / 1000),
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
          ].map(expectCell),
        );
        expect(want.length).toBeGreaterThan(0);
        expect(rows.slice(1)).toEqual(want);
      },
    );

    test('the UTM values and titles visitors send are neutralised', async () => {
      const visits = await csvOf('/api/export/visits.csv');
      const canary = visits.slice(1).find((r) => r[16] !== '');
      expect(canary?.slice(16, 18)).toEqual(["'=1+1", "'+term"]);
      const pages = await csvOf('/api/export/pageviews.csv');
      const titles = pages.slice(1).map((r) => r[9]);
      expect(titles).toContain("'=2+5");
      expect(titles).toContain("'@Product");
      expect(titles).toContain("'-Docs-");
      expect(titles).toContain('About, "us"');
    });

    test('pageviews: every pageview of those visits, in the visits order, then as viewed', async () => {
      const ids = (await inbox('')).map((c) => c.id);
      const rows = await csvOf('/api/export/pageviews.csv?delimiter=semicolon', ';');
      expect(rows[0]).toEqual([...PAGEVIEW_COLUMNS]);
      const pv = k.h.db.prepare<Record<string, string | number | null>>(
        'SELECT * FROM pageviews WHERE visit_id = ? ORDER BY ts, id',
      );
      const want = visitsOf(ids, DEFAULT_FROM, TODAY_END).flatMap((v) =>
        pv
          .all(v.id as number)
          .map((p) =>
            [
              p.id,
              v.id,
              v.company_id,
              v.company,
              v.domain,
              v.site_id,
              v.site,
              isoS(p.ts as number),
              p.path,
              p.title,
              Math.round((p.engaged_ms as number) / 1000),
            ].map(expectCell),
          ),
      );
      expect(rows.slice(1)).toEqual(want);
      expect(want.length).toBe(
        k.h.db
          .prepare<{ n: number }>(
            `SELECT count(*) AS n FROM pageviews p JOIN visits v ON v.id = p.visit_id
              WHERE v.class != 'isp' AND v.started_at >= ?`,
          )
          .get(DEFAULT_FROM)!.n,
      );
    });
  });

  describe('access and validation', () => {
    test('a viewer may export', async () => {
      const res = await get('/api/export/companies.csv', await k.viewerCookie());
      expect(res.status).toBe(200);
      expect((await res.text()).split('\r\n').length).toBeGreaterThan(3);
    });

    test.each([
      ['/api/export/companies.csv', 'll_session=nope', 401],
      ['/api/export/visits.csv', 'll_session=nope', 401],
      ['/api/export/pageviews.csv', 'll_session=nope', 401],
      ['/api/export/nothing.csv', undefined, 404],
    ])('%s with %p → %d', async (path, cookie, status) => {
      expect((await get(path, cookie)).status).toBe(status);
    });

    // Mounted as the dashboard mounts it (session guard under /api), each bad query answers 400 with
    // the error envelope.
    test.each([
      ['delimiter=tab'],
      ['bom=2'],
      ['from=2026-02-30'],
      ['from=2026-11-29&to=2026-11-01'],
      ['country=de'],
      ['sort=name'],
      ['site=abc'],
      ['minVisits=0'],
    ])('companies.csv?%s → 400 envelope', async (query) => {
      const app = new Elysia()
        .use(k.h.auth.routes)
        .group('/api', (g) =>
          g
            .use(k.h.auth.guard)
            .use(createExportRoutes({ db: k.h.db, clock: () => k.h.now.t, auth: k.h.auth, mode })),
        );
      const res = await app.handle(
        new Request(`${ORIGIN}/api/export/companies.csv?${query}`, {
          headers: { origin: ORIGIN, cookie: await k.h.ownerCookie() },
        }),
      );
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('invalid');
      // The composed app answers 400 too (its envelope: see the report on app.ts's onError).
      expect((await get(`/api/export/companies.csv?${query}`)).status).toBe(400);
    });
  });
});

test('top pages read one company per query give the same rows as one query per chunk', () => {
  const inbox = createInbox(k.h.db);
  const r = toInboxRequest({ from: '2026-11-01' }, k.h.now.t, null);
  const all = (pairsPerQuery?: number) =>
    [...createCompanyRows(k.h.db, inbox, pairsPerQuery)(r, 3, k.h.now.t)].flat();
  const together = all();
  expect(together.length).toBeGreaterThan(5);
  expect(together.filter((row) => row[16] !== null).length).toBeGreaterThan(5);
  expect(all(1)).toEqual(together);
});

test('companies rows never read while another statement steps (a stepping one pins its snapshot)', () => {
  const inbox = createInbox(k.h.db);
  const r = toInboxRequest({ from: '2026-11-01' }, k.h.now.t, null);
  // The export's connection, watched: reads counted, and any read while an iterate() is open.
  let stepping = 0;
  let reads = 0;
  let readsWhileStepping = 0;
  const db = k.h.db;
  const watched: Driver = {
    ...db,
    name: db.name,
    path: db.path,
    prepare<Row>(sql: string) {
      const s = db.prepare<Row>(sql);
      const read =
        <A extends unknown[], R>(f: (...a: A) => R) =>
        (...a: A): R => {
          reads++;
          if (stepping > 0) readsWhileStepping++;
          return f(...a);
        };
      return {
        all: read((...p: SqlValue[]) => s.all(...p)),
        get: read((...p: SqlValue[]) => s.get(...p)),
        run: (...p: SqlValue[]) => s.run(...p),
        *iterate(...p: SqlValue[]) {
          stepping++;
          try {
            yield* s.iterate(...p);
          } finally {
            stepping--;
          }
        },
      };
    },
  };
  const rows = [...createCompanyRows(watched, inbox)(r, 3, k.h.now.t)].flat();
  expect(rows.filter((row) => row[16] !== null).length).toBeGreaterThan(5);
  expect(reads).toBeGreaterThan(5);
  expect(readsWhileStepping).toBe(0);
});
