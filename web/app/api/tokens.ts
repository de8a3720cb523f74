import type { TokenCreated, TokenInput, TokenSummary } from '../../../src/tokens/model.ts';
import { request } from './http.ts';

export type { TokenCreated, TokenInput, TokenSummary };

/** Every API token, live first (admin and owner only). */
export const listTokens = (signal?: AbortSignal) =>
  request<TokenSummary[]>('GET', '/api/tokens', undefined, signal);
/** Creates a token; the answer's `secret` is the only copy there will ever be. */
export const createToken = (body: TokenInput) => request<TokenCreated>('POST', '/api/tokens', body);
/** Revokes a token: the next request with it gets 401. */
export const revokeToken = (id: number) => request<void>('DELETE', `/api/tokens/${id}`);
