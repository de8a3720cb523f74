import type { Logger } from '../log/index.ts';
import { AuthError } from './errors.ts';
import { normalizeEmail } from './login.ts';
import {
  type AcceptInput,
  type AuthUser,
  type InviteInfo,
  type InviteInput,
  ROLE_RANK,
  type Role,
  type SetupInput,
  type UserSummary,
} from './model.ts';
import { hashPassword, newToken, safeEqual, sha256Hex } from './secrets.ts';
import type { AuthStore } from './store.ts';

/** An invitation link is valid for 7 days, once. */
export const INVITE_TTL_MS = 7 * 86_400_000;

// C0/C1 controls and bidi overrides have no place in a name shown in the dashboard and in e-mails.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const BAD_NAME = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

function cleanName(raw: string): string {
  const name = raw.trim();
  if (!name || BAD_NAME.test(name)) throw new AuthError('invalid', 'name: not a usable name');
  return name;
}

export interface UserServiceDeps {
  store: AuthStore;
  clock: () => number;
  log?: Logger;
}

/**
 * Setup, users and invitations (no HTTP here). Role rules: nobody grants a role above their own;
 * only an owner changes or removes an owner; the last active owner can be neither demoted nor
 * removed, so the installation always has someone who can manage it.
 */
export function createUserService(d: UserServiceDeps) {
  const { store, clock } = d;
  // The one-time setup token: random, in memory only, new at each start while no user exists.
  let setupToken: string | null = store.userCount() === 0 ? newToken() : null;

  // Inserts a user once `check` (run inside the transaction, after the slow hashing) still holds.
  const insertUser = (
    u: { email: string; name: string; role: Role },
    hash: string,
    check: () => void,
  ) =>
    store.transaction(() => {
      check();
      if (store.emailTaken(u.email)) throw new AuthError('conflict', 'e-mail already in use');
      return store.insertUser({ ...u, hash }, clock());
    })();

  const inviteInfo = (token: string): InviteInfo => {
    const found = store.invite(sha256Hex(token), clock());
    if (!found) throw new AuthError('not_found', 'invite not found or expired');
    return found;
  };

  const target = (id: number): UserSummary => {
    const u = store.user(id);
    if (!u) throw new AuthError('not_found', 'no such user');
    return u;
  };

  const isLastOwner = (u: UserSummary) =>
    u.role === 'owner' && !u.disabled && store.activeOwnerCount() <= 1;

  return {
    /** '/setup?token=…' while no user exists, else null (and the token is forgotten). */
    setupPath(): string | null {
      if (setupToken && store.userCount() > 0) setupToken = null;
      return setupToken ? `/setup?token=${setupToken}` : null;
    },
    needsSetup: () => store.userCount() === 0,

    /** Creates the first user, an owner; only with the setup token and only while none exists. */
    async setup(input: SetupInput): Promise<AuthUser> {
      if (store.userCount() > 0) throw new AuthError('conflict', 'already set up');
      if (!setupToken || !safeEqual(input.token, setupToken)) {
        throw new AuthError('forbidden', 'invalid setup token');
      }
      const u = {
        email: normalizeEmail(input.email),
        name: cleanName(input.name),
        role: 'owner' as const,
      };
      const hash = await hashPassword(input.password);
      const id = insertUser(u, hash, () => {
        if (store.userCount() > 0) throw new AuthError('conflict', 'already set up');
      });
      setupToken = null;
      d.log?.info('owner created at setup', { userId: id });
      return { id, ...u };
    },

    list: (): UserSummary[] => store.users(),

    /** A one-time link for a new user; the token is returned once and stored only hashed. */
    invite(by: AuthUser, input: InviteInput): { path: string; expiresAt: number } {
      if (ROLE_RANK[input.role] > ROLE_RANK[by.role]) {
        throw new AuthError('forbidden', `a ${by.role} cannot invite a ${input.role}`);
      }
      const email = normalizeEmail(input.email);
      if (store.emailTaken(email)) throw new AuthError('conflict', 'e-mail already in use');
      const now = clock();
      const token = newToken();
      const expiresAt = now + INVITE_TTL_MS;
      store.transaction(() => {
        store.dropExpiredInvites(now);
        store.insertInvite(
          sha256Hex(token),
          { email, role: input.role, createdBy: by.id },
          now,
          expiresAt,
        );
      })();
      d.log?.info('invite created', { by: by.id, role: input.role });
      return { path: `/invite?token=${token}`, expiresAt };
    },

    /** What a valid invite is for; 404 when unknown, used or expired. */
    inviteInfo,

    /** Creates the invited user and uses up the invite, atomically. */
    async accept(input: AcceptInput): Promise<AuthUser> {
      const hash = sha256Hex(input.token);
      const inv = inviteInfo(input.token);
      const u = { email: normalizeEmail(inv.email), name: cleanName(input.name), role: inv.role };
      const id = insertUser(u, await hashPassword(input.password), () => {
        if (!store.useInvite(hash, clock())) {
          throw new AuthError('not_found', 'invite not found or expired');
        }
      });
      d.log?.info('invite accepted', { userId: id, role: u.role });
      return { id, ...u };
    },

    /** Changes a user's role under the role rules. */
    changeRole(by: AuthUser, id: number, role: Role): UserSummary {
      return store.transaction(() => {
        const u = target(id);
        if ((u.role === 'owner' || role === 'owner') && by.role !== 'owner') {
          throw new AuthError('forbidden', 'only an owner can grant or change the owner role');
        }
        if (role !== 'owner' && isLastOwner(u)) {
          throw new AuthError('conflict', 'the last owner cannot be demoted');
        }
        store.setRole(id, role);
        d.log?.info('role changed', { by: by.id, userId: id, role });
        return target(id);
      })();
    },

    /** Deletes a user and, with them, all their sessions. */
    remove(by: AuthUser, id: number): void {
      store.transaction(() => {
        const u = target(id);
        if (u.role === 'owner' && by.role !== 'owner') {
          throw new AuthError('forbidden', 'only an owner can remove an owner');
        }
        if (isLastOwner(u)) throw new AuthError('conflict', 'the last owner cannot be removed');
        store.deleteUserSessions(id); // also by ON DELETE CASCADE; explicit, as it is the point
        store.deleteUser(id);
        d.log?.info('user removed', { by: by.id, userId: id });
      })();
    },
  };
}

export type UserService = ReturnType<typeof createUserService>;
