import type {
  AcceptInput,
  AuthUser,
  InviteInfo,
  LoginInput,
  SetupInput,
} from '../../../src/auth/model.ts';
import { request } from './http.ts';

export type { AuthUser, InviteInfo };

/** Whether the instance still waits for its owner account. */
export const getSetupStatus = () => request<{ needsSetup: boolean }>('GET', '/api/setup');
/** Creates the owner with the one-time setup token; signs in. */
export const setupOwner = (body: SetupInput) => request<AuthUser>('POST', '/api/setup', body);
/** Signs in (sets the session cookie). */
export const login = (body: LoginInput) => request<AuthUser>('POST', '/api/auth/login', body);
/** Ends the session server side. */
export const logout = () => request<void>('POST', '/api/auth/logout');
/** The signed-in user; 401 without a session. */
export const me = (signal?: AbortSignal) =>
  request<AuthUser>('GET', '/api/auth/me', undefined, signal);
/** Who an invite link is for. */
export const getInvite = (token: string) =>
  request<InviteInfo>('GET', `/api/invites/${encodeURIComponent(token)}`);
/** Accepts an invite: creates the account and signs in. */
export const acceptInvite = (body: AcceptInput) =>
  request<AuthUser>('POST', '/api/invites/accept', body);
