import { Elysia } from 'elysia';
// The auth module's CSRF rule (Fetch Metadata, Origin fallback, proxy-aware Host), reused as is.
import { createRequestFacts } from '../auth/csrf.ts';
import type { PeerOf } from '../auth/index.ts';
import type { Config } from '../config/index.ts';
import type { Driver } from '../db/index.ts';
import type { IndexHolder } from '../ipindex/index.ts';
// Direct, not via track/index.ts: the tracking module imports privacy/ (DailyKeyer), no cycle.
import { clientIp, createCidrMatcher } from '../track/client-ip.ts';
import { DailyKeyer } from './daily-keyer.ts';
import type { OptoutService } from './optout.ts';
import { PAGE_HEADERS, type PageState, renderOptoutPage } from './optout-page.ts';
import { createOptoutRequests, type Lang } from './optout-requests.ts';
import { createOrgResolver } from './optout-resolve.ts';
import { pickLang } from './optout-texts.ts';

export interface OptoutRouteDeps {
  db: Driver;
  index: IndexHolder;
  config: Pick<Readonly<Config>, 'trustedProxies'>;
  service: OptoutService;
  peerOf: PeerOf;
  clock?: () => number;
  /** Request-form limit per client network key: `max` in `windowMs`; at most `keys` tracked. */
  limit?: { max: number; windowMs: number; keys: number };
}

const HOUR = 3_600_000;
const EMAIL = /^[^\s@<>]{1,64}@[^\s@<>]{1,188}\.[^\s@<>]{2,63}$/;
const DOMAIN = /^(?=.{3,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/**
 * A fixed-window counter per opaque key (HMAC of the client address under a daily salt, as the
 * login limits do), bounded: when full, the oldest key is forgotten. No address is held.
 */
function createLimiter(clock: () => number, o: { max: number; windowMs: number; keys: number }) {
  const keyer = new DailyKeyer(clock, o.windowMs);
  const hits = new Map<string, { n: number; until: number }>();
  return (ip: string | null): boolean => {
    const key = keyer.keys(ip ?? 'unknown')[0];
    const now = clock();
    let h = hits.get(key);
    if (!h || h.until <= now) {
      hits.delete(key);
      if (hits.size >= o.keys) hits.delete(hits.keys().next().value as string);
      h = { n: 0, until: now + o.windowMs };
      hits.set(key, h);
    }
    h.n++;
    return h.n <= o.max;
  };
}

/** A form field as a trimmed string capped at `max` (anything else becomes ''). */
const field = (body: unknown, name: string, max: number): string => {
  const v = (body as Record<string, unknown> | null)?.[name];
  return typeof v === 'string' ? v.trim().slice(0, max) : '';
};

/**
 * The public opt-out page (no session): GET shows the organisation of the viewer's own network;
 * POST /opt-out opts out the organisation the POSTing request's network resolves to (never one
 * named in the form, so nobody can opt out someone else); POST /opt-out/request queues a request
 * for an admin. The client address is used for the lookup and the limiter key, then dropped.
 * @example app.use(createOptoutRoutes({ db, index, config, service, peerOf }))
 */
export function createOptoutRoutes(d: OptoutRouteDeps) {
  const clock = d.clock ?? Date.now;
  const trusted = createCidrMatcher(d.config.trustedProxies);
  const facts = createRequestFacts(trusted);
  const resolver = createOrgResolver(d.db, d.index);
  const requests = createOptoutRequests(d.db, clock);
  const allowed = createLimiter(clock, d.limit ?? { max: 5, windowMs: HOUR, keys: 10_000 });

  const page = (s: PageState, status = 200) =>
    new Response(renderOptoutPage(s), { status, headers: PAGE_HEADERS });
  const addressOf = (request: Request, server: Parameters<PeerOf>[1]) =>
    clientIp(d.peerOf(request, server), request.headers.get('x-forwarded-for'), trusted);
  const langOf = (request: Request, chosen: string | null) =>
    pickLang(chosen, request.headers.get('accept-language'));

  return new Elysia()
    .get('/opt-out', ({ request, server }) => {
      const lang = langOf(request, new URL(request.url).searchParams.get('lang'));
      return page({ lang, org: resolver.byAddress(addressOf(request, server))?.name ?? null });
    })
    .post('/opt-out', ({ request, server, body }) => {
      const lang = langOf(request, field(body, 'lang', 5));
      const org = resolver.byAddress(addressOf(request, server));
      if (!facts.sameOrigin(request, d.peerOf(request, server))) {
        return page(
          { lang, org: org?.name ?? null, notice: { kind: 'error', text: 'refused' } },
          403,
        );
      }
      if (!org) return page({ lang, org: null });
      d.service.optOut(org.target);
      return page({ lang, org: org.name, done: true, notice: { kind: 'ok', text: 'done' } });
    })
    .post('/opt-out/request', ({ request, server, body }) => {
      const lang: Lang = langOf(request, field(body, 'lang', 5));
      const ip = addressOf(request, server);
      const org = resolver.byAddress(ip)?.name ?? null;
      const form = {
        name: field(body, 'name', 200),
        domain: field(body, 'domain', 253).toLowerCase(),
        email: field(body, 'email', 254),
        message: field(body, 'message', 2000),
      };
      if (!facts.sameOrigin(request, d.peerOf(request, server))) {
        return page({ lang, org, form, notice: { kind: 'error', text: 'refused' } }, 403);
      }
      if (!allowed(ip)) {
        return page({ lang, org, form, notice: { kind: 'error', text: 'limited' } }, 429);
      }
      if (!form.name || !DOMAIN.test(form.domain) || !EMAIL.test(form.email)) {
        return page({ lang, org, form, notice: { kind: 'error', text: 'invalid' } }, 400);
      }
      requests.add({ ...form, lang });
      return page({ lang, org, notice: { kind: 'ok', text: 'sent' } });
    });
}
