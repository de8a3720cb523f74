import type { InboxQuery } from './api/companies.ts';
import type { SortKey } from './labels.ts';

/** The inbox filters as the address bar holds them (so a filtered view can be bookmarked). */
export interface InboxFilters {
  q: string;
  from: string;
  to: string;
  site: string;
  country: string;
  class: string;
  industry: string;
  employees: string;
  tag: string;
  status: string;
  page: string;
  minVisits: string;
  sort: SortKey;
}

const KEYS = [
  'q',
  'from',
  'to',
  'site',
  'country',
  'class',
  'industry',
  'employees',
  'tag',
  'status',
  'page',
  'minVisits',
] as const;

/** The filters hidden behind "More filters" (counted on its button). */
export const MORE_KEYS = [
  'country',
  'class',
  'industry',
  'employees',
  'tag',
  'status',
  'page',
  'minVisits',
] as const;

/** No filter, newest first. */
export const NO_FILTERS: InboxFilters = {
  ...(Object.fromEntries(KEYS.map((k) => [k, ''])) as Omit<InboxFilters, 'sort'>),
  sort: 'last',
};

/**
 * Filters from a query string; unknown sorts fall back to 'last'.
 * @example readFilters('?q=acme&sort=score').sort // 'score'
 */
export function readFilters(search: string): InboxFilters {
  const p = new URLSearchParams(search);
  const f: InboxFilters = { ...NO_FILTERS };
  for (const k of KEYS) f[k] = p.get(k)?.trim() ?? '';
  const sort = p.get('sort');
  if (sort === 'score' || sort === 'visits' || sort === 'pageviews') f.sort = sort;
  return f;
}

/**
 * The query string for filters ('' when none), default sort omitted.
 * @example writeFilters({ ...NO_FILTERS, q: 'acme' }) // '?q=acme'
 */
export function writeFilters(f: InboxFilters): string {
  const p = new URLSearchParams();
  for (const k of KEYS) if (f[k]) p.set(k, f[k]);
  if (f.sort !== 'last') p.set('sort', f.sort);
  const s = p.toString();
  return s ? `?${s}` : '';
}

/** Whether any filter (not the sort) is set. */
export function hasFilters(f: InboxFilters): boolean {
  return KEYS.some((k) => f[k] !== '');
}

/** The API query for filters: a page of `limit` rows after `cursor`. */
export function toInboxQuery(f: InboxFilters, cursor: string | null, limit = 100): InboxQuery {
  const q: Record<string, string | number> = { sort: f.sort, limit };
  for (const k of KEYS) {
    if (!f[k]) continue;
    // The API matches countries as upper-case ISO codes; people type "de".
    q[k] = k === 'country' ? f[k].toUpperCase() : f[k];
  }
  if (cursor) q.cursor = cursor;
  return q as InboxQuery;
}
