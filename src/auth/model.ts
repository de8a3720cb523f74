import { t } from 'elysia';

/** A dashboard role; owner > admin > viewer. */
export const Role = t.Union([t.Literal('owner'), t.Literal('admin'), t.Literal('viewer')]);
export type Role = typeof Role.static;

/** Rank of each role, for "at least" comparisons. */
export const ROLE_RANK: Readonly<Record<Role, number>> = { owner: 3, admin: 2, viewer: 1 };

/** An e-mail address as typed; the routes trim and lower-case it. */
export const Email = t.String({ format: 'email', minLength: 3, maxLength: 254 });

/** A new password: long enough to resist guessing, short enough to hash cheaply. */
export const NewPassword = t.String({ minLength: 10, maxLength: 256 });

/** A display name. */
export const Name = t.String({ minLength: 1, maxLength: 100 });

/** A random token from a link (setup, invite): base64url. */
export const Token = t.String({ minLength: 16, maxLength: 128, pattern: '^[A-Za-z0-9_-]+$' });

export const SetupInput = t.Object({
  token: Token,
  email: Email,
  name: Name,
  password: NewPassword,
});
export type SetupInput = typeof SetupInput.static;

/** Login takes any string (an old, shorter password still gets the same 401, not a 400). */
export const LoginInput = t.Object({
  email: t.String({ minLength: 1, maxLength: 254 }),
  password: t.String({ minLength: 1, maxLength: 256 }),
});
export type LoginInput = typeof LoginInput.static;

export const InviteInput = t.Object({ email: Email, role: Role });
export type InviteInput = typeof InviteInput.static;

export const AcceptInput = t.Object({ token: Token, name: Name, password: NewPassword });
export type AcceptInput = typeof AcceptInput.static;

export const RoleInput = t.Object({ role: Role });

export const UserIdParams = t.Object({ id: t.Integer({ minimum: 1 }) });

export const TokenParams = t.Object({ token: t.String({ maxLength: 128 }) });

/** The signed-in user, as the guard puts it in the context and GET /api/auth/me returns it. */
export const AuthUser = t.Object({
  id: t.Integer(),
  email: t.String(),
  name: t.String(),
  role: Role,
});
export type AuthUser = typeof AuthUser.static;

/** A user in the admin list. */
export const UserSummary = t.Object({
  id: t.Integer(),
  email: t.String(),
  name: t.String(),
  role: Role,
  createdAt: t.Integer(),
  lastLoginAt: t.Union([t.Integer(), t.Null()]),
  disabled: t.Boolean(),
});
export type UserSummary = typeof UserSummary.static;

export const SetupStatus = t.Object({ needsSetup: t.Boolean() });

export const InviteCreated = t.Object({ path: t.String(), expiresAt: t.Integer() });

export const InviteInfo = t.Object({ email: t.String(), role: Role });
export type InviteInfo = typeof InviteInfo.static;

/** The one error envelope. */
export const ErrorBody = t.Object({ error: t.Object({ code: t.String(), message: t.String() }) });
