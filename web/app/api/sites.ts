import type { Site, SiteInput } from '../../../src/sites/model.ts';
import { qs, request } from './http.ts';

export type { Site, SiteInput };

/** Every site, by name. */
export const listSites = (signal?: AbortSignal) =>
  request<Site[]>('GET', '/api/sites', undefined, signal);
/** One site (with its last beacon: the "installed?" check). */
export const getSite = (id: number, signal?: AbortSignal) =>
  request<Site>('GET', `/api/sites/${id}`, undefined, signal);
/** Creates a site. */
export const createSite = (body: SiteInput) => request<Site>('POST', '/api/sites', body);
/** Changes a site's settings. */
export const updateSite = (id: number, body: Partial<SiteInput>) =>
  request<Site>('PATCH', `/api/sites/${id}`, body);
/** Deletes a site and its visits. */
export const deleteSite = (id: number) => request<void>('DELETE', `/api/sites/${id}`);
/** The tracking snippet for pages of this site, pointing at `base` (this server's origin). */
export const getSnippet = (id: number, base: string, signal?: AbortSignal) =>
  request<{ html: string }>('GET', `/api/sites/${id}/snippet${qs({ base })}`, undefined, signal);
/** The key-page patterns that raise the lead score. */
export const getKeyPages = (id: number, signal?: AbortSignal) =>
  request<{ patterns: string[] }>('GET', `/api/sites/${id}/key-pages`, undefined, signal);
/** Replaces the key-page patterns. */
export const setKeyPages = (id: number, patterns: string[]) =>
  request<{ patterns: string[] }>('PUT', `/api/sites/${id}/key-pages`, { patterns });
