import { Elysia } from 'elysia';
import { type Outcome, STATUS } from './drops.ts';
import { beaconContentTypeOk, PIXEL, readCapped } from './http.ts';
import type { TrackMetrics } from './metrics.ts';
import { LIMITS } from './model.ts';
import type { IngestResult } from './pipeline.ts';

export interface TrackRouteDeps {
  ingest: (input: {
    peer: string | null;
    header: (n: string) => string | null;
    body: string;
  }) => Promise<IngestResult>;
  metrics: TrackMetrics;
  /** Name drop reasons in X-Leadlens-Drop (not in production: it helps debugging installs). */
  explainDrops: boolean;
  /** Whether a browser origin belongs to any site (CORS preflight, before the site key is known). */
  originAllowed: (origin: string) => boolean;
  /** The peer address of a request; from the Bun server, or given by tests using app.handle. */
  peerOf: (
    request: Request,
    server: { requestIP(r: Request): { address: string } | null } | null,
  ) => string | null;
  tracker: { current: string; v1: string };
  /** True while beacons are to be refused at the door (event loop behind). */
  overloaded?: () => boolean;
}

const MESSAGES: Partial<Record<Outcome, string>> = {
  too_large: `beacon larger than ${LIMITS.body} bytes`,
  unsupported_type: 'beacons are sent as text/plain or application/json',
  unknown_site: 'unknown site key',
  site_disabled: 'unknown site key',
  unavailable: 'temporarily unavailable, try again',
  overloaded: 'temporarily overloaded, try again',
  rate_limited: 'too many beacons from this client, slow down',
  site_rate_limited: 'too many beacons for this site, slow down',
  limiter_error: 'temporarily unavailable, try again',
};

/**
 * The public ingest routes: POST /e (beacons), OPTIONS /e (CORS), GET /p.gif (noscript pixel),
 * GET /t.js and /t.v1.js (the tracker).
 */
export function createTrackRoutes(d: TrackRouteDeps) {
  const respond = (r: IngestResult, t0: number, origin: string | null): Response => {
    d.metrics.count(r.outcome);
    d.metrics.observe(performance.now() - t0);
    const status = STATUS[r.outcome];
    const headers: Record<string, string> = { 'cache-control': 'no-store' };
    if (d.explainDrops && r.outcome !== 'stored') headers['x-leadlens-drop'] = r.outcome;
    if (r.retryAfter !== undefined) headers['retry-after'] = String(r.retryAfter);
    // A 503 is temporary by definition: tell clients when to come back.
    else if (status === 503) headers['retry-after'] = '1';
    if (origin && r.allowOrigin === origin) {
      headers['access-control-allow-origin'] = origin;
      headers.vary = 'Origin';
    }
    if (status < 400) return new Response(null, { status, headers });
    headers['content-type'] = 'application/json';
    const message = r.message ?? MESSAGES[r.outcome] ?? r.outcome;
    // A disabled site answers exactly like an unknown one (no oracle for which keys exist);
    // /metrics still counts them apart.
    const code = r.outcome === 'site_disabled' ? 'unknown_site' : r.outcome;
    return new Response(JSON.stringify({ error: { code, message } }), {
      status,
      headers,
    });
  };

  return new Elysia({ name: 'track' })
    .post(
      '/e',
      async ({ request, server }) => {
        const t0 = performance.now();
        const origin = request.headers.get('origin');
        if (d.overloaded?.()) return respond({ outcome: 'overloaded' }, t0, origin);
        if (!beaconContentTypeOk(request.headers.get('content-type'))) {
          return respond({ outcome: 'unsupported_type' }, t0, origin);
        }
        const body = await readCapped(request, LIMITS.body);
        if (body === null) return respond({ outcome: 'too_large' }, t0, origin);
        const result = await d.ingest({
          peer: d.peerOf(request, server),
          header: (n) => request.headers.get(n),
          body,
        });
        return respond(result, t0, origin);
      },
      { parse: 'none' },
    )
    .options('/e', ({ request }) => {
      const origin = request.headers.get('origin');
      const headers: Record<string, string> = { 'access-control-max-age': '86400', vary: 'Origin' };
      if (origin && d.originAllowed(origin)) {
        headers['access-control-allow-origin'] = origin;
        headers['access-control-allow-methods'] = 'POST';
        headers['access-control-allow-headers'] = 'Content-Type';
      }
      return new Response(null, { status: 204, headers });
    })
    .get('/p.gif', async ({ request, server }) => {
      const t0 = performance.now();
      const q = new URL(request.url).searchParams;
      // The pixel sits in the page, so without u= the Referer header is the page's URL.
      const body = JSON.stringify({
        s: q.get('s') ?? '',
        e: 'pageview',
        u: q.get('u') ?? request.headers.get('referer') ?? '',
      });
      const result = d.overloaded?.()
        ? { outcome: 'overloaded' as const }
        : body.length > LIMITS.body
          ? { outcome: 'too_large' as const }
          : await d.ingest({
              peer: d.peerOf(request, server),
              header: (n) => request.headers.get(n),
              body,
            });
      d.metrics.count(result.outcome);
      d.metrics.observe(performance.now() - t0);
      const headers: Record<string, string> = {
        'content-type': 'image/gif',
        'cache-control': 'no-store',
      };
      if (d.explainDrops && result.outcome !== 'stored')
        headers['x-leadlens-drop'] = result.outcome;
      return new Response(PIXEL, { headers });
    })
    .get(
      '/t.js',
      () =>
        new Response(d.tracker.current, {
          headers: {
            'content-type': 'text/javascript; charset=utf-8',
            'cache-control': 'public, max-age=3600',
          },
        }),
    )
    .get(
      '/t.v1.js',
      () =>
        new Response(d.tracker.v1, {
          headers: {
            'content-type': 'text/javascript; charset=utf-8',
            'cache-control': 'public, max-age=31536000, immutable',
            'access-control-allow-origin': '*', // SRI on a cross-origin script needs CORS
          },
        }),
    );
}
