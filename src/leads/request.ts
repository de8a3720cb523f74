import { AuthError } from '../auth/index.ts';
import type { InboxQuery } from './model.ts';
import type { InboxRequest } from './plan.ts';
import { INBOX_WINDOW_DAYS } from './refresh.ts';
import { dayOf } from './rollups.ts';

const invalid = (message: string) => new AuthError('invalid', message);

/** A YYYY-MM-DD calendar date as a UTC day number, or null. */
function parseDay(s: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return null;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return new Date(ms).toISOString().startsWith(s) ? dayOf(ms) : null;
}

/**
 * A validated inbox query as the planner's request. The range: `to` defaults to today, `from` to
 * 30 days ending at `to` (UTC). Throws AuthError('invalid') for impossible dates or from > to.
 * Shared by the inbox and the CSV exports, so both select the same companies.
 * @example toInboxRequest({ country: 'DE' }, Date.now(), null).fromDay // today - 29
 */
export function toInboxRequest(q: InboxQuery, now: number, seenAt: number | null): InboxRequest {
  const today = dayOf(now);
  const toDay = q.to ? parseDay(q.to) : today;
  const fromDay = q.from ? parseDay(q.from) : toDay === null ? null : toDay - INBOX_WINDOW_DAYS + 1;
  if (toDay === null || fromDay === null) throw invalid('from and to must be dates (YYYY-MM-DD)');
  if (fromDay > toDay) throw invalid('from is after to');
  const { from: _f, to: _t, site, sort, limit, ...filters } = q;
  return {
    ...filters,
    tag: filters.tag?.trim() || undefined,
    fromDay,
    toDay,
    today,
    site: site ?? null,
    sort: sort ?? 'last',
    limit: Math.floor(limit ?? 50),
    seenAt,
  };
}
