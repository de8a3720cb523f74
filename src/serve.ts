import {
  backupInThread,
  createBackupJob,
  holdServerLock,
  scheduleBackups,
} from './backups/index.ts';
import { createClassifier } from './classify/index.ts';
import { type Composed, composeApp } from './compose.ts';
import type { Config } from './config/index.ts';
import { type Driver, openDatabase } from './db/index.ts';
import { IndexHolder } from './ipindex/index.ts';
import { createScheduler } from './jobs/index.ts';
import { createRefresher } from './leads/index.ts';
import type { Logger } from './log/index.ts';
import { createRetentionPurge } from './privacy/index.ts';
import { hasNoRanges, importDefaultDataset } from './sources/index.ts';

export interface Server {
  port: number;
  /** http://host:port */
  base: string;
  db: Driver;
  index: IndexHolder;
  modules: Composed;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Where the one-time setup link is printed (stdout). */
  out?: { write(s: string): unknown };
  /** The tracking and dashboard clock (tests and the screenshot script move it). */
  clock?: () => number;
}

/**
 * Starts Leadlens: opens the database, imports the bundled dataset on first start, loads the
 * index, listens, and reloads the index when another process imports data.
 */
export async function startServer(
  config: Readonly<Config>,
  log: Logger,
  opts: StartOptions = {},
): Promise<Server> {
  const out = opts.out ?? process.stdout;
  const db = openDatabase(config.dbPath, { synchronous: config.synchronous });
  // openDatabase has read every pragma back (a mismatch stops start-up); say what is in effect,
  // so an operator (and a test) can see the durability level without a debug endpoint.
  const pragma = (name: string) =>
    Object.values(db.prepare<Record<string, unknown>>(`PRAGMA ${name}`).get() ?? {})[0];
  log.info('database opened', {
    journalMode: String(pragma('journal_mode')),
    synchronous: Number(pragma('synchronous')) === 2 ? 'full' : 'normal',
    busyTimeoutMs: Number(pragma('busy_timeout')),
    journalSizeLimit: Number(pragma('journal_size_limit')),
  });
  // `leadlens restore` refuses while this lease is fresh (src/backups/lock.ts).
  const lock = config.dbPath === ':memory:' ? null : holdServerLock(config.dbPath);
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

  const modules = await composeApp({ db, index, config, log, clock: opts.clock });
  const { tracking, auth, live } = modules;
  const app = modules.app.listen({
    hostname: config.host,
    port: config.port,
    // Beacons are capped at 8 KB in the route; this bounds everything else.
    maxRequestBodySize: 16 * 1024 * 1024,
    // Set here, not left to Elysia's default (30): a request whose body trickles in (slow POST,
    // CHECKS #14) is closed this many seconds after it started, as is an idle keep-alive
    // connection; a response that keeps writing (CSV export) resets it, the live feed's SSE
    // stream turns it off for itself. Slow headers are closed by Bun after ~10 s whatever this
    // says (#13). `npm run soak` measures both.
    idleTimeout: 30,
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

  // In-process jobs (src/jobs): a job never overlaps itself; failures are logged and retried
  // at the next tick.
  const clock = opts.clock ?? Date.now;
  const scheduler = createScheduler({ clock, log });
  // Lead scores and 30-day sums: dirty rows every minute, a full pass once a UTC day, so the
  // first inbox request of a day does not pay for it.
  const refresher = createRefresher({ db, clock });
  scheduler.every('lead-scores', 60_000, () => refresher.refreshYielding());
  // Retention: visits, pageviews and counters older than each site's retention_days, in small
  // batches (ingest keeps committing in between), with secure_delete so the bytes are gone.
  const purge = createRetentionPurge({ db, clock });
  scheduler.dailyAt('retention', 3, 15, async () => {
    const r = await purge.run();
    log.info('retention purge', { ...r });
  });

  // Scheduled backups (BACKUP_DIR): a time-named copy, then the oldest beyond BACKUP_KEEP go.
  if (config.backupDir) {
    const backup = createBackupJob({
      db,
      dir: config.backupDir,
      keep: config.backupKeep,
      log,
      clock,
      // Off the event loop: seconds of VACUUM INTO on a large database would stall ingest.
      copy: (target) => backupInThread(db.path, target),
    });
    scheduleBackups(scheduler, config.backupEvery, backup);
  }

  for (const job of modules.jobs) {
    if ('everyMs' in job) scheduler.every(job.name, job.everyMs, job.run);
    else scheduler.dailyAt(job.name, job.dailyAt.hour, job.dailyAt.minute, job.run);
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
    base,
    db,
    index,
    modules,
    async stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      await scheduler.stop();
      // End the live streams first (they would hold the server open), stop accepting
      // connections, let in-flight beacons reach the writer, commit them, close.
      live.close();
      await app.stop();
      await tracking.close();
      // Trigger evaluation and deliveries in progress finish before the database closes (a row
      // being sent stays claimed and is sent again after its lease: at least once).
      await modules.alerts.close();
      db.prepare('PRAGMA wal_checkpoint(TRUNCATE)').run();
      db.close();
      lock?.release();
      log.info('stopped');
    },
  };
}
