import { Elysia } from 'elysia';
import { AuthError } from '../auth/index.ts';
import type { ApiPrincipal } from './model.ts';
import type { TokenService } from './service.ts';

/** Methods that read: allowed with a read token. Everything else changes state. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const BEARER = /^Bearer +(\S+) *$/i;

/** The bearer token of a request, or null. Cookies are never read: /api/v1 has no CSRF surface. */
export function bearerOf(request: Request): string | null {
  const h = request.headers.get('authorization');
  return h ? (BEARER.exec(h)?.[1] ?? null) : null;
}

/**
 * The guard of /api/v1: `principal` in the context from `Authorization: Bearer ll_…`; 401 without a
 * live token (whatever cookie comes along), 403 when a read-only token tries a state-changing
 * method. It runs before validation, so an anonymous request learns nothing from a 400; only a body
 * that is not JSON at all fails earlier (Elysia parses before any derive), with a 400 that says
 * nothing but "malformed request body".
 * @example new Elysia({ prefix: '/api/v1' }).use(createBearerGuard(tokens)).get('/sites', …)
 */
export function createBearerGuard(tokens: Pick<TokenService, 'resolve'>) {
  // No plugin name: a named plugin is de-duplicated, and the guard must apply wherever it is used.
  return new Elysia().derive({ as: 'scoped' }, ({ request, set }) => {
    const secret = bearerOf(request);
    const principal: ApiPrincipal | null = secret ? tokens.resolve(secret) : null;
    if (!principal) {
      throw new AuthError(
        'unauthenticated',
        'a valid API token is required: Authorization: Bearer ll_…',
        {
          'www-authenticate': secret
            ? 'Bearer realm="leadlens", error="invalid_token"'
            : 'Bearer realm="leadlens"',
        },
      );
    }
    if (!SAFE_METHODS.has(request.method) && !principal.canWrite) {
      throw new AuthError(
        'forbidden',
        principal.scope === 'read'
          ? 'this token is read-only'
          : 'the user who created this token can no longer change data',
      );
    }
    set.headers['cache-control'] = 'no-store';
    return { principal };
  });
}
