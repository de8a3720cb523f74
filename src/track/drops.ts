/**
 * Every way a beacon can end, in one list: `stored` (a lead's visit), `counted` (daily counters
 * only), or a drop reason. Counted per outcome on /metrics; named in X-Leadlens-Drop outside
 * production.
 */
export const OUTCOMES = [
  'stored',
  'counted',
  'too_large',
  'unsupported_type',
  'invalid',
  'bot',
  'referrer_spam',
  'prefetch',
  'unknown_site',
  'site_disabled',
  'host_mismatch',
  'gpc',
  'dnt',
  'opted_out',
  'no_visit',
  'unavailable',
  'overloaded',
  'rate_limited',
  'site_rate_limited',
  'limiter_error',
] as const;
export type Outcome = (typeof OUTCOMES)[number];
export type DropReason = Exclude<Outcome, 'stored' | 'counted'>;

/** HTTP status per outcome: silent drops answer like a stored beacon (no oracle for scripts). */
export const STATUS: Record<Outcome, number> = {
  stored: 202,
  counted: 202,
  too_large: 413,
  unsupported_type: 415,
  invalid: 400,
  bot: 202,
  referrer_spam: 202,
  prefetch: 202,
  unknown_site: 404,
  site_disabled: 404,
  host_mismatch: 202,
  gpc: 202,
  dnt: 202,
  opted_out: 202,
  no_visit: 202,
  unavailable: 503,
  // The event loop is behind: refused before the body is read, so sign-in and the dashboard keep
  // their share of the CPU (src/track/overload.ts).
  overloaded: 503,
  // Floods: the client (or the whole site) is over its bucket; Retry-After says when to come back.
  rate_limited: 429,
  site_rate_limited: 429,
  // The limiter itself failed: refuse (fail closed) rather than let a flood through unchecked.
  limiter_error: 503,
};

/** A step's answer: carry on with the value, or stop with a reason (and an optional message). */
export type Step<T> = { ok: true; value: T } | { ok: false; reason: DropReason; message?: string };

export const drop = (
  reason: DropReason,
  message?: string,
): { ok: false; reason: DropReason; message?: string } => ({
  ok: false,
  reason,
  message,
});
