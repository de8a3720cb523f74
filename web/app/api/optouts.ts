import type { Optout } from '../../../src/privacy/optout.ts';
import type { OptoutRequest } from '../../../src/privacy/optout-requests.ts';
import { qs, request } from './http.ts';

export type { Optout, OptoutRequest };

/** A company the admin can pick when adding an opt-out. */
export interface CompanyHit {
  id: number;
  name: string;
  domain: string | null;
}

/** Every opt-out, newest first. */
export const listOptouts = (signal?: AbortSignal) =>
  request<Optout[]>('GET', '/api/optouts', undefined, signal);
/** Opts out a company (by id or domain) or the network a range resolves to; deletes its history. */
export const addOptout = (by: { companyId: number } | { domain: string } | { range: string }) =>
  request<Optout>('POST', '/api/optouts', by);
/** Undoes an opt-out (the deleted history stays deleted). */
export const removeOptout = (id: number) => request<void>('DELETE', `/api/optouts/${id}`);
/** Companies whose name or domain contains `q` (at most 20). */
export const searchCompanies = (q: string, signal?: AbortSignal) =>
  request<CompanyHit[]>('GET', `/api/optouts/companies${qs({ q })}`, undefined, signal);
/** The review queue of requests from the public form. */
export const listOptoutRequests = (signal?: AbortSignal) =>
  request<OptoutRequest[]>('GET', '/api/optout-requests', undefined, signal);
/** Approves (opts out the matching company) or rejects a request. */
export const decideOptoutRequest = (id: number, decision: 'approve' | 'reject') =>
  request<unknown>('POST', `/api/optout-requests/${id}/${decision}`);
