import { statSync } from 'node:fs';
import type { Driver } from './driver.ts';
import { PRAGMAS } from './open.ts';

export interface WalGuardOptions {
  /** Above this WAL file size a commit is followed by a TRUNCATE checkpoint attempt. */
  limitBytes?: number;
  /** At most one attempt per this many ms (a failed attempt costs up to `waitMs`). */
  everyMs?: number;
  /** Past twice `limitBytes`: at most one attempt per this many ms. */
  urgentEveryMs?: number;
  /**
   * How long an attempt waits for readers of older snapshots (busy handler). Short on purpose: a
   * waiting checkpoint holds the database's write lock, and every other writer — the event loop's
   * own small writes (scores, sessions) included — waits with it.
   */
  waitMs?: number;
  now?: () => number;
}

/** The size of `dbPath`'s WAL file in bytes (0 when there is none). */
export function walBytes(dbPath: string): number {
  try {
    return statSync(`${dbPath}-wal`).size;
  } catch {
    return 0;
  }
}

/** The guard's default limit; past twice it, checkpoints are urgent and readers hold back. */
export const WAL_GUARD_LIMIT = 16 * 1024 * 1024;

/**
 * Keeps the WAL bounded while readers overlap. SQLite's automatic checkpoint is PASSIVE: it
 * copies frames back but can only start the WAL over when no reader holds an older snapshot, and
 * with dashboard, export and overview reads overlapping all day that moment never comes, so the
 * file grows (CHECKS.md #21). After a commit on the writer's connection, when the file is over
 * `limitBytes`, this runs `wal_checkpoint(TRUNCATE)` with a short busy wait: it waits only for
 * readers older than the checkpoint (new ones read the database file), then empties the file, so
 * its size says how much is in use (RESTART would leave a large file behind).
 * The wait stays short (20 ms) because the checkpoint holds the write lock meanwhile: a 1 s wait
 * was tried and blocked the event loop's own writes for that second (beacon p99 ~2 s). Long reads
 * are handled from the other side instead: past twice the limit the guard tries every 100 ms,
 * and the reader threads hold back new reads (yieldToCheckpoint) so one of those tries finds no
 * reader once the reads already running end.
 * @example const wal = createWalGuard(db); store.apply(ops); wal.afterCommit();
 */
export function createWalGuard(db: Driver, o: WalGuardOptions = {}) {
  const limit = o.limitBytes ?? WAL_GUARD_LIMIT;
  const every = o.everyMs ?? 1000;
  const urgentEvery = o.urgentEveryMs ?? 100;
  const wait = o.waitMs ?? 20;
  const now = o.now ?? Date.now;
  const checkpoint = db.prepare<{ busy: number }>('PRAGMA wal_checkpoint(TRUNCATE)');
  let last = Number.NEGATIVE_INFINITY;
  const stats = { attempts: 0, restarts: 0 };

  return {
    stats,
    /** Call after each commit; returns true when the WAL was emptied. */
    afterCommit(): boolean {
      const t = now();
      if (t - last < urgentEvery) return false;
      const size = walBytes(db.path);
      if (size < limit || (size < 2 * limit && t - last < every)) return false;
      last = t;
      stats.attempts++;
      db.exec(`PRAGMA busy_timeout = ${wait}`);
      try {
        const r = checkpoint.get();
        if (r?.busy === 0) {
          stats.restarts++;
          return true;
        }
        return false;
      } finally {
        db.exec(`PRAGMA busy_timeout = ${PRAGMAS.busy_timeout}`);
      }
    },
  };
}

const pause = new Int32Array(new SharedArrayBuffer(4));

/**
 * The readers' half of the guard, for the reader threads (export, overview): before a read,
 * while the WAL is past `overBytes` (the guard's checkpoints keep finding a reader), wait up to
 * `maxMs` for it to shrink. A reader that starts while the checkpoint waits takes a snapshot that
 * needs the WAL and makes it wait again; one that holds back lets the reads in flight end, then
 * the checkpoint starts the WAL over. Blocks the calling thread (Atomics.wait): never call it on
 * the thread that answers requests. Returns the milliseconds waited.
 * @example yieldToCheckpoint(db.path); for (const row of stmt.iterate()) …
 */
export function yieldToCheckpoint(
  dbPath: string,
  o: { overBytes?: number; maxMs?: number; sliceMs?: number } = {},
): number {
  const over = o.overBytes ?? 2 * WAL_GUARD_LIMIT;
  const maxMs = o.maxMs ?? 1000;
  const slice = o.sliceMs ?? 10;
  let waited = 0;
  while (waited < maxMs && walBytes(dbPath) > over) {
    Atomics.wait(pause, 0, 0, slice);
    waited += slice;
  }
  return waited;
}
