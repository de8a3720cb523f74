import type { AuthUser } from './model.ts';
import { newToken, sha256Hex } from './secrets.ts';
import type { AuthStore } from './store.ts';

/**
 * Session lifetime. A session ends after 12 h without a request (a working day; the dashboard is
 * opened, not lived in) or 14 days after login, whichever comes first. last_seen_at is written at
 * most once a minute, so reading the dashboard costs no write per request.
 */
export const SESSION = {
  idleMs: 12 * 3_600_000,
  maxMs: 14 * 86_400_000,
  touchEveryMs: 60_000,
} as const;

/** Cookie name over plain HTTP (development, localhost). */
export const COOKIE_NAME = 'll_session';
/**
 * Cookie name over HTTPS: the `__Host-` prefix makes browsers refuse it unless it is Secure,
 * Path=/ and host-only, so a sibling sub-domain cannot plant or shadow it.
 */
export const SECURE_COOKIE_NAME = '__Host-ll_session';

const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/** The session token the browser sent (the cookie name depends on the scheme), or null. */
export function readSessionCookie(request: Request, secure: boolean): string | null {
  const header = request.headers.get('cookie');
  if (!header) return null;
  const name = secure ? SECURE_COOKIE_NAME : COOKIE_NAME;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    const value = part.slice(eq + 1).trim();
    return TOKEN_SHAPE.test(value) ? value : null;
  }
  return null;
}

/** The Set-Cookie value for a session token; `token` null clears the cookie. */
export function sessionCookie(token: string | null, secure: boolean): string {
  const name = secure ? SECURE_COOKIE_NAME : COOKIE_NAME;
  const maxAge = token === null ? 0 : Math.floor(SESSION.maxMs / 1000);
  return `${name}=${token ?? ''}; HttpOnly; SameSite=Strict; Path=/; Max-Age=${maxAge}${secure ? '; Secure' : ''}`;
}

/**
 * Server-side sessions. The browser holds a random 256-bit token; the database holds only its
 * SHA-256, so a leaked copy of the database cannot be replayed as a cookie.
 */
export function createSessions(store: AuthStore, clock: () => number) {
  return {
    /**
     * Starts a session for a user who just proved who they are. The session the request came
     * with (if any) is deleted first: a new id at every login, so a planted id is worth nothing.
     */
    start(userId: number, previousToken: string | null): string {
      const now = clock();
      if (previousToken) store.deleteSession(sha256Hex(previousToken));
      store.deleteStaleSessions(now, now - SESSION.idleMs);
      const token = newToken();
      store.insertSession(sha256Hex(token), userId, now, now + SESSION.maxMs);
      store.touchLogin(userId, now);
      return token;
    },

    /** The user of a live session, or null (unknown, expired, idle too long, user disabled). */
    resolve(token: string | null): AuthUser | null {
      if (!token) return null;
      const id = sha256Hex(token);
      const s = store.session(id);
      if (!s) return null;
      const now = clock();
      if (now >= s.expiresAt || now - s.lastSeenAt > SESSION.idleMs) {
        store.deleteSession(id);
        return null;
      }
      if (now - s.lastSeenAt >= SESSION.touchEveryMs) store.touchSession(id, now);
      return s.user;
    },

    /** Ends one session (logout). */
    end(token: string | null): void {
      if (token) store.deleteSession(sha256Hex(token));
    },
  };
}

export type Sessions = ReturnType<typeof createSessions>;
