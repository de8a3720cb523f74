import { Elysia, t } from 'elysia';
import { type Auth, validationMessage } from '../auth/index.ts';
import type { LiveEvent } from '../stats/index.ts';
import type { LiveHub } from './hub.ts';

/** What createLiveRoutes needs: the hub the tracking pipeline publishes to, and auth. */
export interface LiveRouteDeps {
  hub: LiveHub;
  auth: Pick<Auth, 'guard'>;
  /** Comment line sent this often so proxies and browsers keep the connection. */
  heartbeatMs?: number;
  /** Chunks queued for one client before its events are dropped (a stalled client). */
  queueLimit?: number;
}

/** GET /api/live?site=ID; without it, every site. */
export const LiveQuery = t.Object({
  site: t.Optional(t.Numeric({ minimum: 1, error: 'site must be a site id' })),
});
const ErrorBody = t.Object({ error: t.Object({ code: t.String(), message: t.String() }) });

const encoder = new TextEncoder();
// JSON escapes CR and LF, so one data: line always holds the whole payload.
const frame = (event: string, data: unknown) =>
  encoder.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
const HEARTBEAT = encoder.encode(': heartbeat\n\n');

/**
 * The live feed: GET /live?site=ID (all sites without it) is a server-sent-events stream: one
 * `snapshot` event (LiveEvent[], newest first), then a `visit` event (LiveEvent) per lead
 * pageview, and a comment every 15 s. 503 when the hub has as many streams as it allows.
 * @example const es = new EventSource('/api/live?site=1'); es.addEventListener('visit', …)
 */
export function createLiveRoutes(d: LiveRouteDeps) {
  const heartbeatMs = d.heartbeatMs ?? 15_000;
  const queueLimit = d.queueLimit ?? 64;
  return (
    new Elysia()
      // Also here, not only where the host mounts it: never a stream without a session.
      .use(d.auth.guard)
      .onError(({ code, error, set }) => {
        if (code === 'VALIDATION') {
          set.status = 400;
          return { error: { code: 'invalid', message: validationMessage(error) } };
        }
      })
      .get(
        '/live',
        ({ query, request, server, status }) => {
          let controller: ReadableStreamDefaultController<Uint8Array> | null = null;
          let timer: ReturnType<typeof setInterval> | undefined;
          let unsubscribe: (() => void) | null = null;
          const stop = () => {
            clearInterval(timer);
            unsubscribe?.();
            unsubscribe = null;
          };
          // A stalled client's queue stops at queueLimit chunks: later events are dropped for it
          // rather than held in memory without bound.
          const push = (chunk: Uint8Array) => {
            if (!controller || (controller.desiredSize ?? 0) <= 0) return;
            try {
              controller.enqueue(chunk);
            } catch {
              stop(); // closed under us
            }
          };
          unsubscribe = d.hub.subscribe({
            site: query.site ?? null,
            send: (e: LiveEvent) => push(frame('visit', e)),
            end: () => {
              stop();
              try {
                controller?.close();
              } catch {}
            },
          });
          if (!unsubscribe) {
            return status(503, {
              error: { code: 'busy', message: 'too many live streams open; try again later' },
            });
          }
          const body = new ReadableStream<Uint8Array>(
            {
              start(c) {
                controller = c;
                // Subscribed above in the same tick: nothing falls between snapshot and stream.
                c.enqueue(encoder.encode('retry: 5000\n\n'));
                c.enqueue(frame('snapshot', d.hub.snapshot(query.site ?? null)));
                timer = setInterval(() => push(HEARTBEAT), heartbeatMs);
              },
              cancel: stop,
            },
            { highWaterMark: queueLimit },
          );
          request.signal?.addEventListener('abort', stop);
          // Bun closes a connection idle for 10 s; the heartbeat alone would come too late.
          server?.timeout(request, 0);
          return new Response(body, {
            headers: {
              'content-type': 'text/event-stream',
              'cache-control': 'no-store',
              'x-accel-buffering': 'no', // nginx: pass events through, do not buffer them
            },
          });
        },
        { query: LiveQuery, response: { 400: ErrorBody, 503: ErrorBody } },
      )
  );
}
