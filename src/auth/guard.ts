import { Elysia } from 'elysia';
import type { RequestFacts } from './csrf.ts';
import { AuthError } from './errors.ts';
import { type AuthUser, ROLE_RANK, type Role } from './model.ts';
import { readSessionCookie, type Sessions } from './sessions.ts';

/** How a route learns its socket peer (the Bun server, or a test's stand-in). */
export type PeerOf = (
  request: Request,
  server: { requestIP(r: Request): { address: string } | null } | null,
) => string | null;

/** The 403 every failed CSRF check answers with. */
export const csrfError = () =>
  new AuthError('csrf', 'cross-site request refused; use the dashboard on this origin');

/**
 * The guard in front of protected routes: for state-changing methods the CSRF check first (so a
 * forged request learns nothing), then the session from the cookie. Puts `user` in the context;
 * 401 without a live session, 403 on a failed CSRF check. Authenticated answers are `no-store`.
 * @example app.group('/api', (g) => g.use(auth.guard).get('/leads', ({ user }) => …))
 */
export function createGuard(d: { sessions: Sessions; facts: RequestFacts; peerOf: PeerOf }) {
  // No plugin name on purpose: a named plugin is de-duplicated, and the guard must apply in
  // every group that uses it.
  return new Elysia().derive({ as: 'scoped' }, ({ request, server, set }) => {
    const peer = d.peerOf(request, server);
    if (!d.facts.sameOrigin(request, peer)) throw csrfError();
    const token = readSessionCookie(request, d.facts.isHttps(request, peer));
    const user: AuthUser | null = d.sessions.resolve(token);
    if (!user) throw new AuthError('unauthenticated', 'sign in first');
    set.headers['cache-control'] = 'no-store';
    return { user };
  });
}

/**
 * A beforeHandle hook answering 403 unless the signed-in user's role is at least `role`
 * (owner > admin > viewer). Use behind the guard.
 * @example g.get('/users', list, { beforeHandle: requireRole('admin') })
 */
export function requireRole(role: Role) {
  return ({ user }: { user: AuthUser }): void => {
    if (ROLE_RANK[user.role] < ROLE_RANK[role]) {
      throw new AuthError('forbidden', `this needs the ${role} role`);
    }
  };
}
