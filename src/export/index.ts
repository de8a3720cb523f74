/**
 * CSV exports of the companies inbox, of visits and of pageviews, for the inbox's filters:
 * streamed a chunk of a few thousand rows at a time (each a short query), RFC 4180, UTF-8 with an
 * optional BOM and `;` delimiter, formula-injection safe. The chunks are built on an export
 * thread with its own read-only connection (mode 'worker', the default for a file), so a download
 * never blocks ingest; 'inline' builds them on the calling thread (tests, tools).
 */
export { COMPANY_COLUMNS, TOP_PAGES } from './companies.ts';
export { type Dialect, dialectOf, encodeRows, neutralise } from './csv.ts';
export { type Cell, type ExportKind, ExportQuery } from './model.ts';
export { createExportRoutes, type ExportRoutesDeps } from './routes.ts';
export {
  CHUNK_ROWS,
  COMPANY_CHUNK_ROWS,
  type CsvExports,
  type CsvExportsDeps,
  createCsvExports,
  EXPORT_MMAP_BYTES,
  exportFilename,
  MAX_EXPORTS,
} from './service.ts';
export { PAGEVIEW_COLUMNS, VISIT_COLUMNS } from './visits.ts';
