import { isbot } from 'isbot';
import { isLead, type NetworkClass } from '../classify/index.ts';
import type { IndexHolder } from '../ipindex/index.ts';
import { hostMatches, type Site } from '../sites/index.ts';
import { type DropReason, drop, type Outcome, type Step } from './drops.ts';
import type { IngestLimiter } from './limiter.ts';
import type { createCountryLookup, createOptoutFilter, createSiteCache } from './lookups.ts';
import { type CleanBeacon, cleanText, LIMITS, parseBeacon } from './model.ts';
import { isReferrerSpam } from './referrer-spam.ts';
import type { SessionStore } from './sessions.ts';
import type { Utm, WriteOp } from './store.ts';
import { type GroupWriter, WriterUnavailable } from './writer.ts';

/** What the HTTP layer hands the pipeline: no Request object, so steps stay pure and testable. */
export interface IngestInput {
  /** The socket peer as the server reports it. */
  peer: string | null;
  header: (name: string) => string | null;
  body: string;
}

export interface IngestResult {
  outcome: Outcome;
  /** For 400s: what is wrong with the beacon (names a field, never echoes input). */
  message?: string;
  /** Origin allowed to read the answer (the site's own page), for CORS. */
  allowOrigin?: string;
  /** For 429s: seconds until the client may send again (Retry-After). */
  retryAfter?: number;
}

export interface PipelineDeps {
  index: IndexHolder;
  sites: ReturnType<typeof createSiteCache>;
  optouts: ReturnType<typeof createOptoutFilter>;
  country: ReturnType<typeof createCountryLookup>;
  sessions: SessionStore;
  writer: GroupWriter;
  trusted: (ip: string) => boolean;
  clientIp: (
    peer: string | null,
    xff: string | null,
    trusted: (ip: string) => boolean,
  ) => string | null;
  ids: { visit: number; pageview: number };
  clock: () => number;
  /** Per-client and per-site ingest rate limits. */
  limits: IngestLimiter;
  /** Told when the limiter throws (the beacon is refused: a broken limiter must not fail open). */
  onLimiterError?: (e: unknown) => void;
  /**
   * Told about each lead pageview once its batch has committed (the live feed). Gets no address;
   * must not throw (if it does, the beacon is still acknowledged: it is committed).
   */
  onStored?: (e: StoredPageview) => void;
}

/** A committed lead pageview, as onStored hears of it. companyId 0: the network's company. */
export interface StoredPageview {
  /**
   * 'engagement': time on page reported for the visit's current page, not a new pageview (the
   * live feed skips it; triggers re-check time-on-site rules). Absent: a pageview.
   */
  event?: 'pageview' | 'engagement';
  siteId: number;
  companyId: number;
  networkId: number;
  /**
   * The visit this pageview belongs to (triggers fire at most once per visit). The pipeline always
   * sets it; optional only so hand-built events (the live feed's tests) stay valid.
   */
  visitId?: number;
  path: string;
  at: number;
}

// Headless and automation markers isbot's list may not name; a real visitor's browser never says them.
const HEADLESS =
  /headless|phantomjs|selenium|puppeteer|playwright|electron\/|lighthouse|pagespeed/i;

// isbot runs a large regular expression; visitors send few distinct user agents, so remember them.
const botVerdicts = new Map<string, boolean>();

function isBotAgent(ua: string): boolean {
  let v = botVerdicts.get(ua);
  if (v === undefined) {
    v = isbot(ua) || HEADLESS.test(ua);
    if (botVerdicts.size >= 5000) botVerdicts.clear();
    botVerdicts.set(ua, v);
  }
  return v;
}

/** Step 3: bots, headless browsers, prefetches. */
export function botStep(header: IngestInput['header']): DropReason | null {
  const purpose = `${header('purpose') ?? ''} ${header('sec-purpose') ?? ''} ${header('x-moz') ?? ''}`;
  if (/prefetch|prerender|preview/i.test(purpose)) return 'prefetch';
  const ua = header('user-agent') ?? '';
  if (!ua || ua.length > 1024 || isBotAgent(ua)) return 'bot';
  return null;
}

