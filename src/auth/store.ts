import type { Driver } from '../db/index.ts';
import type { AuthUser, Role, UserSummary } from './model.ts';

interface UserRow {
  id: number;
  email: string;
  name: string;
  password_hash: string;
  role: Role;
  created_at: number;
  last_login_at: number | null;
  disabled: number;
}

interface SessionRow {
  id: string;
  last_seen_at: number;
  expires_at: number;
  user_id: number;
  email: string;
  name: string;
  role: Role;
}

/** A session with its user, as looked up by the hash of the cookie token. */
export interface SessionWithUser {
  id: string;
  lastSeenAt: number;
  expiresAt: number;
  user: AuthUser;
}

const USER = 'id, email, name, password_hash, role, created_at, last_login_at, disabled';

const toSummary = (r: UserRow): UserSummary => ({
  id: r.id,
  email: r.email,
  name: r.name,
  role: r.role,
  createdAt: r.created_at,
  lastLoginAt: r.last_login_at,
  disabled: r.disabled === 1,
});

/** The user without its password hash. */
export const toAuthUser = (r: { id: number; email: string; name: string; role: Role }) => ({
  id: r.id,
  email: r.email,
  name: r.name,
  role: r.role,
});

/**
 * All SQL of the auth tables, prepared once, parameters bound. Tokens arrive here already hashed.
 * @example const store = createAuthStore(db); store.userCount()
 */
export function createAuthStore(db: Driver) {
  const q = {
    userCount: db.prepare<{ n: number }>('SELECT count(*) AS n FROM users'),
    activeOwners: db.prepare<{ n: number }>(
      "SELECT count(*) AS n FROM users WHERE role = 'owner' AND disabled = 0",
    ),
    userByEmail: db.prepare<UserRow>(`SELECT ${USER} FROM users WHERE email = ?`),
    userById: db.prepare<UserRow>(`SELECT ${USER} FROM users WHERE id = ?`),
    users: db.prepare<UserRow>(`SELECT ${USER} FROM users ORDER BY created_at, id`),
    insertUser: db.prepare<{ id: number }>(
      `INSERT INTO users (email, name, password_hash, role, created_at) VALUES (?, ?, ?, ?, ?)
       RETURNING id`,
    ),
    setRole: db.prepare('UPDATE users SET role = ? WHERE id = ?'),
    setPassword: db.prepare('UPDATE users SET password_hash = ? WHERE id = ?'),
    deleteUser: db.prepare('DELETE FROM users WHERE id = ?'),
    touchLogin: db.prepare('UPDATE users SET last_login_at = ? WHERE id = ?'),
    insertSession: db.prepare(
      `INSERT INTO auth_sessions (id, user_id, created_at, last_seen_at, expires_at)
       VALUES (?, ?, ?, ?, ?)`,
    ),
    session: db.prepare<SessionRow>(
      `SELECT s.id, s.last_seen_at, s.expires_at, u.id AS user_id, u.email, u.name, u.role
       FROM auth_sessions s JOIN users u ON u.id = s.user_id
       WHERE s.id = ? AND u.disabled = 0`,
    ),
    touchSession: db.prepare('UPDATE auth_sessions SET last_seen_at = ? WHERE id = ?'),
    deleteSession: db.prepare('DELETE FROM auth_sessions WHERE id = ?'),
    deleteUserSessions: db.prepare('DELETE FROM auth_sessions WHERE user_id = ?'),
    deleteStale: db.prepare('DELETE FROM auth_sessions WHERE expires_at <= ? OR last_seen_at <= ?'),
    insertInvite: db.prepare(
      `INSERT INTO invites (token_hash, email, role, created_by, created_at, expires_at)
       VALUES (?, ?, ?, ?, ?, ?)`,
    ),
    invite: db.prepare<{ email: string; role: Role }>(
      `SELECT email, role FROM invites
       WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?`,
    ),
    useInvite: db.prepare(
      `UPDATE invites SET used_at = ?
       WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?`,
    ),
    dropPendingInvites: db.prepare('DELETE FROM invites WHERE email = ? AND used_at IS NULL'),
    dropExpiredInvites: db.prepare('DELETE FROM invites WHERE used_at IS NULL AND expires_at <= ?'),
  };

  return {
    transaction: db.transaction.bind(db),
    userCount: () => q.userCount.get()!.n,
    activeOwnerCount: () => q.activeOwners.get()!.n,
    /** The user and password hash for a login (e-mail compared case-insensitively). */
    credentials(email: string) {
      const r = q.userByEmail.get(email);
      return r ? { user: toAuthUser(r), hash: r.password_hash, disabled: r.disabled === 1 } : null;
    },
    emailTaken: (email: string) => q.userByEmail.get(email) !== undefined,
    user(id: number): UserSummary | null {
      const r = q.userById.get(id);
      return r ? toSummary(r) : null;
    },
    users: (): UserSummary[] => q.users.all().map(toSummary),
    insertUser(u: { email: string; name: string; hash: string; role: Role }, now: number): number {
      return q.insertUser.get(u.email, u.name, u.hash, u.role, now)!.id;
    },
    setRole: (id: number, role: Role) => q.setRole.run(role, id).changes,
    /** A new password hash (`leadlens user reset-password`); the caller ends the sessions. */
    setPasswordHash: (id: number, hash: string) => q.setPassword.run(hash, id).changes,
    deleteUser: (id: number) => q.deleteUser.run(id).changes,
    touchLogin: (id: number, now: number) => void q.touchLogin.run(now, id),

    insertSession(id: string, userId: number, now: number, expiresAt: number): void {
      q.insertSession.run(id, userId, now, now, expiresAt);
    },
    session(id: string): SessionWithUser | null {
      const r = q.session.get(id);
      if (!r) return null;
      return {
        id: r.id,
        lastSeenAt: r.last_seen_at,
        expiresAt: r.expires_at,
        user: toAuthUser({ ...r, id: r.user_id }),
      };
    },
    touchSession: (id: string, now: number) => void q.touchSession.run(now, id),
    deleteSession: (id: string) => void q.deleteSession.run(id),
    deleteUserSessions: (userId: number) => void q.deleteUserSessions.run(userId),
    /** Deletes sessions past their absolute end or idle since before `idleBefore`. */
    deleteStaleSessions: (now: number, idleBefore: number) =>
      q.deleteStale.run(now, idleBefore).changes,

    insertInvite(
      hash: string,
      i: { email: string; role: Role; createdBy: number | null },
      now: number,
      expiresAt: number,
    ): void {
      q.dropPendingInvites.run(i.email); // one live link per address: the newest
      q.insertInvite.run(hash, i.email, i.role, i.createdBy, now, expiresAt);
    },
    invite: (hash: string, now: number) => q.invite.get(hash, now) ?? null,
    /** Marks an invite used; false when it was already used or expired (one-time). */
    useInvite: (hash: string, now: number) => q.useInvite.run(now, hash, now).changes === 1,
    dropExpiredInvites: (now: number) => void q.dropExpiredInvites.run(now),
  };
}

export type AuthStore = ReturnType<typeof createAuthStore>;
