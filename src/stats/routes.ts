import { Elysia, t } from 'elysia';
import { type Auth, validationMessage } from '../auth/index.ts';
import type { Driver } from '../db/index.ts';
import { Overview, OverviewQuery } from './model.ts';
import { inlineRunner, workerRunner } from './runner.ts';
import { OverviewError } from './service.ts';

/** What createStatsRoutes needs. */
export interface StatsRouteDeps {
  db: Driver;
  clock?: () => number;
  auth: Pick<Auth, 'guard'>;
  /**
   * 'worker' (default for a database file): the queries run on a thread of their own, so a long
   * range never stalls the event loop; 'inline': on the calling thread (tests, tools).
   */
  mode?: 'worker' | 'inline';
}

const ErrorBody = t.Object({ error: t.Object({ code: t.String(), message: t.String() }) });
const failure = (code: string, message: string) => ({ error: { code, message } });

/**
 * The overview API, mounted under /api behind the session guard; any role may read it.
 * GET /overview?site=&from=&to= (UTC days, default the last 30, at most 366).
 * Measured on 10 M pageviews / 3.3 M visits / 100 sites (visits in time order, warm cache):
 * 30 days of a site holding 30 % of the traffic ≈ 250 ms, of a small site ≈ 15 ms, of all sites
 * ≈ 600 ms; a whole year of all sites ≈ 8 s, hence the worker thread.
 * @example app.group('/api', (g) => g.use(auth.guard).use(createStatsRoutes({ db, auth })))
 */
export function createStatsRoutes(d: StatsRouteDeps) {
  const clock = d.clock ?? Date.now;
  const inline = d.mode === 'inline' || d.db.path === ':memory:';
  const runner = inline ? inlineRunner(d.db, clock) : workerRunner(d.db.path, clock);
  return (
    new Elysia()
      // Also here, not only where the host mounts it: never an answer without a session.
      .use(d.auth.guard)
      .onError(({ code, error, set }) => {
        set.headers['cache-control'] = 'no-store';
        if (error instanceof OverviewError) {
          set.status = error.status;
          return failure(error.code, error.message);
        }
        if (code === 'VALIDATION') {
          set.status = 400;
          return failure(
            'invalid',
            validationMessage(error, 'site must be a site id; from and to dates (YYYY-MM-DD)'),
          );
        }
      })
      .onStop(() => runner.close())
      .get('/overview', ({ query }) => runner.overview(query), {
        query: OverviewQuery,
        response: { 200: Overview, 400: ErrorBody, 404: ErrorBody },
      })
  );
}
