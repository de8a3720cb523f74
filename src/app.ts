import { type AnyElysia, Elysia, t } from 'elysia';
import type { Auth } from './auth/index.ts';
import type { Config } from './config/index.ts';
import type { Driver } from './db/index.ts';
import type { IndexHolder } from './ipindex/index.ts';
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
  /** The admin UI (index.html for its paths, the bundle). */
  ui?: AnyElysia;
}

const Health = t.Object({
  status: t.Union([t.Literal('ok'), t.Literal('degraded')]),
  dataVersion: t.Number(),
  writer: t.Object({ ok: t.Boolean(), queue: t.Number() }),
  index: t.Object({ ipv4Segments: t.Number(), ipv6Segments: t.Number() }),
});

/** One envelope for every error; internals go to the log, never to the client. */
function errorBody(code: string, message: string) {
  return { error: { code, message } };
}

/**
 * Composes the HTTP application from its dependencies (tests pass their own).
 * Later modules (leads, auth, …) mount here.
 */
export function createApp(deps: AppDeps) {
  return new Elysia()
    .onError(({ code, error, set }) => {
      // Module errors (e.g. AuthError) carry their own status and envelope.
      const own = error as { toResponse?: () => Response };
      if (typeof own?.toResponse === 'function') return own.toResponse();
      if (code === 'NOT_FOUND') {
        set.status = 404;
        return errorBody('not_found', 'no such route');
      }
      if (code === 'VALIDATION' || code === 'PARSE') {
        set.status = 400;
        return errorBody(
          'invalid',
          code === 'PARSE' ? 'malformed request body' : 'invalid request',
        );
      }
      deps.log?.error('request failed', { code: String(code), error: (error as Error)?.message });
      set.status = 500;
      return errorBody('internal', 'internal error');
    })
    .use(deps.tracking.routes)
    .use(deps.auth.routes)
    .group('/api', (g) => {
      let api = g.use(deps.auth.guard) as unknown as AnyElysia;
      for (const m of deps.api ?? []) api = api.use(m);
      return api as unknown as typeof g;
    })
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
