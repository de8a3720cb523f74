import { Elysia, t } from 'elysia';
import { type Auth, inputErrorResponse } from '../../auth/index.ts';
import {
  ErrorBody,
  Firings,
  TestRunBody,
  TestRunResult,
  Trigger,
  TriggerWithSecret,
} from './model.ts';
import type { TriggerService } from './service.ts';

export interface TriggerRouteDeps {
  service: TriggerService;
  auth: Pick<Auth, 'guard' | 'requireRole'>;
}

const IdParams = t.Object({ id: t.Numeric({ minimum: 1 }) });

/**
 * The triggers API, mounted under /api behind the session guard. Reads: any role; writes, test
 * runs and secret rotation: admin and up.
 * GET|POST /triggers, GET|PUT|DELETE /triggers/:id, POST /triggers/:id/test,
 * POST /triggers/:id/rotate-secret, GET /triggers/:id/firings.
 * The service validates bodies (unknown fields refused), so the schema here only documents them.
 * @example app.group('/api', (g) => g.use(auth.guard).use(createTriggerRoutes({ service, auth })))
 */
export function createTriggerRoutes(d: TriggerRouteDeps) {
  const admin = d.auth.requireRole('admin');
  const s = d.service;
  const errors = { 400: ErrorBody, 403: ErrorBody, 404: ErrorBody };
  return (
    new Elysia()
      // Also here, not only where the host mounts it: never answer without a session.
      .use(d.auth.guard)
      .onError(({ code }) => inputErrorResponse(code))
      .get('/triggers', () => s.list(), { response: { 200: t.Array(Trigger) } })
      .post(
        '/triggers',
        async ({ body, user, status }) => status(201, await s.create(body, user.id)),
        { beforeHandle: admin, response: { 201: TriggerWithSecret, ...errors } },
      )
      .get('/triggers/:id', ({ params }) => s.get(params.id), {
        params: IdParams,
        response: { 200: Trigger, 404: ErrorBody },
      })
      .put('/triggers/:id', async ({ params, body }) => s.update(params.id, body), {
        beforeHandle: admin,
        params: IdParams,
        response: { 200: TriggerWithSecret, ...errors },
      })
      .delete(
        '/triggers/:id',
        ({ params }) => {
          s.remove(params.id);
          return new Response(null, { status: 204 });
        },
        { beforeHandle: admin, params: IdParams },
      )
      .post('/triggers/:id/test', ({ params, body }) => s.testRun(params.id, body?.companyId), {
        beforeHandle: admin,
        params: IdParams,
        body: t.Optional(TestRunBody),
        response: { 200: TestRunResult, ...errors },
      })
      .post('/triggers/:id/rotate-secret', ({ params }) => s.rotateSecret(params.id), {
        beforeHandle: admin,
        params: IdParams,
        response: { 200: TriggerWithSecret, ...errors },
      })
      .get('/triggers/:id/firings', ({ params }) => ({ items: s.firings(params.id) }), {
        params: IdParams,
        response: { 200: Firings, 404: ErrorBody },
      })
  );
}
