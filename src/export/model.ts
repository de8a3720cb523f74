import { t } from 'elysia';
import { InboxQuery } from '../leads/index.ts';

// The inbox's filters and sort, without its paging: an export is every matching row.
const { cursor: _cursor, limit: _limit, ...filters } = InboxQuery.properties;

/**
 * GET /api/export/{companies,visits,pageviews}.csv: the inbox query (same filters, same sort),
 * plus the file's dialect. `bom=1` starts the file with a UTF-8 byte order mark (Excel then reads
 * accents right); `delimiter=semicolon` is what Excel expects where the decimal mark is a comma
 * (FR, NL, DE…).
 */
export const ExportQuery = t.Object({
  ...filters,
  bom: t.Optional(t.Union([t.Literal('0'), t.Literal('1')])),
  delimiter: t.Optional(t.Union([t.Literal('comma'), t.Literal('semicolon')])),
});
export type ExportQuery = typeof ExportQuery.static;

/** The three exports: one row per company, per visit, per pageview. */
export type ExportKind = 'companies' | 'visits' | 'pageviews';

/** A CSV cell as the exporters produce it: text, a number, or empty. */
export type Cell = string | number | null;
