import { Elysia, t } from 'elysia';
import { clientIp } from '../track/index.ts';
import type { RequestFacts } from './csrf.ts';
import { inputErrorResponse } from './errors.ts';
import { type createGuard, csrfError, type PeerOf, requireRole } from './guard.ts';
import type { createLogin } from './login.ts';
import {
  AcceptInput,
  AuthUser,
  InviteCreated,
  InviteInfo,
  InviteInput,
  LoginInput,
  RoleInput,
  SetupInput,
  SetupStatus,
  TokenParams,
  UserIdParams,
  UserSummary,
} from './model.ts';
import { readSessionCookie, type Sessions, sessionCookie } from './sessions.ts';
import type { UserService } from './users.ts';

/** The public auth API paths (no session needed); every other /api path sits behind the guard. */
export const PUBLIC_API_ROUTES = [
  '/api/setup',
  '/api/auth/login',
  '/api/invites/:token',
  '/api/invites/accept',
] as const;

export interface AuthRouteDeps {
  users: UserService;
  login: ReturnType<typeof createLogin>['login'];
  sessions: Sessions;
  facts: RequestFacts;
  trusted: (ip: string) => boolean;
  peerOf: PeerOf;
  guard: ReturnType<typeof createGuard>;
}

type Server = Parameters<PeerOf>[1];

/**
 * The auth API. Public: GET/POST /api/setup, POST /api/auth/login, GET /api/invites/:token,
 * POST /api/invites/accept. Behind the guard: GET /api/auth/me, POST /api/auth/logout,
 * GET /api/users, POST /api/invites (admin+), PATCH and DELETE /api/users/:id (admin+).
 * Every state-changing route, public or not, passes the CSRF check before its body is validated.
 */
export function createAuthRoutes(d: AuthRouteDeps) {
  /** Starts a session (rotating any the request came with) and sets the cookie. */
  const signIn = (
    userId: number,
    request: Request,
    server: Server,
    headers: Record<string, string | number>,
  ) => {
    const secure = d.facts.isHttps(request, d.peerOf(request, server));
    const token = d.sessions.start(userId, readSessionCookie(request, secure));
    headers['set-cookie'] = sessionCookie(token, secure);
    headers['cache-control'] = 'no-store';
  };

  return (
    new Elysia()
      .onError(({ code }) => inputErrorResponse(code))
      // Transform runs before validation: a forged request gets 403 whatever its body.
      .onTransform(({ request, server }) => {
        if (!d.facts.sameOrigin(request, d.peerOf(request, server))) throw csrfError();
      })
      .get('/api/setup', () => ({ needsSetup: d.users.needsSetup() }), {
        response: { 200: SetupStatus },
      })
      .post(
        '/api/setup',
        async ({ body, request, server, set }) => {
          const user = await d.users.setup(body);
          signIn(user.id, request, server, set.headers);
          return user;
        },
        { body: SetupInput, response: { 200: AuthUser } },
      )
      .post(
        '/api/auth/login',
        async ({ body, request, server, set }) => {
          const peer = d.peerOf(request, server);
          const secure = d.facts.isHttps(request, peer);
          // The address only feeds the limiter's HMAC key and is dropped with the request.
          const address = clientIp(peer, request.headers.get('x-forwarded-for'), d.trusted);
          const previous = readSessionCookie(request, secure);
          const { user, token } = await d.login(body, address, previous);
          set.headers['set-cookie'] = sessionCookie(token, secure);
          set.headers['cache-control'] = 'no-store';
          return user;
        },
        { body: LoginInput, response: { 200: AuthUser } },
      )
      .get('/api/invites/:token', ({ params }) => d.users.inviteInfo(params.token), {
        params: TokenParams,
        response: { 200: InviteInfo },
      })
      .post(
        '/api/invites/accept',
        async ({ body, request, server, set }) => {
          const user = await d.users.accept(body);
          signIn(user.id, request, server, set.headers);
          return user;
        },
        { body: AcceptInput, response: { 200: AuthUser } },
      )
      .use(d.guard)
      .get('/api/auth/me', ({ user }) => user, { response: { 200: AuthUser } })
      .post('/api/auth/logout', ({ request, server }) => {
        const secure = d.facts.isHttps(request, d.peerOf(request, server));
        d.sessions.end(readSessionCookie(request, secure));
        return new Response(null, {
          status: 204,
          headers: { 'set-cookie': sessionCookie(null, secure), 'cache-control': 'no-store' },
        });
      })
      .get('/api/users', () => d.users.list(), {
        beforeHandle: requireRole('admin'),
        response: { 200: t.Array(UserSummary) },
      })
      .post('/api/invites', ({ user, body }) => d.users.invite(user, body), {
        beforeHandle: requireRole('admin'),
        body: InviteInput,
        response: { 200: InviteCreated },
      })
      .patch(
        '/api/users/:id',
        ({ user, params, body }) => d.users.changeRole(user, params.id, body.role),
        {
          beforeHandle: requireRole('admin'),
          params: UserIdParams,
          body: RoleInput,
          response: { 200: UserSummary },
        },
      )
      .delete(
        '/api/users/:id',
        ({ user, params }) => {
          d.users.remove(user, params.id);
          return new Response(null, { status: 204 });
        },
        { beforeHandle: requireRole('admin'), params: UserIdParams },
      )
  );
}
