import { Elysia, t } from 'elysia';
import { type Auth, validationMessage } from '../auth/index.ts';
import type { Driver } from '../db/index.ts';
import { ErrorBody, Site, SiteIdParams, Snippet, SnippetQuery } from './model.ts';
import { createSiteService, SiteInputError } from './service.ts';
import { installSnippet, publicOrigin } from './snippet.ts';

/** What createSiteRoutes needs. */
export interface SiteRouteDeps {
  db: Driver;
  clock?: () => number;
  auth: Pick<Auth, 'guard' | 'requireRole'>;
  /**
   * Called after a site was changed or deleted, so a cache can drop it at once instead of after
   * its 10 s: a beacon for a just-deleted site would otherwise reach the writer and fail its batch.
   */
  onChanged?: (siteId: number) => void;
}

/** The API's one error envelope. */
const failure = (code: string, message: string) => ({ error: { code, message } });
const NOT_FOUND = failure('not_found', 'no such site');

/**
 * The sites API, mounted under /api behind the session guard. Reads: any role; writes: admin+.
 * GET /sites, POST /sites, GET|PATCH|DELETE /sites/:id, GET /sites/:id/snippet?base=…
 * The tracking path caches sites for 10 s: an edit (domains, GPC/DNT, enabled) or a deletion
 * applies to beacons within 10 s.
 * @example app.group('/api', (g) => g.use(auth.guard).use(createSiteRoutes({ db, auth })))
 */
export function createSiteRoutes(d: SiteRouteDeps) {
  const sites = createSiteService(d.db, d.clock);
  const admin = d.auth.requireRole('admin');
  const changed = (id: number) => d.onChanged?.(id);
  return (
    new Elysia()
      // Also here, not only where the host mounts it: these routes must never answer without a
      // session, and the handlers need `user` in their type. The extra cost is one indexed read.
      .use(d.auth.guard)
      .onError(({ code, error, set }) => {
        set.headers['cache-control'] = 'no-store';
        if (error instanceof SiteInputError) {
          set.status = 400;
          return failure('invalid', error.message);
        }
        if (code === 'VALIDATION') {
          set.status = 400;
          return failure('invalid', validationMessage(error));
        }
        if (code === 'PARSE') {
          set.status = 400;
          return failure('invalid', 'malformed request body');
        }
      })
      .get('/sites', () => sites.list(), { response: { 200: t.Array(Site) } })
      .post(
        '/sites',
        // The service validates (after normalising pasted URLs into domains), so no body schema
        // here: it would refuse "https://www.example.com/" before the service could clean it.
        ({ body, status }) => status(201, sites.create(body)),
        { beforeHandle: admin, response: { 201: Site, 400: ErrorBody } },
      )
      .get('/sites/:id', ({ params, status }) => sites.byId(params.id) ?? status(404, NOT_FOUND), {
        params: SiteIdParams,
        response: { 200: Site, 404: ErrorBody },
      })
      .patch(
        '/sites/:id',
        ({ params, body, status }) => {
          const site = sites.update(params.id, body);
          if (!site) return status(404, NOT_FOUND);
          changed(site.id);
          return site;
        },
        {
          beforeHandle: admin,
          params: SiteIdParams,
          response: { 200: Site, 400: ErrorBody, 404: ErrorBody },
        },
      )
      .delete(
        '/sites/:id',
        ({ params, status }) => {
          if (!sites.remove(params.id)) return status(404, NOT_FOUND);
          changed(params.id);
          return new Response(null, { status: 204 });
        },
        { beforeHandle: admin, params: SiteIdParams, response: { 404: ErrorBody } },
      )
      .get(
        '/sites/:id/snippet',
        ({ params, query, request, status }) => {
          const site = sites.byId(params.id);
          if (!site) return status(404, NOT_FOUND);
          // Behind a TLS-terminating proxy the request URL says http: the UI passes its own
          // location.origin as ?base=, and the operator can type the public address there.
          const base = publicOrigin(query.base ?? new URL(request.url).origin);
          if (!base) {
            return status(
              400,
              failure('invalid', 'base must be an http(s) origin, e.g. https://stats.example.com'),
            );
          }
          return { html: installSnippet(base, site.key), base };
        },
        {
          params: SiteIdParams,
          query: SnippetQuery,
          response: { 200: Snippet, 400: ErrorBody, 404: ErrorBody },
        },
      )
  );
}
