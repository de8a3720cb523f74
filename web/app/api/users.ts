import type { InviteInput, Role, UserSummary } from '../../../src/auth/model.ts';
import { request } from './http.ts';

export type { Role, UserSummary };

/** Every user (admin and owner only). */
export const listUsers = (signal?: AbortSignal) =>
  request<UserSummary[]>('GET', '/api/users', undefined, signal);
/** Creates a one-time invite link; `path` is relative to this origin. */
export const createInvite = (body: InviteInput) =>
  request<{ path: string; expiresAt: number }>('POST', '/api/invites', body);
/** Changes a user's role. */
export const changeRole = (id: number, role: Role) =>
  request<UserSummary>('PATCH', `/api/users/${id}`, { role });
/** Removes a user and their sessions. */
export const removeUser = (id: number) => request<void>('DELETE', `/api/users/${id}`);
