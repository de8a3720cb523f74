import { Elysia } from 'elysia';
import { openDatabase } from '../db/index.ts';
import { createLogger } from '../log/index.ts';
import { tempDir } from '../testing/tmp.ts';
import { createAuth } from './index.ts';

/** The origin test requests are addressed to (and, by default, come from). */
export const ORIGIN = 'http://leadlens.test';

export interface Call {
  body?: unknown;
  /** Session token sent as the ll_session cookie. */
  cookie?: string | null;
  /** Extra headers; null removes a default one (origin, content-type). */
  headers?: Record<string, string | null>;
  /** Socket peer of the request. */
  from?: string;
  /** Base URL (scheme and host) the request is addressed to. */
  base?: string;
}

/** The value of the session cookie set by a response, or null. */
export function setCookieToken(res: Response): string | null {
  const m = /(?:^|\s)(?:__Host-)?ll_session=([^;]*)/.exec(res.headers.get('set-cookie') ?? '');
  return m?.[1] || null;
}

/**
 * One auth instance on its own temp DB, mounted the way the brief says a host app would, with a
 * fake clock and peer; logs are captured so tests can scan them.
 */
export function authKit(opts: { trustedProxies?: string[] } = {}) {
  const tmp = tempDir('leadlens-auth-');
  const db = openDatabase(tmp.path('x.db'));
  const now = { t: Date.UTC(2026, 0, 15, 10, 0, 0) };
  let peer = '198.51.100.7';
  const logs: string[] = [];
  const log = createLogger('debug', { write: (s: string) => logs.push(s) });
  const auth = createAuth({
    db,
    config: { trustedProxies: opts.trustedProxies ?? [] },
    clock: () => now.t,
    log,
    peerOf: () => peer,
  });
  const app = new Elysia()
    .use(auth.routes)
    .group('/api', (g) =>
      g
        .use(auth.guard)
        .get('/secret', ({ user }) => ({ user }))
        .post('/secret', ({ user }) => ({ ok: true, by: user.id })),
    )
    .get('/public-after', () => 'open');

  const call = (method: string, path: string, c: Call = {}): Promise<Response> => {
    if (c.from) peer = c.from;
    const headers = new Headers({ origin: ORIGIN });
    if (c.body !== undefined) headers.set('content-type', 'application/json');
    if (c.cookie) headers.set('cookie', `ll_session=${c.cookie}`);
    for (const [k, v] of Object.entries(c.headers ?? {})) {
      if (v === null) headers.delete(k);
      else headers.set(k, v);
    }
    const body = c.body === undefined ? undefined : JSON.stringify(c.body);
    return app.handle(new Request(`${c.base ?? ORIGIN}${path}`, { method, headers, body }));
  };

  const setupToken = () => new URLSearchParams(auth.setupUrlPath()!.split('?')[1]).get('token')!;

  return {
    db,
    dir: tmp.dir,
    auth,
    app,
    now,
    logs,
    call,
    setupToken,
    /** Runs setup for an owner; returns the session token. */
    async setup(email = 'owner@example.com', password = 'correct horse battery') {
      const res = await call('POST', '/api/setup', {
        body: { token: setupToken(), email, name: 'Olivia Owner', password },
      });
      if (res.status !== 200) throw new Error(`setup: ${res.status} ${await res.text()}`);
      return setCookieToken(res)!;
    },
    /** Logs in; returns the response. */
    login: (email: string, password: string, c: Call = {}) =>
      call('POST', '/api/auth/login', { ...c, body: { email, password } }),
    /** Invites and accepts a user with `role`; returns their id and session token. */
    async addUser(ownerCookie: string, email: string, role: 'owner' | 'admin' | 'viewer') {
      const inv = await call('POST', '/api/invites', {
        cookie: ownerCookie,
        body: { email, role },
      });
      if (inv.status !== 200) throw new Error(`invite: ${inv.status} ${await inv.text()}`);
      const token = new URLSearchParams(
        ((await inv.json()) as { path: string }).path.split('?')[1],
      ).get('token')!;
      const res = await call('POST', '/api/invites/accept', {
        body: { token, name: role, password: `${role} password 123` },
      });
      if (res.status !== 200) throw new Error(`accept: ${res.status} ${await res.text()}`);
      return { id: ((await res.json()) as { id: number }).id, cookie: setCookieToken(res)! };
    },
    close() {
      db.close();
      tmp.cleanup();
    },
  };
}

export type AuthKit = ReturnType<typeof authKit>;
