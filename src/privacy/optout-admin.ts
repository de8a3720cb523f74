import { Elysia, t } from 'elysia';
import { type Auth, AuthError } from '../auth/index.ts';
import type { Driver } from '../db/index.ts';
import type { IndexHolder } from '../ipindex/index.ts';
import type { OptoutService } from './optout.ts';
import { createOptoutRequests } from './optout-requests.ts';
import { createOrgResolver } from './optout-resolve.ts';

export interface OptoutAdminDeps {
  db: Driver;
  index: IndexHolder;
  service: OptoutService;
  auth: Pick<Auth, 'guard' | 'requireRole'>;
  clock?: () => number;
}

/** The body of POST /optouts: exactly one of the three. */
export const AddOptoutBody = t.Object({
  companyId: t.Optional(t.Integer({ minimum: 1 })),
  domain: t.Optional(t.String({ minLength: 1, maxLength: 253 })),
  range: t.Optional(t.String({ minLength: 2, maxLength: 64 })),
});
export type AddOptoutBody = typeof AddOptoutBody.static;

const IdParams = t.Object({ id: t.Numeric({ minimum: 1 }) });
const SearchQuery = t.Object({ q: t.String({ minLength: 1, maxLength: 100 }) });

const notFound = (message: string) => new AuthError('not_found', message);

/**
 * The admin API of opt-outs, mounted under /api behind the guard: viewers read, admins change.
 * GET/POST /optouts, DELETE /optouts/:id, GET /optouts/companies?q= (picker),
 * GET /optout-requests, POST /optout-requests/:id/approve | /reject.
 * @example app.group('/api', (g) => g.use(createOptoutAdminRoutes({ db, index, service, auth })))
 */
export function createOptoutAdminRoutes(d: OptoutAdminDeps) {
  const resolver = createOrgResolver(d.db, d.index);
  const requests = createOptoutRequests(d.db, d.clock);
  const viewer = { beforeHandle: d.auth.requireRole('viewer') };
  const admin = { beforeHandle: d.auth.requireRole('admin') };

  return new Elysia()
    .use(d.auth.guard)
    .get('/optouts', () => d.service.list(), viewer)
    .get('/optouts/companies', ({ query }) => resolver.search(query.q), {
      ...admin,
      query: SearchQuery,
    })
    .post(
      '/optouts',
      ({ body, set }) => {
        const given = [body.companyId, body.domain, body.range].filter((x) => x !== undefined);
        if (given.length !== 1) {
          throw new AuthError('invalid', 'give exactly one of companyId, domain or range');
        }
        const target = body.companyId
          ? { companyId: body.companyId }
          : (body.domain ? resolver.byDomain(body.domain) : resolver.byRange(body.range!))?.target;
        const done = target ? d.service.optOut(target) : null;
        if (!done) throw notFound('no company or network matches');
        set.status = done.created ? 201 : 200;
        return done.optout;
      },
      { ...admin, body: AddOptoutBody },
    )
    .delete(
      '/optouts/:id',
      ({ params, set }) => {
        if (!d.service.remove(params.id)) throw notFound('no such opt-out');
        set.status = 204;
      },
      { ...admin, params: IdParams },
    )
    .get('/optout-requests', () => requests.list(), admin)
    .post(
      '/optout-requests/:id/approve',
      ({ params }) => {
        const r = requests.get(params.id);
        if (!r) throw notFound('no such request');
        if (r.status !== 'pending') throw new AuthError('conflict', 'already decided');
        // The domain is the stronger key (unique per company); the name is a fallback.
        const org = resolver.byDomain(r.domain) ?? resolver.byName(r.name);
        const done = org ? d.service.optOut(org.target) : null;
        if (!done) throw notFound('no company matches this request; add it by range instead');
        return { request: requests.decide(r.id, 'approved', done.optout.id), optout: done.optout };
      },
      { ...admin, params: IdParams },
    )
    .post(
      '/optout-requests/:id/reject',
      ({ params }) => {
        const r = requests.get(params.id);
        if (!r) throw notFound('no such request');
        const decided = requests.decide(r.id, 'rejected');
        if (!decided) throw new AuthError('conflict', 'already decided');
        return decided;
      },
      { ...admin, params: IdParams },
    );
}
