import type { Role } from '../auth/index.ts';
import type { Driver } from '../db/index.ts';
import type { TokenScope, TokenSummary } from './model.ts';

interface SummaryRow {
  id: number;
  name: string;
  scope: TokenScope;
  prefix: string;
  created_at: number;
  created_by_name: string | null;
  last_used_at: number | null;
  revoked_at: number | null;
}

/** A live token with its creator, as looked up by the hash of the presented secret. */
export interface LiveTokenRow {
  id: number;
  name: string;
  scope: TokenScope;
  last_used_at: number | null;
  user_id: number;
  user_name: string;
  role: Role;
}

const toSummary = (r: SummaryRow): TokenSummary => ({
  id: r.id,
  name: r.name,
  scope: r.scope,
  prefix: r.prefix,
  createdAt: r.created_at,
  createdBy: r.created_by_name,
  lastUsedAt: r.last_used_at,
  revokedAt: r.revoked_at,
});

const SUMMARY = `SELECT k.id, k.name, k.scope, k.prefix, k.created_at, u.name AS created_by_name,
  k.last_used_at, k.revoked_at FROM api_tokens k LEFT JOIN users u ON u.id = k.created_by`;

/**
 * The api_tokens table's SQL, prepared once, every value bound. Secrets arrive already hashed.
 * @example const store = createTokenStore(db); store.list()
 */
export function createTokenStore(db: Driver) {
  const q = {
    insert: db.prepare<{ id: number }>(
      `INSERT INTO api_tokens (name, token_hash, prefix, scope, created_by, created_at)
       VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
    ),
    byId: db.prepare<SummaryRow>(`${SUMMARY} WHERE k.id = ?`),
    // Live tokens first (newest first), then the revoked ones.
    list: db.prepare<SummaryRow>(
      `${SUMMARY} ORDER BY k.revoked_at IS NOT NULL, k.created_at DESC, k.id DESC`,
    ),
    live: db.prepare<LiveTokenRow>(
      `SELECT k.id, k.name, k.scope, k.last_used_at, u.id AS user_id, u.name AS user_name, u.role
         FROM api_tokens k JOIN users u ON u.id = k.created_by
        WHERE k.token_hash = ? AND k.revoked_at IS NULL AND u.disabled = 0`,
    ),
    touch: db.prepare('UPDATE api_tokens SET last_used_at = ? WHERE id = ?'),
    revoke: db.prepare('UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL'),
  };
  return {
    insert(
      t: { name: string; hash: string; prefix: string; scope: TokenScope; userId: number },
      now: number,
    ): number {
      return q.insert.get(t.name, t.hash, t.prefix, t.scope, t.userId, now)!.id;
    },
    byId(id: number): TokenSummary | null {
      const r = q.byId.get(id);
      return r ? toSummary(r) : null;
    },
    list: (): TokenSummary[] => q.list.all().map(toSummary),
    /** The unrevoked token with this hash whose creator is still enabled, or null. */
    live: (hash: string): LiveTokenRow | null => q.live.get(hash) ?? null,
    touch: (id: number, now: number) => void q.touch.run(now, id),
    /** Marks a token revoked; false when there is no such live token. */
    revoke: (id: number, now: number): boolean => q.revoke.run(now, id).changes === 1,
  };
}

export type TokenStore = ReturnType<typeof createTokenStore>;