/** Step 4: the site must exist, be enabled, and own the page's host. */
export function siteStep(b: CleanBeacon, site: Site | undefined): Step<Site> {
  if (!site) return drop('unknown_site', 'unknown site key');
  if (!site.enabled) return drop('site_disabled', 'unknown site key');
  if (!hostMatches(b.url.hostname, site.domains)) return drop('host_mismatch');
  return { ok: true, value: site };
}

/** Step 5: Global Privacy Control and Do Not Track, as the site is set to honour them. */
export function privacyStep(site: Site, header: IngestInput['header']): DropReason | null {
  if (site.honorGpc && header('sec-gpc')?.trim() === '1') return 'gpc';
  if (site.honorDnt && header('dnt')?.trim() === '1') return 'dnt';
  return null;
}

/** Device class from screen width; nothing finer (no fingerprinting). */
export function deviceClass(width: number | null): string | null {
  if (!width) return null;
  return width < 768 ? 'mobile' : width < 1100 ? 'tablet' : 'desktop';
}

const cap = (s: string | null, n: number) => (s ? cleanText(s, n) || null : null);

export function utmOf(url: URL): Utm {
  const p = url.searchParams;
  return {
    source: cap(p.get('utm_source'), 200),
    medium: cap(p.get('utm_medium'), 200),
    campaign: cap(p.get('utm_campaign'), 200),
    term: cap(p.get('utm_term'), 200),
    content: cap(p.get('utm_content'), 200),
  };
}

/** Path (with a hash when hash routing sent one), never the query string. */
export function pathOf(url: URL): string {
  return cleanText(decodeSafe(url.pathname) + url.hash, LIMITS.url) || '/';
}

/** External referrer as origin + path (queries can carry personal data); internal ones are null. */
export function referrerOf(ref: URL | null, site: Site): string | null {
  if (!ref || hostMatches(ref.hostname, site.domains)) return null;
  return cleanText(`${ref.origin}${decodeSafe(ref.pathname)}`, LIMITS.url);
}

function decodeSafe(s: string): string {
  try {
    return decodeURI(s);
  } catch {
    return s;
  }
}

let dayCache = { from: 0, to: -1, day: '' };
/** The UTC day of a time, as YYYY-MM-DD (cached for the day it falls in). */
function utcDay(ms: number): string {
  if (ms < dayCache.from || ms > dayCache.to) {
    const from = ms - (ms % 86_400_000);
    dayCache = { from, to: from + 86_399_999, day: new Date(ms).toISOString().slice(0, 10) };
  }
  return dayCache.day;
}

/**
 * Step 1b and 4b: a rate limit; null to go on, else the 429 (or the 503 when the limiter fails:
 * refusing is the safe side, a flood must not get through because the check broke).
 */
export function limitStep(
  check: () => number,
  reason: 'rate_limited' | 'site_rate_limited',
  onError?: (e: unknown) => void,
): IngestResult | null {
  let waitMs: number;
  try {
    waitMs = check();
  } catch (e) {
    onError?.(e);
    return { outcome: 'limiter_error' };
  }
  if (!(waitMs >= 0)) return { outcome: 'limiter_error' };
  if (waitMs === 0) return null;
  return { outcome: reason, retryAfter: Math.max(1, Math.ceil(waitMs / 1000)) };
}

/**
 * The ingest pipeline: one function per step, in the order DESIGN.md gives; each ends the beacon
 * with an outcome or hands on. The client address lives in this function's frame only: it is
 * used for the index lookup and the session key, then goes out of scope with the request.
 */
