import type { Logger } from '../log/index.ts';
import { DailyKeyer } from '../privacy/index.ts';
import { AuthError } from './errors.ts';
import type { AuthUser, LoginInput } from './model.ts';
import { FailureLimiter, type LimitRule } from './rate-limit.ts';
import { verifyPassword } from './secrets.ts';
import type { Sessions } from './sessions.ts';
import type { AuthStore } from './store.ts';

const WINDOW_MS = 15 * 60_000;

/**
 * Failed logins allowed per 15 minutes. Per account: 10, so guessing one password is hopeless,
 * while a locked-out owner waits at most 15 minutes. Per client: 30, so one client spraying many
 * accounts trips too. Limits live in memory (bounded maps); a restart clears them.
 */
export const LOGIN_LIMITS: Readonly<Record<'account' | 'client', LimitRule>> = {
  account: { max: 10, windowMs: WINDOW_MS },
  client: { max: 30, windowMs: WINDOW_MS },
};

/** Lower-cases and trims an e-mail address (users.email is unique case-insensitively too). */
export const normalizeEmail = (email: string) => email.trim().toLowerCase();

export interface LoginDeps {
  store: AuthStore;
  sessions: Sessions;
  clock: () => number;
  log?: Logger;
}

/**
 * Password login with throttling. Both limiters key by HMAC under a daily in-memory salt, so
 * neither the client address nor the e-mail is held. An attempt is counted before the password
 * is checked (and taken back on success), so a burst of parallel guesses cannot outrun the count.
 */
export function createLogin(d: LoginDeps) {
  const keyer = new DailyKeyer(d.clock, WINDOW_MS);
  const account = new FailureLimiter(LOGIN_LIMITS.account, d.clock);
  const client = new FailureLimiter(LOGIN_LIMITS.client, d.clock);

  return {
    /**
     * Checks the credentials and starts a session; `clientAddress` (from clientIp) only feeds the
     * per-client key. Unknown e-mail, wrong password and disabled user fail alike: same 401 body,
     * and the same argon2 work.
     */
    async login(
      input: LoginInput,
      clientAddress: string | null,
      previousToken: string | null,
    ): Promise<{ user: AuthUser; token: string }> {
      const email = normalizeEmail(input.email);
      const accountKeys = keyer.keys(`account|${email}`);
      const clientKeys = keyer.keys(`client|${clientAddress ?? 'unresolved'}`);
      const wait = Math.max(account.retryAfter(accountKeys), client.retryAfter(clientKeys));
      if (wait > 0) {
        d.log?.warn('login throttled');
        throw new AuthError('rate_limited', 'too many failed logins; try again later', {
          'retry-after': String(Math.ceil(wait / 1000)),
        });
      }
      account.fail(accountKeys);
      client.fail(clientKeys);
      const found = d.store.credentials(email);
      const ok = await verifyPassword(input.password, found?.hash ?? null);
      if (!ok || !found || found.disabled) {
        d.log?.info('login failed');
        throw new AuthError('unauthenticated', 'wrong e-mail or password');
      }
      account.clear(accountKeys);
      client.undo(clientKeys);
      const token = d.sessions.start(found.user.id, previousToken);
      d.log?.info('login', { userId: found.user.id });
      return { user: found.user, token };
    },
  };
}
