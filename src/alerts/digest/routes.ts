import { Elysia } from 'elysia';
import { type Auth, AuthError } from '../../auth/index.ts';
import { ErrorBody } from '../triggers/model.ts';
import { DigestSettings } from './model.ts';
import type { DigestService } from './service.ts';

/**
 * The signed-in user's digest subscription, under /api behind the session guard; any role.
 * GET /me/digest, PUT /me/digest `{ frequency: 'daily' | 'weekly' | 'off', siteId: number | null }`.
 * @example app.group('/api', (g) => g.use(auth.guard).use(createDigestRoutes({ service, auth })))
 */
export function createDigestRoutes(d: { service: DigestService; auth: Pick<Auth, 'guard'> }) {
  return new Elysia()
    .use(d.auth.guard)
    .onError(({ code }) => {
      if (code === 'PARSE') return new AuthError('invalid', 'malformed request body').toResponse();
    })
    .get('/me/digest', ({ user }) => d.service.get(user.id), {
      response: { 200: DigestSettings },
    })
    .put('/me/digest', ({ user, body }) => d.service.set(user.id, body), {
      response: { 200: DigestSettings, 400: ErrorBody },
    });
}
