import type { Driver } from '../db/index.ts';
import { createRefresher, toInboxRequest } from '../leads/index.ts';
import type { Logger } from '../log/index.ts';
import { dialectOf } from './csv.ts';
import type { ExportKind, ExportQuery } from './model.ts';
import { type ExportRunner, inlineRunner, workerRunner } from './runner.ts';
import { csvStream } from './stream.ts';

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
  /**
   * 'worker' (default for a database file): the chunks are built on a thread of their own with a
   * read-only connection, so a download never stalls the event loop; 'inline': on the calling
   * thread (tests, tools; always for ':memory:', which another connection cannot see).
   */
  mode?: 'worker' | 'inline';
  /** Downloads at once in worker mode; beyond, 503 with Retry-After. Default MAX_EXPORTS. */
  maxExports?: number;
  /** mmap_size of the export thread's read-only connection; default EXPORT_MMAP_BYTES. */
  mmapBytes?: number;
  /** A download whose client takes nothing for this long is stopped; default 5 minutes. */
  idleMs?: number;
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

/**
 * Downloads at once (worker mode). They share the one export thread a chunk at a time, so each
 * more slows the others; four is more than a team exports at once, and a script looping over
 * exports gets a 503 rather than a queue of half-served files.
 */
export const MAX_EXPORTS = 4;

/**
 * The export thread's mmap_size: 1 GiB maps a 200 k-company / 1 M-visit database (936 MB) whole.
 * bench/export.ts there, inline without a map → thread with it: companies.csv 73–83 k → 80–87 k
 * rows/s, visits.csv 120 k → 140 k, pageviews.csv 238 k → 292 k (2 shared cores, noisy).
 */
export const EXPORT_MMAP_BYTES = 1 << 30;

/** Seconds a client is told to wait when every export slot is taken. */
const RETRY_AFTER_S = 30;

const busy = () =>
  Response.json(
    { error: { code: 'busy', message: 'too many exports are running; retry in a moment' } },
    { status: 503, headers: { 'cache-control': 'no-store', 'retry-after': String(RETRY_AFTER_S) } },
  );

/**
 * The CSV exports without HTTP: each function takes a validated ExportQuery and resolves to the
 * streaming Response (200, text/csv, attachment with a dated filename) once its first chunk is
 * built, or to 503 `busy` with Retry-After when MAX_EXPORTS downloads are running. Invalid dates
 * reject with AuthError('invalid'), which Elysia turns into the 400 envelope wherever it is
 * mounted (the dashboard's /api/export and the token API).
 * @example const csv = createCsvExports({ db, clock }); return csv.companies({ country: 'DE' });
 */
export function createCsvExports(d: CsvExportsDeps) {
  const clock = d.clock ?? Date.now;
  const sizeOf = (kind: ExportKind) =>
    d.chunkRows ?? (kind === 'companies' ? COMPANY_CHUNK_ROWS : CHUNK_ROWS);
  const inline = d.mode === 'inline' || d.db.path === ':memory:';
  const maxJobs = inline ? Number.POSITIVE_INFINITY : (d.maxExports ?? MAX_EXPORTS);
  const runner: ExportRunner = inline
    ? inlineRunner(d.db)
    : workerRunner(d.db.path, {
        maxJobs,
        mmapBytes: d.mmapBytes ?? EXPORT_MMAP_BYTES,
        idleMs: d.idleMs ?? 5 * 60_000,
      });
  let refresh = d.refresh;
  if (!refresh) {
    const refresher = createRefresher({ db: d.db, clock });
    refresh = () => refresher.refresh();
  }

  async function respond(kind: ExportKind, q: ExportQuery): Promise<Response> {
    const now = clock();
    const request = toInboxRequest(q, now, null);
    // Before taking a slot: a full slot answers at once, without the refresh's writes.
    if (runner.running() >= maxJobs) return busy();
    try {
      // The stored scores are written here, on the app's connection (the export thread's is
      // read-only); the export reads them after this commit.
      refresh?.();
    } catch (e) {
      d.log?.warn('lead score refresh failed', { error: (e as Error).message });
    }
    const source = runner.start({
      kind,
      request,
      size: sizeOf(kind),
      startedAt: now,
      dialect: dialectOf(q),
    });
    if (!source) return busy();
    const body = await csvStream(source, d.log);
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
    /** Downloads running now. */
    running: () => runner.running(),
    /** Stops the export thread (running downloads are cut short). */
    close: () => runner.close(),
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
