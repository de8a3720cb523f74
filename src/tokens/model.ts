import { t } from 'elysia';

/** What a token may do: `read` only GETs; `write` also changes status, tags and notes. */
export const TokenScope = t.Union([t.Literal('read'), t.Literal('write')]);
export type TokenScope = typeof TokenScope.static;

/** POST /api/tokens: a name to recognise the integration by, and its scope. */
export const TokenInput = t.Object({
  name: t.String({ minLength: 1, maxLength: 100 }),
  scope: TokenScope,
});
export type TokenInput = typeof TokenInput.static;

/** A token as the settings list shows it: never the secret, only its first characters. */
export const TokenSummary = t.Object({
  id: t.Integer(),
  name: t.String(),
  scope: TokenScope,
  /** The secret's first characters (`ll_AbCdEf`), to tell tokens apart. */
  prefix: t.String(),
  createdAt: t.Integer(),
  createdBy: t.Union([t.String(), t.Null()]),
  lastUsedAt: t.Union([t.Integer(), t.Null()]),
  revokedAt: t.Union([t.Integer(), t.Null()]),
});
export type TokenSummary = typeof TokenSummary.static;

/** The answer to POST /api/tokens: the only time the secret leaves the server. */
export const TokenCreated = t.Object({ token: TokenSummary, secret: t.String() });
export type TokenCreated = typeof TokenCreated.static;

export const TokenIdParams = t.Object({ id: t.Integer({ minimum: 1 }) });

/** Who an /api/v1 request acts as: the token, and the user who created it. */
export interface ApiPrincipal {
  tokenId: number;
  tokenName: string;
  scope: TokenScope;
  /** The creator: writes are recorded in their name (status updated_by, note author id). */
  userId: number;
  userName: string;
  /** True when the token may change data: write scope and a creator who is still admin+. */
  canWrite: boolean;
}
