import type { AuthUser, Role } from '../../src/auth/model.ts';

/**
 * Rank of each role for "at least" checks. The server's ROLE_RANK lives beside a schema module
 * that imports Elysia, which must not reach the browser bundle; the server remains the judge.
 */
export const ROLE_RANK: Readonly<Record<Role, number>> = { owner: 3, admin: 2, viewer: 1 };

/** True for a signed-in admin or owner: the screens show edit controls only to them. */
export const isAdmin = (user: AuthUser | null | undefined): boolean =>
  !!user && ROLE_RANK[user.role] >= ROLE_RANK.admin;
