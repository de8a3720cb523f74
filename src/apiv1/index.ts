import { type AnyElysia, Elysia } from 'elysia';
import { inputErrorResponse } from '../auth/index.ts';
import type { Driver } from '../db/index.ts';
import { type CsvExports, createCsvExports } from '../export/index.ts';
import type { LeadsService } from '../leads/index.ts';
import type { Logger } from '../log/index.ts';
import { createSiteService, type SiteService } from '../sites/index.ts';
import { createBearerGuard, type TokenService } from '../tokens/index.ts';
import { createV1CompanyRoutes } from './companies.ts';
import { createApiDocs } from './docs.ts';
import { createV1ExportRoutes } from './exports.ts';
import { createV1ResourceRoutes } from './resources.ts';

export { DOCS_CSP, DOCS_HTML, DOCS_PATH, SPEC_PATH } from './docs.ts';
export { AUTH_ERRORS, ERRORS, ErrorBody, FeedPage, FeedQuery, FeedVisit } from './model.ts';
export { createV1TriggerRoutes } from './triggers.ts';

export interface ApiV1Deps {
  db: Driver;
  clock?: () => number;
  log?: Logger;
  tokens: Pick<TokenService, 'resolve'>;
  /** The leads service the dashboard uses too (one refresher for both). */
  leads: LeadsService;
  sites?: SiteService;
  /** The CSV exports the dashboard serves too; made from db and clock when absent. */
  exports?: CsvExports;
  /**
   * More routes under /api/v1 (e.g. triggers), behind the same bearer guard: `principal`
   * (ApiPrincipal) is in their context, and a read token already got 403 on a write. Declare a
   * `response` per status and a `detail.tags`, and they appear in the OpenAPI document.
   */
  extra?: AnyElysia[];
}

/**
 * The token API: /api/v1 (bearer tokens only, never cookies) and its OpenAPI document at
 * GET /openapi/json with a self-contained docs page at GET /openapi. Mount it at the root of the
 * app, outside the session-guarded /api group.
 * Routes: GET /sites, GET /sites/:id, GET /companies, GET /companies/:id,
 * GET /companies/:id/visits, PUT /companies/:id/status, POST /companies/:id/tags,
 * DELETE /companies/:id/tags/:tag, POST /companies/:id/notes, GET /visits,
 * GET /exports/{companies,visits,pageviews}.csv.
 * @example app.use(createApiV1({ db, clock, tokens, leads, extra: [createV1TriggerRoutes(…)] }))
 */
export function createApiV1(d: ApiV1Deps) {
  const sites = d.sites ?? createSiteService(d.db, d.clock);
  const exports = d.exports ?? createCsvExports({ db: d.db, clock: d.clock, log: d.log });
  let v1 = new Elysia({ prefix: '/api/v1' })
    .use(createBearerGuard(d.tokens))
    .onError(({ code }) => inputErrorResponse(code))
    .use(createV1ResourceRoutes({ sites, leads: d.leads }))
    .use(createV1CompanyRoutes({ leads: d.leads }))
    .use(createV1ExportRoutes({ exports })) as unknown as AnyElysia;
  for (const m of d.extra ?? []) v1 = v1.use(m);
  return new Elysia().use(createApiDocs()).use(v1);
}