export function createPipeline(d: PipelineDeps) {
  return async function ingest(input: IngestInput): Promise<IngestResult> {
    // 1. client address
    const ip = d.clientIp(input.peer, input.header('x-forwarded-for'), d.trusted);
    // 1b. per-client rate limit, before any parsing (keyed by a salted hash, not the address)
    const limited = limitStep(() => d.limits.client(ip), 'rate_limited', d.onLimiterError);
    if (limited) return limited;
    // 2. validation
    const b = parseBeacon(input.body);
    if (typeof b === 'string') return { outcome: 'invalid', message: b };
    // 3. bots
    const bot = botStep(input.header);
    if (bot) return { outcome: bot };
    // 3b. referrer spam: fake visits that only want their address in the referrer list
    if (b.referrer && isReferrerSpam(b.referrer.hostname)) return { outcome: 'referrer_spam' };
    // 4. site
    const s = siteStep(b, d.sites.get(b.key));
    if (!s.ok) return { outcome: s.reason, message: s.message };
    const site = s.value;
    const allowOrigin = b.url.origin;
    // 4b. per-site rate limit: one flooded site key cannot take the node's capacity from the rest
    const flood = limitStep(() => d.limits.site(site.id), 'site_rate_limited', d.onLimiterError);
    if (flood) return { ...flood, allowOrigin };
    // 5. privacy signals
    const privacy = privacyStep(site, input.header);
    if (privacy) return { outcome: privacy, allowOrigin };
    // 6. identify
    const index = d.index.current;
    const h = ip ? index.lookup(ip) : -1;
    const networkId = h >= 0 ? index.networkIdOf(h) : 0;
    const companyId = h >= 0 ? index.companyIdOf(h) : 0;
    const cls: NetworkClass | 'unresolved' = h >= 0 ? index.classOf(h) : 'unresolved';
    // 7. opt-out
    if (d.optouts.has(companyId, networkId)) return { outcome: 'opted_out', allowOrigin };
    // 8./9. session; the address is used for the key and nowhere after this line.
    const { key, session } = d.sessions.find(site.id, ip ?? '', input.header('user-agent') ?? '');
    const lead = cls !== 'unresolved' && (companyId !== 0 || isLead(cls));
    const now = d.clock();
    const ops: WriteOp[] = [];
    let outcome: Outcome = lead ? 'stored' : 'counted';
    let stored: StoredPageview | null = null;

    if (b.event === 'engagement') {
      if (!session || session.siteId !== site.id) return { outcome: 'no_visit', allowOrigin };
      if (!session.visitId || b.engagedMs === 0) return { outcome: 'counted', allowOrigin };
      ops.push({
        kind: 'engagement',
        visitId: session.visitId,
        pageviewId: session.pageviewId,
        ms: b.engagedMs,
        at: now,
      });
      outcome = 'stored';
      // Time on site grows without a new pageview: triggers on it must hear of it too.
      if (lead) {
        stored = {
          event: 'engagement',
          siteId: site.id,
          companyId,
          networkId,
          visitId: session.visitId,
          path: session.lastPath,
          at: now,
        };
      }
    } else {
      const path = pathOf(b.url);
      ops.push({
        kind: 'count',
        siteId: site.id,
        day: utcDay(now),
        cls,
        pageviews: 1,
        visits: session ? 0 : 1,
      });
      ops.push({ kind: 'seen', siteId: site.id, at: now, path });
      if (lead) {
        let visitId = session?.visitId ?? 0;
        if (!visitId) {
          visitId = d.ids.visit++;
          ops.push({
            kind: 'visit',
            id: visitId,
            siteId: site.id,
            companyId,
            networkId,
            cls,
            at: now,
            referrer: referrerOf(b.referrer, site),
            utm: utmOf(b.url),
            landingPath: path,
            country: d.country(companyId, networkId),
            device: deviceClass(b.width),
          });
        }
        const pageviewId = d.ids.pageview++;
        ops.push({ kind: 'pageview', id: pageviewId, visitId, at: now, path, title: b.title });
        stored = { siteId: site.id, companyId, networkId, visitId, path, at: now };
        if (session?.visitId) {
          session.pageviewId = pageviewId;
          session.lastPath = path;
        } else {
          d.sessions.start(key, { siteId: site.id, visitId, pageviewId, lastPath: path });
        }
      } else if (!session) {
        d.sessions.start(key, { siteId: site.id, visitId: 0, pageviewId: 0, lastPath: path });
      }
    }
    // 10. write: answer only once the batch holding these writes has committed.
    try {
      await d.writer.write(ops);
    } catch (e) {
      // The visit this session points at was never written: start afresh next time.
      d.sessions.forget(key);
      if (e instanceof WriterUnavailable) return { outcome: 'unavailable', allowOrigin };
      throw e;
    }
    if (stored && d.onStored) {
      try {
        d.onStored(stored);
      } catch {
        // The live feed is best effort; the beacon is committed and gets its 202.
      }
    }
    return { outcome, allowOrigin };
  };
}
