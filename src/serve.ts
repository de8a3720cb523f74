import { createApp } from './app.ts';
import { createAuth } from './auth/index.ts';
import { createClassifier } from './classify/index.ts';
import type { Config } from './config/index.ts';
import { type Driver, openDatabase } from './db/index.ts';
import { IndexHolder } from './ipindex/index.ts';
import type { Logger } from './log/index.ts';
import { hasNoRanges, importDefaultDataset } from './sources/index.ts';
import { createTracking } from './track/index.ts';

export interface Server {
  port: number;
  db: Driver;
  index: IndexHolder;
  stop(): Promise<void>;
}

/**
 * Starts Leadlens: opens the database, imports the bundled dataset on first start, loads the
 * index, listens, and reloads the index when another process imports data.
 */
export async function startServer(
  config: Readonly<Config>,
  log: Logger,
  out: { write(s: string): unknown } = process.stdout,
): Promise<Server> {
  const db = openDatabase(config.dbPath, { synchronous: config.synchronous });
  const classify = createClassifier();
  if (config.importDefault && hasNoRanges(db)) {
    log.info('first start: importing the bundled @ip-location-db/asn dataset (CC BY 4.0, DB-IP)');
    const s = await importDefaultDataset(db, classify);
    log.info('bundled dataset imported', {
      ranges: s.ranges,
      networks: s.networks,
      ms: Math.round(s.ms),
    });
  }
  const index = new IndexHolder();
  const loaded = index.reload(db);
  log.info('index loaded', {
    ipv4Segments: loaded.index.v4Count,
    ipv6Segments: loaded.index.v6Count,
    fromCache: loaded.fromCache,
    ms: Math.round(loaded.ms),
  });

  const tracking = await createTracking({ db, index, config, log });
  const auth = createAuth({ db, config, log, peerOf: (r, s) => s?.requestIP(r)?.address ?? null });
  const app = createApp({ db, index, config, tracking, auth, log }).listen({
    hostname: config.host,
    port: config.port,
    // Beacons are capped at 8 KB in the route; this bounds everything else.
    maxRequestBodySize: 16 * 1024 * 1024,
  });
  const port = app.server?.port ?? config.port;
  const base = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  log.info('listening', { url: base });
  const setup = auth.setupUrlPath();
  // The one-time setup link is a secret: a plain line on stdout for the operator, not a log field.
  if (setup) {
    out.write(
      `\nNo account yet. Create the owner account here (the link works once):\n  ${base}${setup}\n\n`,
    );
  }

  const timer = setInterval(() => {
    try {
      const r = index.reloadIfChanged(db);
      if (r)
        log.info('index reloaded', {
          dataVersion: r.version,
          segments: r.index.size,
          ms: Math.round(r.ms),
        });
    } catch (e) {
      log.error('index reload failed; keeping the current index', { error: (e as Error).message });
    }
  }, config.reloadCheckMs);

  let stopped = false;
  return {
    port,
    db,
    index,
    async stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      // Stop accepting connections, let in-flight beacons reach the writer, commit them, close.
      await app.stop();
      await tracking.close();
      db.prepare('PRAGMA wal_checkpoint(TRUNCATE)').run();
      db.close();
      log.info('stopped');
    },
  };
}
