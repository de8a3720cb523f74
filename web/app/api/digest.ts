import type { DigestSettings } from '../../../src/alerts/digest/model.ts';
import { request } from './http.ts';

export type { DigestSettings };

/** The signed-in user's digest e-mail subscription (any role). */
export const getDigest = (signal?: AbortSignal) =>
  request<DigestSettings>('GET', '/api/me/digest', undefined, signal);
/** Subscribes (daily or weekly, one site or null for all) or unsubscribes ('off'). */
export const saveDigest = (body: DigestSettings) =>
  request<DigestSettings>('PUT', '/api/me/digest', body);
