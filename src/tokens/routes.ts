import { Elysia, t } from 'elysia';
import { type Auth, AuthError, inputErrorResponse } from '../auth/index.ts';
import { TokenCreated, TokenIdParams, TokenInput, TokenSummary } from './model.ts';
import type { TokenService } from './service.ts';

const ErrorBody = t.Object({ error: t.Object({ code: t.String(), message: t.String() }) });

/**
 * The dashboard's token management, mounted under /api behind the session guard; admin and up.
 * GET /tokens, POST /tokens (201, the secret in the answer once), DELETE /tokens/:id (204).
 * @example app.group('/api', (g) => g.use(auth.guard).use(createTokenRoutes({ tokens, auth })))
 */
export function createTokenRoutes(d: {
  tokens: TokenService;
  auth: Pick<Auth, 'guard' | 'requireRole'>;
}) {
  const admin = d.auth.requireRole('admin');
  return (
    new Elysia()
      // Also here, not only where the host mounts it: these routes must never answer without a
      // session, and the handlers need `user` in their type.
      .use(d.auth.guard)
      .onError(({ code }) => inputErrorResponse(code))
      .get('/tokens', () => d.tokens.list(), {
        beforeHandle: admin,
        response: { 200: t.Array(TokenSummary) },
      })
      .post('/tokens', ({ body, user, status }) => status(201, d.tokens.create(body, user.id)), {
        beforeHandle: admin,
        body: TokenInput,
        response: { 201: TokenCreated, 400: ErrorBody },
      })
      .delete(
        '/tokens/:id',
        ({ params }) => {
          if (!d.tokens.revoke(params.id)) throw new AuthError('not_found', 'no such live token');
          return new Response(null, { status: 204 });
        },
        { beforeHandle: admin, params: TokenIdParams },
      )
  );
}
