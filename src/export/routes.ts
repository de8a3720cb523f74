import { Elysia } from 'elysia';
import { type Auth, inputErrorResponse } from '../auth/index.ts';
import type { Driver } from '../db/index.ts';
import type { Logger } from '../log/index.ts';
import { ExportQuery } from './model.ts';
import { type CsvExports, createCsvExports } from './service.ts';

export interface ExportRoutesDeps {
  db: Driver;
  clock?: () => number;
  auth: Pick<Auth, 'guard'>;
  log?: Logger;
  /** The exports to serve (shared with the token API); made from db and clock when absent. */
  exports?: CsvExports;
  /** Where the chunks are built when `exports` is absent (see CsvExportsDeps.mode). */
  mode?: 'worker' | 'inline';
}

/**
 * The CSV exports for the dashboard, mounted under /api behind the session guard; every role
 * may export what it may read. GET /export/companies.csv, /export/visits.csv,
 * /export/pageviews.csv take the inbox's query (filters and sort, no paging) plus `bom=1` and
 * `delimiter=semicolon`.
 * @example app.group('/api', (g) => g.use(auth.guard).use(createExportRoutes({ db, clock, auth })))
 */
export function createExportRoutes(d: ExportRoutesDeps) {
  const csv = d.exports ?? createCsvExports({ db: d.db, clock: d.clock, log: d.log, mode: d.mode });
  return (
    new Elysia()
      // Here too, not only where the host mounts it: an export must never leave without a session.
      .use(d.auth.guard)
      .onError(({ code }) => inputErrorResponse(code))
      .onStop(() => csv.close())
      .get('/export/companies.csv', ({ query }) => csv.companies(query), { query: ExportQuery })
      .get('/export/visits.csv', ({ query }) => csv.visits(query), { query: ExportQuery })
      .get('/export/pageviews.csv', ({ query }) => csv.pageviews(query), { query: ExportQuery })
  );
}
