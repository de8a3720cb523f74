/**
 * CSV exports of the companies inbox, of visits and of pageviews, for the inbox's filters:
 * streamed a chunk of a few thousand rows at a time (each a short query), RFC 4180, UTF-8 with an
 * optional BOM and `;` delimiter, formula-injection safe.
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
  exportFilename,
} from './service.ts';
export { PAGEVIEW_COLUMNS, VISIT_COLUMNS } from './visits.ts';
