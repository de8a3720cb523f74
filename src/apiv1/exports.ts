import { Elysia, t } from 'elysia';
import { type CsvExports, ExportQuery } from '../export/index.ts';
import { AUTH_ERRORS, ErrorBody } from './model.ts';

const csv = (summary: string) => ({
  query: ExportQuery,
  // The generator files a string under text/plain; the description names the real type.
  response: {
    200: t.String({ description: 'text/csv; charset=utf-8, as an attachment (RFC 4180)' }),
    400: ErrorBody,
    ...AUTH_ERRORS,
    503: t.Composite([ErrorBody], {
      description:
        'busy: as many exports as the server builds at once are running (4); retry after the Retry-After header (seconds)',
    }),
  },
  detail: {
    tags: ['exports'],
    summary,
    description:
      'The inbox filters and sort (no paging: every matching row), streamed as RFC 4180 CSV. `bom=1` adds a UTF-8 byte order mark, `delimiter=semicolon` suits Excel in FR/NL/DE.',
  },
});

/** /api/v1/exports/{companies,visits,pageviews}.csv: the dashboard's CSV exports, by token. */
export function createV1ExportRoutes(d: { exports: CsvExports }) {
  return new Elysia()
    .get('/exports/companies.csv', ({ query }) => d.exports.companies(query), csv('Companies CSV'))
    .get('/exports/visits.csv', ({ query }) => d.exports.visits(query), csv('Visits CSV'))
    .get('/exports/pageviews.csv', ({ query }) => d.exports.pageviews(query), csv('Pageviews CSV'));
}
