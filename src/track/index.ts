import { readFileSync } from 'node:fs';
import { buildTracker } from '../../web/tracker/build.ts';
import type { Config } from '../config/index.ts';
import type { Driver } from '../db/index.ts';
import { embedded } from '../embed/index.ts';
import type { IndexHolder } from '../ipindex/index.ts';
import { createSiteService, hostMatches } from '../sites/index.ts';
import { clientIp, createCidrMatcher } from './client-ip.ts';
import { type CommitterHandle, inlineCommitter, workerCommitter } from './committers.ts';
import { createIngestLimiter, type IngestLimiter } from './limiter.ts';
import { createCountryLookup, createOptoutFilter, createSiteCache } from './lookups.ts';
import { TrackMetrics } from './metrics.ts';
import { createLoadShedder } from './overload.ts';
import { createPipeline, type PipelineDeps } from './pipeline.ts';
import { createTrackRoutes, type TrackRouteDeps } from './routes.ts';
import { SessionStore } from './sessions.ts';
import { createIngestStore } from './store.ts';
import { GroupWriter, type WriterOptions } from './writer.ts';

export { clientIp, createCidrMatcher, normalizeHop } from './client-ip.ts';
export { OUTCOMES, type Outcome } from './drops.ts';
export {
  createIngestLimiter,
  type IngestLimiter,
  type RateRule,
  TokenBuckets,
} from './limiter.ts';
export { Beacon, parseBeacon } from './model.ts';
export type { StoredPageview } from './pipeline.ts';

export interface TrackingDeps {
  db: Driver;
  index: IndexHolder;
  config: Readonly<Config>;
  clock?: () => number;
  /** Tests using app.handle() (no socket) say which peer a request comes from. */
  peerOf?: TrackRouteDeps['peerOf'];
  writer?: WriterOptions & {
    /** 'worker' (default): commits on a writer thread; 'inline': on the event loop (tests). */
    mode?: 'worker' | 'inline';
  };
  log?: { error(msg: string, fields?: Record<string, unknown>): void };
  /** Called after each lead pageview's batch committed (wire the live feed's hub here). */
  onStored?: PipelineDeps['onStored'];
  /** The ingest rate limits; default: buckets from config (INGEST_CLIENT_*, INGEST_SITE_*). */
  limits?: IngestLimiter;
}

const TRACKER_V1 = new URL('../../web/tracker/t.v1.js', import.meta.url);

/**
 * Builds the tracking module: the ingest pipeline, its group-commit writer and in-memory
 * sessions, the public routes, and the metrics. `close()` drains the writer (SIGTERM).
 */
export async function createTracking(d: TrackingDeps) {
  const clock = d.clock ?? Date.now;
  const metrics = new TrackMetrics();
  const store = createIngestStore(d.db, clock);
  // The writer thread pays off even on one core: while it waits for fsync, the event loop works.
  const mode = d.writer?.mode ?? 'worker';
  const committer: CommitterHandle =
    mode === 'inline'
      ? inlineCommitter(store)
      : await workerCommitter(d.db.path, d.config.synchronous);
  const writer = new GroupWriter(committer.commit, {
    ...d.writer,
    onFlush: (_n, ms) => metrics.flushed(ms),
    onError: (e) => d.log?.error('batch commit failed', { error: (e as Error).message }),
  });
  const sessions = new SessionStore({ clock });
  const siteService = createSiteService(d.db, clock);
  const sites = createSiteCache(siteService, clock);
  const optouts = createOptoutFilter(d.db);
  const ingest = createPipeline({
    index: d.index,
    sites,
    optouts,
    country: createCountryLookup(d.db),
    sessions,
    writer,
    trusted: createCidrMatcher(d.config.trustedProxies),
    clientIp,
    ids: store.nextIds(),
    clock,
    limits:
      d.limits ??
      createIngestLimiter({
        client: { perSecond: d.config.ingestClientRate, burst: d.config.ingestClientBurst },
        site: { perSecond: d.config.ingestSiteRate, burst: d.config.ingestSiteBurst },
      }),
    onLimiterError: (e) => d.log?.error('rate limiter failed', { error: (e as Error)?.message }),
    onStored: d.onStored,
  });

  let domains: { list: string[]; until: number } = { list: [], until: 0 };
  const originAllowed = (origin: string) => {
    if (!URL.canParse(origin)) return false;
    const now = clock();
    if (domains.until <= now) {
      domains = {
        list: siteService
          .list()
          .filter((s) => s.enabled)
          .flatMap((s) => s.domains),
        until: now + 10_000,
      };
    }
    return hostMatches(new URL(origin).hostname, domains.list);
  };

  // Beacons are refused at the door while the event loop is behind (src/track/overload.ts).
  const shedder = createLoadShedder();
  const routes = createTrackRoutes({
    overloaded: () => shedder.overloaded,
    ingest,
    metrics,
    explainDrops: d.config.env !== 'production',
    originAllowed,
    peerOf: d.peerOf ?? ((request, server) => server?.requestIP(request)?.address ?? null),
    tracker: embedded()?.tracker ?? {
      current: await buildTracker(),
      v1: readFileSync(TRACKER_V1, 'utf8'),
    },
  });

  const sweeper = setInterval(() => sessions.sweep(), 60_000);
  sweeper.unref?.();

  return {
    routes,
    metrics,
    writer,
    sessions,
    sites: siteService,
    optouts,
    /** Rows the writer caches ids of were deleted (an opt-out): forget them before the next batch. */
    clearWriterCaches(): void {
      committer.clearCache();
    },
    /** A site was edited or deleted: forget cached sites and origins now, not in 10 s. */
    sitesChanged(): void {
      sites.clear();
      domains = { list: [], until: 0 };
    },
    /** Prometheus text for /metrics. */
    renderMetrics: () =>
      metrics.render(
        {
          leadlens_write_queue_depth: ['Beacons waiting for their batch to commit.', writer.depth],
          leadlens_sessions: ['Open sessions held in memory.', sessions.size],
          leadlens_index_ipv4_segments: [
            'IPv4 segments in the loaded index.',
            d.index.current.v4Count,
          ],
          leadlens_index_ipv6_segments: [
            'IPv6 segments in the loaded index.',
            d.index.current.v6Count,
          ],
        },
        {
          leadlens_writer_shed_total: [
            'Beacons the writer refused because its queue was full or waited too long (overload; counted in outcome="unavailable" too).',
            writer.shed,
          ],
        },
      ),
    /** Stops accepting beacons, commits what is queued, stops the writer thread. */
    async close(): Promise<void> {
      clearInterval(sweeper);
      shedder.stop();
      await writer.close();
      await committer.close();
    },
  };
}

export type Tracking = Awaited<ReturnType<typeof createTracking>>;
