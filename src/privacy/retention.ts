import type { Driver } from '../db/index.ts';
// rollups.ts directly, not leads/index.ts: the leads routes import auth, auth imports this module's
// index (DailyKeyer), and that cycle would load half-initialised modules.
import { dayOf, forgetRollupsBefore } from '../leads/rollups.ts';

const DAY_MS = 86_400_000;

/** What one purge deleted, over all sites. */
export interface RetentionResult {
  visits: number;
  pageviews: number;
  /** daily_counts rows (the per-day counters of traffic that is not a lead). */
  counters: number;
  /** company_days rows the inbox rollups forgot. */
  rollupDays: number;
}

export interface RetentionDeps {
  db: Driver;
  /** Unix ms. */
  clock: () => number;
  /** Visits (or counter rows) deleted per transaction. */
  batch?: number;
  /**
   * Awaited between two transactions: by default one turn of the event loop, which lets the
   * inline writer, requests and timers in; a deployment may add a sleep to throttle, and tests
   * use it to act at a known point of the purge.
   */
  pause?: () => Promise<void>;
}

export interface RetentionPurge {
  /** Purges every site once; a call while a run is going joins that run. */
  run(): Promise<RetentionResult>;
}

/**
 * The first instant a site keeps: the start of the UTC day `retentionDays` before today. Anything
 * that started earlier is past retention.
 * @example retentionCutoff(Date.UTC(2026, 10, 29, 10), 1) // Date.UTC(2026, 10, 28)
 */
export function retentionCutoff(now: number, retentionDays: number): number {
  return (dayOf(now) - retentionDays) * DAY_MS;
}

// Counters are keyed by the UTC day as text (YYYY-MM-DD), which sorts like the date.
const dayText = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);

const nextTurn = () => new Promise<void>((r) => setImmediate(r));

/**
 * The daily retention purge: per site, deletes visits (with their pageviews), the inbox rollups of
 * those days and the daily counters that started before the site's cutoff (`sites.retention_days`).
 *
 * The ingest writer commits on its own connection and waits at most busy_timeout (5 s) for the
 * write lock, so the purge never holds it long: `batch` visits per transaction, and a turn of the
 * event loop between transactions (the inline writer, requests and timers run there).
 * Deleted rows are overwritten (`secure_delete`): retention is a promise to the visitors, so the
 * bytes must not linger in free pages of the file.
 * @example
 * const purge = createRetentionPurge({ db, clock: Date.now });
 * scheduler.dailyAt('retention', 3, 15, () => purge.run());
 */
