import { Elysia } from 'elysia';
import type { Logger } from './index.ts';

/**
 * Requests logged at debug only: beacons are the bulk of the traffic (one line per pageview
 * would drown everything else), and health checks come every few seconds from the orchestrator.
 */
const QUIET: ReadonlySet<string> = new Set(['POST /e', 'GET /p.gif', 'GET /healthz']);

/** Longest path logged: an unmatched path is attacker-chosen text. */
const MAX_PATH = 200;

interface Pending {
  id: string;
  started: number;
}

export interface RequestLogDeps {
  log?: Logger;
  /** Monotonic milliseconds (performance.now by default). */
  now?: () => number;
  /** Request id generator (random by default). */
  newId?: () => string;
}

/** 16 hex characters: unique enough to grep for, short enough to read out on the phone. */
const randomId = () => crypto.randomUUID().replaceAll('-', '').slice(0, 16);

/**
 * The final status of a request whose handler threw: module errors (AuthError and the like) answer
 * with their own status through toResponse(); Elysia's validation and parse errors are answered
 * 400 by every onError in Leadlens; a route not found is 404; the rest is what onError set.
 */
function errorStatus(code: unknown, error: unknown, setStatus: number): number {
  if (code === 'VALIDATION' || code === 'PARSE') return 400;
  if (code === 'NOT_FOUND') return 404;
  const own = error as { toResponse?: unknown; status?: unknown };
  if (typeof own?.toResponse === 'function' && typeof own.status === 'number') return own.status;
  return setStatus;
}

/**
 * Request logs and ids. Every response gets an `X-Request-Id` header; each request is logged once
 * it is answered as `{ msg: 'request', method, route, status, ms, requestId }` — the route
 * pattern (`/api/companies/:id`), or for unmatched paths the path, never a query string (it can
 * carry a setup or invite token) and never an address. Mount it first in the app; `idOf(request)`
 * gives the id to the app's error handler (log line and 500 envelope).
 * @example const requests = createRequestLog({ log }); new Elysia().use(requests.plugin)
 */
export function createRequestLog(d: RequestLogDeps = {}) {
  const now = d.now ?? (() => performance.now());
  const newId = d.newId ?? randomId;
  const pending = new WeakMap<Request, Pending>();
  const plugin = new Elysia({ name: 'request-log' })
    .onRequest(({ request, set }) => {
      const id = newId();
      pending.set(request, { id, started: now() });
      set.headers['x-request-id'] = id;
    })
    .onAfterResponse({ as: 'global' }, (ctx) => {
      const p = pending.get(ctx.request);
      if (!p || !d.log) return;
      const c = ctx as typeof ctx & {
        route?: string;
        response?: unknown;
        error?: unknown;
        code?: unknown;
      };
      const status =
        c.response instanceof Response
          ? c.response.status
          : c.error !== undefined
            ? errorStatus(c.code, c.error, Number(ctx.set.status) || 500)
            : Number(ctx.set.status) || 200;
      const method = ctx.request.method;
      const route = c.route || pathOf(ctx.request.url);
      const fields = {
        method,
        route,
        status,
        ms: Math.round((now() - p.started) * 10) / 10,
        requestId: p.id,
      };
      if (QUIET.has(`${method} ${route}`)) d.log.debug('request', fields);
      else d.log.info('request', fields);
    });
  return {
    plugin,
    /** The id given to `request`, for error logs and envelopes. */
    idOf: (request: Request): string | undefined => pending.get(request)?.id,
  };
}

/** The path of a URL without its query string or fragment, shortened. */
function pathOf(url: string): string {
  const start = url.indexOf('/', url.indexOf('//') + 2);
  if (start < 0) return '/';
  let end = url.length;
  for (const c of ['?', '#']) {
    const i = url.indexOf(c, start);
    if (i >= 0 && i < end) end = i;
  }
  const path = maskAddresses(url.slice(start, end));
  return path.length > MAX_PATH ? `${path.slice(0, MAX_PATH)}…` : path;
}

// Anything shaped like an IPv4 or IPv6 address (also percent-encoded colons): an unmatched path
// is free text, and no address may reach a log line, whoever typed it.
const IPV4 = /\d{1,3}(?:\.\d{1,3}){3}/g;
const IPV6 = /[0-9a-f]*(?::|%3a)[0-9a-f]*(?::|%3a)[0-9a-f:.]*(?:%3a[0-9a-f:.]*)*/gi;

/**
 * The text with address-like parts replaced by `<addr>`.
 * @example maskAddresses('/x/198.51.100.7/y') // '/x/<addr>/y'
 */
export function maskAddresses(text: string): string {
  return text.replace(IPV4, '<addr>').replace(IPV6, '<addr>');
}
