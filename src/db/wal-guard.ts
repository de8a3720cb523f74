import { statSync } from 'node:fs';
import type { Driver } from './driver.ts';
import { PRAGMAS } from './open.ts';

export interface WalGuardOptions {
  /** Above this WAL file size a commit is followed by a TRUNCATE checkpoint attempt. */
  limitBytes?: number;
  /** At most one attempt per this many ms (a failed attempt costs up to `waitMs`). */
  everyMs?: number;
  /** How long an attempt waits for readers of older snapshots (busy handler). */
  waitMs?: number;
  /**
   * The wait once the file is past twice `limitBytes`: the short waits kept failing, so readers
   * longer than `waitMs` keep overlapping (an overview or an export's chunk on a busy machine).
   * Beacons queue meanwhile (the writer sheds only past 2 s), so this stays well under that.
   */
  longWaitMs?: number;
  now?: () => number;
}

/**
 * Keeps the WAL bounded while readers overlap. SQLite's automatic checkpoint is PASSIVE: it
 * copies frames back but can only start the WAL over when no reader holds an older snapshot, and
 * with dashboard, export and overview reads overlapping all day that moment never comes, so the
 * file grows (CHECKS.md #21). After a commit on the writer's connection, when the file is over
 * `limitBytes`, this runs `wal_checkpoint(TRUNCATE)` with a short busy wait: it waits only for
 * readers older than the checkpoint (new ones read the database file), then empties the file, so
 * its size says how much is in use (RESTART would leave a large file behind). The writer thread pays the wait, never the event loop.
 * @example const wal = createWalGuard(db); store.apply(ops); wal.afterCommit();
 */
export function createWalGuard(db: Driver, o: WalGuardOptions = {}) {
  const limit = o.limitBytes ?? 16 * 1024 * 1024;
  const every = o.everyMs ?? 1000;
  const wait = o.waitMs ?? 100;
  const longWait = o.longWaitMs ?? 1000;
  const now = o.now ?? Date.now;
  const walPath = `${db.path}-wal`;
  let last = Number.NEGATIVE_INFINITY;
  const stats = { attempts: 0, restarts: 0 };

  const walSize = (): number => {
    try {
      return statSync(walPath).size;
    } catch {
      return 0;
    }
  };

  return {
    stats,
    /** Call after each commit; returns true when the WAL was emptied. */
    afterCommit(): boolean {
      const t = now();
      if (t - last < every) return false;
      const size = walSize();
      if (size < limit) return false;
      last = t;
      stats.attempts++;
      db.exec(`PRAGMA busy_timeout = ${size >= 2 * limit ? longWait : wait}`);
      try {
        const r = db.prepare<{ busy: number }>('PRAGMA wal_checkpoint(TRUNCATE)').get();
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