export function createRetentionPurge({
  db,
  clock,
  batch = 500,
  pause = nextTurn,
}: RetentionDeps): RetentionPurge {
  if (!(Number.isInteger(batch) && batch > 0)) throw new Error('retention: batch must be > 0');
  const q = {
    sites: db.prepare<{ id: number; days: number }>(
      'SELECT id, retention_days AS days FROM sites ORDER BY id',
    ),
    oldest: db.prepare<{ at: number | null }>(
      'SELECT min(started_at) AS at FROM visits WHERE site_id = ?',
    ),
    oldIds: db.prepare<{ id: number }>(
      'SELECT id FROM visits WHERE site_id = ? AND started_at < ? ORDER BY started_at LIMIT ?',
    ),
    // Pageviews by hand rather than by the cascade: the cascade's deletions are not counted.
    delPageviews: db.prepare(
      'DELETE FROM pageviews WHERE visit_id IN (SELECT value FROM json_each(?))',
    ),
    delVisits: db.prepare('DELETE FROM visits WHERE id IN (SELECT value FROM json_each(?))'),
    rollupDays: db.prepare<{ n: number }>(
      'SELECT count(*) AS n FROM company_days WHERE site_id = ? AND day < ?',
    ),
    anyCounter: db.prepare('SELECT 1 FROM daily_counts WHERE site_id = ? AND day < ? LIMIT 1'),
    delCounters: db.prepare(
      `DELETE FROM daily_counts WHERE (site_id, day, class) IN
         (SELECT site_id, day, class FROM daily_counts WHERE site_id = ? AND day < ? LIMIT ?)`,
    ),
  };
  // Set before every transaction rather than once per run: the run yields between batches, and
  // other code on this connection (an opt-out, say) may set and restore the pragma meanwhile.
  const secureDeleteOn = () => db.exec('PRAGMA secure_delete = ON');

  // Deletes the site's visits that started before `beforeDay`, `batch` per transaction. The
  // transaction that finds the last of them also makes the rollups forget those days, so the
  // inbox never counts visits that are gone once the step is done (forgetRollupsBefore's
  // contract), and takes those days' counters (a few rows a day: one per network class) with it.
  const purgeVisits = async (siteId: number, beforeDay: number, r: RetentionResult) => {
    const day = dayText(beforeDay);
    // Counts come back from the transaction and are added only once it has committed.
    const step = db.transaction((): RetentionResult & { found: number } => {
      const d = { found: 0, visits: 0, pageviews: 0, counters: 0, rollupDays: 0 };
      const ids = q.oldIds.all(siteId, beforeDay * DAY_MS, batch).map((x) => x.id);
      d.found = ids.length;
      if (ids.length > 0) {
        const json = JSON.stringify(ids);
        d.pageviews = q.delPageviews.run(json).changes;
        d.visits = q.delVisits.run(json).changes;
      }
      if (ids.length < batch) {
        d.rollupDays = q.rollupDays.get(siteId, beforeDay)!.n;
        forgetRollupsBefore(db, siteId, beforeDay);
        d.counters = q.delCounters.run(siteId, day, batch).changes;
      }
      return d;
    });
    for (;;) {
      secureDeleteOn();
      const d = step();
      r.visits += d.visits;
      r.pageviews += d.pageviews;
      r.counters += d.counters;
      r.rollupDays += d.rollupDays;
      await pause();
      if (d.found < batch) return;
    }
  };

  const purgeSite = async (siteId: number, cutoffDay: number, r: RetentionResult) => {
    // One UTC day at a time, oldest first: forgetting a day's rollups recomputes the totals of the
    // companies seen that day, and a first purge after retention was shortened by a year must not
    // do that for a year's companies in one transaction.
    for (;;) {
      const at = q.oldest.get(siteId)?.at ?? null;
      const old = at !== null && at < cutoffDay * DAY_MS;
      if (!old && q.rollupDays.get(siteId, cutoffDay)!.n === 0) break;
      const beforeDay = old ? Math.min(dayOf(at) + 1, cutoffDay) : cutoffDay;
      await purgeVisits(siteId, beforeDay, r);
      if (beforeDay === cutoffDay) break;
    }
    // What the steps left: counters of days without lead visits (only access-provider or hosting
    // traffic), or more than a batch of rows.
    const day = dayText(cutoffDay);
    const delCounters = db.transaction(() => q.delCounters.run(siteId, day, batch).changes);
    while (q.anyCounter.get(siteId, day)) {
      secureDeleteOn();
      r.counters += delCounters();
      await pause();
    }
  };

  const runOnce = async (): Promise<RetentionResult> => {
    const r: RetentionResult = { visits: 0, pageviews: 0, counters: 0, rollupDays: 0 };
    const now = clock();
    const before = db.prepare<{ secure_delete: number }>('PRAGMA secure_delete').get()!;
    try {
      for (const site of q.sites.all()) {
        await purgeSite(site.id, dayOf(retentionCutoff(now, site.days)), r);
      }
    } finally {
      db.exec(`PRAGMA secure_delete = ${Number(before.secure_delete)}`);
    }
    // Moves the zeroed pages into the file soon; PASSIVE never waits for the writer or readers.
    if (r.visits + r.counters + r.rollupDays > 0)
      db.prepare('PRAGMA wal_checkpoint(PASSIVE)').get();
    return r;
  };

  let running: Promise<RetentionResult> | null = null;
  return {
    run() {
      running ??= runOnce().finally(() => {
        running = null;
      });
      return running;
    },
  };
}
