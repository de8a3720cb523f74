import { Elysia, t } from 'elysia';
import type { Config } from './config/index.ts';
import type { Driver } from './db/index.ts';
import type { IndexHolder } from './ipindex/index.ts';

export interface AppDeps {
  db: Driver;
  index: IndexHolder;
  config: Readonly<Config>;
  clock?: () => number;
}

const Health = t.Object({
  status: t.Literal('ok'),
  dataVersion: t.Number(),
  index: t.Object({ ipv4Segments: t.Number(), ipv6Segments: t.Number() }),
});

/**
 * Composes the HTTP application from its dependencies (tests pass their own).
 * Later modules (track, leads, auth, …) mount here.
 */
export function createApp(deps: AppDeps) {
  return new Elysia().get(
    '/healthz',
    () => {
      // A query proves the database answers, not just that the process is alive.
      deps.db.prepare('SELECT 1').get();
      const idx = deps.index.current;
      return {
        status: 'ok' as const,
        dataVersion: deps.index.version,
        index: { ipv4Segments: idx.v4Count, ipv6Segments: idx.v6Count },
      };
    },
    { response: { 200: Health } },
  );
}

export type App = ReturnType<typeof createApp>;
