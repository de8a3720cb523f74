import { currentLocale } from './i18n.ts';

// Intl objects are costly to build and the inbox formats many cells: one per locale and options.
const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat | Intl.RelativeTimeFormat>();
function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat | Intl.RelativeTimeFormat>(
  key: string,
  make: (locale: string) => T,
): T {
  const k = `${currentLocale()}|${key}`;
  let f = cache.get(k) as T | undefined;
  if (!f) cache.set(k, (f = make(currentLocale())));
  return f;
}

const toDate = (t: string | number | Date) => (t instanceof Date ? t : new Date(t));

/** A whole number with the locale's grouping: 12,345 or 12 345. */
export function fmtNumber(n: number): string {
  return cached('n', (l) => new Intl.NumberFormat(l)).format(n);
}

/** A calendar date, e.g. "29 Nov 2026". */
export function fmtDate(t: string | number | Date): string {
  return cached('d', (l) => new Intl.DateTimeFormat(l, { dateStyle: 'medium' })).format(toDate(t));
}

/** A date and time, e.g. "29 Nov 2026, 10:04". */
export function fmtDateTime(t: string | number | Date): string {
  return cached(
    'dt',
    (l) => new Intl.DateTimeFormat(l, { dateStyle: 'medium', timeStyle: 'short' }),
  ).format(toDate(t));
}

/** A time of day, e.g. "10:04:31". */
export function fmtTime(t: string | number | Date): string {
  return cached('t', (l) => new Intl.DateTimeFormat(l, { timeStyle: 'medium' })).format(toDate(t));
}

const STEPS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['second', 60],
  ['minute', 60],
  ['hour', 24],
  ['day', 30],
  ['month', 12],
  ['year', Number.POSITIVE_INFINITY],
];

/** "3 minutes ago", "yesterday" — relative to `now`. */
export function fmtAgo(t: string | number | Date, now = Date.now()): string {
  // Past only: a server clock a little ahead of this browser's must not say "in 2 minutes".
  let v = Math.min(0, (toDate(t).getTime() - now) / 1000);
  const rtf = cached('r', (l) => new Intl.RelativeTimeFormat(l, { numeric: 'auto' }));
  for (const [unit, size] of STEPS) {
    if (Math.abs(v) < size) return rtf.format(Math.round(v), unit);
    v /= size;
  }
  return rtf.format(Math.round(v), 'year');
}

function unit(n: number, u: 'second' | 'minute' | 'hour'): string {
  return cached(
    `u${u}`,
    (l) => new Intl.NumberFormat(l, { style: 'unit', unit: u, unitDisplay: 'narrow' }),
  ).format(n);
}

/** A duration from milliseconds: "45s", "3m 20s", "1h 5m". */
export function fmtDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return unit(s, 'second');
  const m = Math.floor(s / 60);
  if (m < 60) return `${unit(m, 'minute')} ${unit(s % 60, 'second')}`;
  return `${unit(Math.floor(m / 60), 'hour')} ${unit(m % 60, 'minute')}`;
}

const regions = new Map<string, Intl.DisplayNames>();

/** The country's name in the current language from its ISO code; the code if unknown. */
export function countryName(code: string | null | undefined): string {
  if (!code) return '';
  try {
    let names = regions.get(currentLocale());
    if (!names)
      regions.set(
        currentLocale(),
        (names = new Intl.DisplayNames([currentLocale()], { type: 'region' })),
      );
    return names.of(code.toUpperCase()) ?? code;
  } catch {
    return code;
  }
}
