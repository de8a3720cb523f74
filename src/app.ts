import { type AnyElysia, Elysia, t } from 'elysia';
import { type Auth, validationMessage } from './auth/index.ts';
import type { Config } from './config/index.ts';
import type { Driver } from './db/index.ts';
import type { IndexHolder } from './ipindex/index.ts';
import { createRequestLog } from './log/http.ts';
import type { Logger } from './log/index.ts';
import type { Tracking } from './track/index.ts';

export interface AppDeps {
  db: Driver;
  index: IndexHolder;
  config: Readonly<Config>;
  tracking: Tracking;
  auth: Auth;
  log?: Logger;
  /** The dashboard's API modules, mounted under /api behind the session guard. */
  api?: AnyElysia[];
  /** Public pages and routes outside /api (privacy notice, opt-out), mounted at the root. */
  public?: AnyElysia[];
  /**
   * The token API (/api/v1, bearer only) with its OpenAPI document (/openapi), mounted at the root:
   * outside the /api group, so the session guard (cookies, CSRF) never applies to it.
   */
  v1?: AnyElysia;
  /** The admin UI (index.html for its paths, the bundle). */
  ui?: AnyElysia;
}

const Health = t.Object({
  status: t.Union([t.Literal('ok'), t.Literal('degraded')]),
  dataVersion: t.Number(),
  writer: t.Object({ ok: t.Boolean(), queue: t.Number() }),
  index: t.Object({ ipv4Segments: t.Number(), ipv6Segments: t.Number() }),
});

/**
 * Security headers every answer carries unless its handler set its own (the HTML pages set a CSP
 * that lets them load their script and styles): JSON and errors may not be sniffed, framed or
 * run as a document, and never send a Referer.
 */
export const BASE_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
};

/** One envelope for every error; internals go to the log, never to the client. */
function errorBody(code: string, message: string) {
  return { error: { code, message } };
}

/**
 * Composes the HTTP application from its dependencies (tests pass their own).
 * Later modules (leads, auth, …) mount here.
 */
export function createApp(deps: AppDeps) {
  // Request ids and logs (no address, no query string); first, so every response has an id.
  const requests = createRequestLog({ log: deps.log });
  return new Elysia()
    .use(requests.plugin)
    .onRequest(({ set }) => {
      // A Response returned by a handler keeps its own value of any of these (Elysia merges).
      Object.assign(set.headers, BASE_HEADERS);
    })
    .onError(({ code, error, set, request }) => {
      // Elysia's own errors first: its ValidationError has a toResponse() too, which would answer
      // with the schema and the offending value instead of the envelope.
      if (code === 'NOT_FOUND') {
        set.status = 404;
        return errorBody('not_found', 'no such route');
      }
      if (code === 'VALIDATION' || code === 'PARSE') {
        set.status = 400;
        return errorBody(
          'invalid',
          code === 'PARSE' ? 'malformed request body' : validationMessage(error),
        );
      }
      // Module errors (e.g. AuthError) carry their own status and envelope.
      const own = error as { toResponse?: () => Response };
      if (typeof own?.toResponse === 'function') return own.toResponse();
      const requestId = requests.idOf(request);
      deps.log?.error('request failed', {
        code: String(code),
        error: (error as Error)?.message,
        requestId,
      });
      set.status = 500;
      // The id lets an operator find the log line of the failure the user reports.
      return { error: { code: 'internal', message: 'internal error', requestId } };
    })
    .use(deps.tracking.routes)
    .use(deps.auth.routes)
    .group('/api', (g) => {
      let api = g.use(deps.auth.guard) as unknown as AnyElysia;
      for (const m of deps.api ?? []) api = api.use(m);
      return api as unknown as typeof g;
    })
    .use(deps.v1 ?? new Elysia())
    .use((deps.public ?? []).reduce<AnyElysia>((all, m) => all.use(m), new Elysia()))
    .use(deps.ui ?? new Elysia())
    .get(
      '/healthz',
      ({ set }) => {
        // A query proves the database answers; the writer's last batch says it can write.
        deps.db.prepare('SELECT 1').get();
        const idx = deps.index.current;
        const writerOk = deps.tracking.writer.lastError === null;
        if (!writerOk) set.status = 503;
        return {
          status: writerOk ? ('ok' as const) : ('degraded' as const),
          dataVersion: deps.index.version,
          writer: { ok: writerOk, queue: deps.tracking.writer.depth },
          index: { ipv4Segments: idx.v4Count, ipv6Segments: idx.v6Count },
        };
      },
      { response: { 200: Health, 503: Health } },
    )
    .get(
      '/metrics',
      () =>
        new Response(deps.tracking.renderMetrics(), {
          headers: { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' },
        }),
    );
}

export type App = ReturnType<typeof createApp>;
