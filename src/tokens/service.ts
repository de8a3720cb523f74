import { createHash, randomBytes } from 'node:crypto';
import { AuthError, ROLE_RANK, type Role } from '../auth/index.ts';
import type { Driver } from '../db/index.ts';
import type { ApiPrincipal, TokenCreated, TokenInput, TokenSummary } from './model.ts';
import { createTokenStore } from './store.ts';

/** `ll_` and 32 random bytes as base64url (43 characters): 256 bits, recognisable in a leak scan. */
export const TOKEN_SHAPE = /^ll_[A-Za-z0-9_-]{43}$/;
/** Characters of the secret kept for display (`ll_` + 6): tells tokens apart, leaves 220 bits. */
const PREFIX_LENGTH = 9;
/** last_used_at is written at most this often per token: reading the API costs no write per call. */
export const TOUCH_EVERY_MS = 60_000;

const sha256Hex = (s: string) => createHash('sha256').update(s).digest('hex');

/**
 * A fresh token secret.
 * @example newSecret() // 'll_3q2…' (46 characters)
 */
export function newSecret(): string {
  return `ll_${randomBytes(32).toString('base64url')}`;
}

/**
 * API tokens: created by an admin (the secret returned once), listed, revoked, and resolved from a
 * presented secret to the principal a /api/v1 request acts as.
 * @example
 * const tokens = createTokenService({ db, clock });
 * const { secret } = tokens.create({ name: 'CRM sync', scope: 'read' }, user.id);
 * tokens.resolve(secret) // → ApiPrincipal | null
 */
export function createTokenService(d: { db: Driver; clock?: () => number }) {
  const clock = d.clock ?? Date.now;
  const store = createTokenStore(d.db);
  return {
    create(input: TokenInput, userId: number): TokenCreated {
      const name = input.name.trim();
      if (!name) throw new AuthError('invalid', 'name is blank');
      const secret = newSecret();
      const id = store.insert(
        {
          name,
          hash: sha256Hex(secret),
          prefix: secret.slice(0, PREFIX_LENGTH),
          scope: input.scope,
          userId,
        },
        clock(),
      );
      return { token: store.byId(id)!, secret };
    },
    list: (): TokenSummary[] => store.list(),
    /** Revokes a token at once (the next request with it gets 401); false when unknown or revoked. */
    revoke: (id: number): boolean => store.revoke(id, clock()),
    /**
     * The principal of a presented secret, or null (malformed, unknown, revoked, creator removed
     * or disabled). Records the use, at most once a minute per token.
     */
    resolve(secret: string): ApiPrincipal | null {
      if (!TOKEN_SHAPE.test(secret)) return null;
      const row = store.live(sha256Hex(secret));
      if (!row) return null;
      const now = clock();
      if (row.last_used_at === null || now - row.last_used_at >= TOUCH_EVERY_MS) {
        store.touch(row.id, now);
      }
      return {
        tokenId: row.id,
        tokenName: row.name,
        scope: row.scope,
        userId: row.user_id,
        userName: row.user_name,
        canWrite: row.scope === 'write' && atLeastAdmin(row.role),
      };
    },
  };
}

// A token never does more than its creator could: one demoted to viewer leaves it read-only.
const atLeastAdmin = (role: Role) => ROLE_RANK[role] >= ROLE_RANK.admin;

export type TokenService = ReturnType<typeof createTokenService>;
