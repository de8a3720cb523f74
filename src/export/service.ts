import type { Driver } from '../db/index.ts';
import { createInbox, createRefresher, toInboxRequest } from '../leads/index.ts';
import type { Logger } from '../log/index.ts';
import { COMPANY_COLUMNS, createCompanyRows } from './companies.ts';
import { dialectOf } from './csv.ts';
import type { ExportKind, ExportQuery } from './model.ts';
import { csvStream } from './stream.ts';
import { createVisitRows, PAGEVIEW_COLUMNS, VISIT_COLUMNS } from './visits.ts';

export interface CsvExportsDeps {
  db: Driver;
  clock?: () => number;
  log?: Logger;
  /**
   * Rows per chunk (one short query each, about), for every kind; default CHUNK_ROWS, and
   * COMPANY_CHUNK_ROWS for companies.csv. Tests make it small.
   */
  chunkRows?: number;
  /**
   * Brings stored scores and 30-day sums up to date before the companies are walked, as the
   * inbox does; default: a refresher of its own. Errors are logged, the stored values used.
   */
  refresh?: () => void;
}

/** Rows per chunk: big enough that per-query costs vanish, small enough to stay a short read. */
export const CHUNK_ROWS = 5000;

/**
 * Companies per chunk of companies.csv. A chunk's companies are looked up in id order, so the
 * more of them a chunk holds, the more often the next one sits on a page just read: at 200 k
 * companies, 10 000 a chunk took ~8% less time than 5 000 for ~180–200 MB peak RSS; 20 000 gained
 * ~4% more for up to ~255 MB. A visit's lookups have no such locality: CHUNK_ROWS there.
 */
export const COMPANY_CHUNK_ROWS = 10_000;

const HEADERS = { companies: COMPANY_COLUMNS, visits: VISIT_COLUMNS, pageviews: PAGEVIEW_COLUMNS };

/**
 * The CSV exports without HTTP: each function takes a validated ExportQuery and returns the
 * streaming Response (200, text/csv, attachment with a dated filename). Invalid dates throw
 * AuthError('invalid'), which Elysia turns into the 400 envelope wherever it is mounted (the
 * dashboard's /api/export and the token API).
 * @example const csv = createCsvExports({ db, clock }); return csv.companies({ country: 'DE' });
 */
export function createCsvExports(d: CsvExportsDeps) {
  const clock = d.clock ?? Date.now;
  const sizeOf = (kind: ExportKind) =>
    d.chunkRows ?? (kind === 'companies' ? COMPANY_CHUNK_ROWS : CHUNK_ROWS);
  const inbox = createInbox(d.db);
  const rowsOf = {
    companies: createCompanyRows(d.db, inbox),
    visits: createVisitRows(d.db, inbox, 'visits'),
    pageviews: createVisitRows(d.db, inbox, 'pageviews'),
  };
  let refresh = d.refresh;
  if (!refresh) {
    const refresher = createRefresher({ db: d.db, clock });
    refresh = () => refresher.refresh();
  }

  function respond(kind: ExportKind, q: ExportQuery): Response {
    const now = clock();
    const r = toInboxRequest(q, now, null);
    try {
      refresh?.();
    } catch (e) {
      d.log?.warn('lead score refresh failed', { error: (e as Error).message });
    }
    const body = csvStream(rowsOf[kind](r, sizeOf(kind), now), HEADERS[kind], dialectOf(q), d.log);
    return new Response(body, {
      headers: {
        'content-type': 'text/csv; charset=utf-8; header=present',
        'content-disposition': `attachment; filename="${exportFilename(kind, now)}"`,
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
      },
    });
  }

  return {
    /** companies.csv: one row per company with its aggregates over the range. */
    companies: (q: ExportQuery) => respond('companies', q),
    /** visits.csv: one row per visit of those companies in the range. */
    visits: (q: ExportQuery) => respond('visits', q),
    /** pageviews.csv: one row per pageview of those visits. */
    pageviews: (q: ExportQuery) => respond('pageviews', q),
  };
}

export type CsvExports = ReturnType<typeof createCsvExports>;

/**
 * The download's name: kind and the UTC date of the export.
 * @example exportFilename('visits', Date.UTC(2026, 10, 29)) // 'leadlens-visits-2026-11-29.csv'
 */
export function exportFilename(kind: ExportKind, now: number): string {
  return `leadlens-${kind}-${new Date(now).toISOString().slice(0, 10)}.csv`;
}
