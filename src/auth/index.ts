import type { Config } from '../config/index.ts';
import type { Driver } from '../db/index.ts';
import type { Logger } from '../log/index.ts';
import { createCidrMatcher } from '../track/index.ts';
import { createRequestFacts } from './csrf.ts';
import { createGuard, type PeerOf, requireRole } from './guard.ts';
import { createLogin } from './login.ts';
import { createAuthRoutes, PUBLIC_API_ROUTES } from './routes.ts';
import { warmDummyHash } from './secrets.ts';
import { createSessions } from './sessions.ts';
import { createAuthStore } from './store.ts';
import { createUserService } from './users.ts';

export {
  AuthError,
  type AuthErrorCode,
  inputErrorResponse,
  validationMessage,
} from './errors.ts';
export { LOGIN_LIMITS } from './login.ts';
export { AuthUser, ROLE_RANK, Role, UserSummary } from './model.ts';
export { COOKIE_NAME, SECURE_COOKIE_NAME, SESSION } from './sessions.ts';
export { INVITE_TTL_MS } from './users.ts';
export type { PeerOf };

export interface AuthDeps {
  db: Driver;
  config: Pick<Readonly<Config>, 'trustedProxies'>;
  clock?: () => number;
  log?: Logger;
  /** The socket peer of a request: `server.requestIP(request)` in production, a stand-in in tests. */
  peerOf: PeerOf;
}

/**
 * Access control for the admin dashboard: first-start setup, password login with server-side
 * sessions, users and invitations, a CSRF-checking session guard, and role checks.
 * @example
 * const auth = createAuth({ db, config, log, peerOf });
 * app.use(auth.routes).group('/api', (g) =>
 *   g.use(auth.guard).get('/leads', ({ user }) => …, { beforeHandle: auth.requireRole('viewer') }));
 * const setup = auth.setupUrlPath(); // print once at start: '/setup?token=…' or null
 */
export function createAuth(d: AuthDeps) {
  const clock = d.clock ?? Date.now;
  const store = createAuthStore(d.db);
  const trusted = createCidrMatcher(d.config.trustedProxies);
  const facts = createRequestFacts(trusted);
  const sessions = createSessions(store, clock);
  const users = createUserService({ store, clock, log: d.log });
  const { login } = createLogin({ store, sessions, clock, log: d.log });
  // Hash the throw-away password now, so the first login for an unknown e-mail is not slower.
  warmDummyHash().catch((e) => d.log?.error('password hashing failed', { error: String(e) }));
  const guard = createGuard({ sessions, facts, peerOf: d.peerOf });
  return {
    /** The auth API (Elysia plugin): setup, login, logout, me, users, invites. */
    routes: createAuthRoutes({ users, login, sessions, facts, trusted, peerOf: d.peerOf, guard }),
    /** `.use()` in front of protected routes: `user` in the context, 401/403 otherwise. */
    guard,
    /** beforeHandle hook: 403 unless the user's role is at least the given one. */
    requireRole,
    /** '/setup?token=…' while no user exists (print it at start), else null. */
    setupUrlPath: (): string | null => users.setupPath(),
    /** The '/api/…' paths that need no session (for the route-table test). */
    publicApiRoutes: PUBLIC_API_ROUTES as readonly string[],
  };
}

export type Auth = ReturnType<typeof createAuth>;
