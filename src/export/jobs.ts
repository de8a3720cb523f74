import type { Driver } from '../db/index.ts';
// The inbox's reader itself, not the leads module's face: this file is the export thread's code,
// and leads/index.ts brings in Elysia, the routes and their imports (a 0.6 MB thread bundle
// instead of 51 kB; in the bytecode-compiled binary that thread silently never started).
import { createInbox } from '../leads/inbox.ts';
import type { InboxRequest } from '../leads/index.ts';
import { COMPANY_COLUMNS, createCompanyRows } from './companies.ts';
import type { Dialect } from './csv.ts';
import type { ExportKind } from './model.ts';
import { csvChunks } from './stream.ts';
import { createVisitRows, PAGEVIEW_COLUMNS, VISIT_COLUMNS } from './visits.ts';

/**
 * One download, as plain data: what the main thread decides (the validated request, the clock's
 * "now", the dialect) and sends to whoever reads the rows, inline or on the export thread.
 */
export interface ExportJob {
  kind: ExportKind;
  request: InboxRequest;
  /** Rows per chunk, about (one short query each). */
  size: number;
  /** When the export started: the catch-up pass picks up companies active since. */
  startedAt: number;
  dialect: Dialect;
}

const HEADERS = { companies: COMPANY_COLUMNS, visits: VISIT_COLUMNS, pageviews: PAGEVIEW_COLUMNS };

/**
 * The statements of every export kind, prepared once on `db`; each call starts one job: its
 * encoded CSV chunks, one short read per step (nothing stays open between steps).
 * @example const start = createChunkMaker(db); for (const bytes of start(job)) …
 */
export function createChunkMaker(db: Driver) {
  const inbox = createInbox(db);
  const rowsOf = {
    companies: createCompanyRows(db, inbox),
    visits: createVisitRows(db, inbox, 'visits'),
    pageviews: createVisitRows(db, inbox, 'pageviews'),
  };
  return (job: ExportJob): Generator<Uint8Array, void, undefined> =>
    csvChunks(
      rowsOf[job.kind](job.request, job.size, job.startedAt),
      HEADERS[job.kind],
      job.dialect,
    );
}
