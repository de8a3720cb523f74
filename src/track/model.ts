import { TypeCompiler } from '@sinclair/typebox/compiler';
import { t } from 'elysia';

/** Caps from the tracking contract (web/tracker/README.md). */
export const LIMITS = { body: 8 * 1024, url: 2048, title: 512, key: 64 } as const;

/**
 * The beacon the tracker sends (a JSON text/plain body). Unknown keys are ignored, never stored:
 * an `ip` field in a body is just noise (the address comes from the socket).
 */
export const Beacon = t.Object({
  s: t.String({ minLength: 1, maxLength: LIMITS.key, pattern: '^[A-Za-z0-9_-]+$' }),
  e: t.Optional(t.Union([t.Literal('pageview'), t.Literal('engagement')])),
  u: t.String({ minLength: 1, maxLength: LIMITS.url }),
  r: t.Optional(t.String({ maxLength: LIMITS.url })),
  t: t.Optional(t.String({ maxLength: LIMITS.title })),
  w: t.Optional(t.Integer({ minimum: 0, maximum: 100_000 })),
  m: t.Optional(t.Integer({ minimum: 0, maximum: 86_400_000 })),
});
export type Beacon = typeof Beacon.static;

/** The error body every rejected request gets. */
export const ErrorBody = t.Object({ error: t.Object({ code: t.String(), message: t.String() }) });

const check = TypeCompiler.Compile(Beacon);

/** A validated beacon, normalised: URLs parsed, text cleaned. */
export interface CleanBeacon {
  key: string;
  event: 'pageview' | 'engagement';
  url: URL;
  referrer: URL | null;
  title: string | null;
  width: number | null;
  engagedMs: number;
}

// C0 controls, DEL and C1 controls (NUL, CR, LF, ESC, the 8-bit CSI…).
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]+/g;

/** Control characters become spaces, lone surrogates U+FFFD: stored text is always well-formed. */
export function cleanText(s: string, max: number): string {
  return s.toWellFormed().replace(CONTROL, ' ').trim().slice(0, max);
}

function httpUrl(s: string): URL | null {
  if (!URL.canParse(s)) return null;
  const u = new URL(s);
  return u.protocol === 'http:' || u.protocol === 'https:' ? u : null;
}

/**
 * Parses and validates a beacon body. Returns the beacon, or a message saying what is wrong
 * (safe to send back: it names a field, never echoes the body).
 */
export function parseBeacon(body: string): CleanBeacon | string {
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch {
    return 'body is not valid JSON';
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    return 'body must be a JSON object';
  if (!check.Check(data)) {
    const e = check.Errors(data).First();
    return `${e?.path.slice(1) || 'body'}: ${e?.message ?? 'invalid'}`;
  }
  const url = httpUrl(data.u);
  if (!url) return 'u: must be an http(s) URL';
  let referrer: URL | null = null;
  if (data.r) {
    referrer = httpUrl(data.r);
    if (!referrer && !URL.canParse(data.r)) return 'r: must be a URL';
  }
  return {
    key: data.s,
    event: data.e ?? 'pageview',
    url,
    referrer,
    title: data.t ? cleanText(data.t, LIMITS.title) || null : null,
    width: data.w ?? null,
    engagedMs: data.m ?? 0,
  };
}
