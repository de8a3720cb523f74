import { readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';

/**
 * How the CLI knows a server uses a database: the server keeps `<db>.lock` (its pid and host) and
 * touches it every HEARTBEAT_MS. SQLite's own locks cannot tell (in WAL mode an idle connection
 * holds none that another process can test), a pid alone cannot either (in a container the
 * server and a `docker run … restore` are both pid 1), so the lock is a lease: fresh = held.
 */
export const HEARTBEAT_MS = 10_000;
/** A lock file older than this is a crashed server's, unless its pid is alive on this host. */
export const STALE_MS = 3 * HEARTBEAT_MS;

export const lockPath = (dbPath: string) => `${dbPath}.lock`;

export interface LockInfo {
  pid: number;
  host: string;
  startedAt: string;
  /** ms since the last heartbeat */
  ageMs: number;
}

/**
 * Taken by `serve` after opening the database; `release()` at stop.
 * @example const lock = holdServerLock(config.dbPath); … lock.release();
 */
export function holdServerLock(dbPath: string, clock: () => number = Date.now) {
  const path = lockPath(dbPath);
  writeFileSync(
    path,
    JSON.stringify({
      pid: process.pid,
      host: hostname(),
      startedAt: new Date(clock()).toISOString(),
    }),
    { mode: 0o600 },
  );
  const beat = setInterval(() => {
    try {
      const now = new Date();
      utimesSync(path, now, now);
    } catch {
      // Deleted by hand: the next restore may proceed; the operator asked for it.
    }
  }, HEARTBEAT_MS);
  beat.unref?.();
  return {
    path,
    release(): void {
      clearInterval(beat);
      rmSync(path, { force: true });
    },
  };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as { code?: string }).code === 'EPERM';
  }
}

/** The lock of a server that (probably) uses `dbPath` now, or null. */
export function serverHolding(dbPath: string, now: number = Date.now()): LockInfo | null {
  const path = lockPath(dbPath);
  let info: Omit<LockInfo, 'ageMs'>;
  let ageMs: number;
  try {
    ageMs = now - statSync(path).mtimeMs;
    info = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return null;
  }
  const fresh = ageMs < STALE_MS;
  const sameHost = info.host === hostname();
  const living = sameHost && info.pid !== process.pid && alive(info.pid);
  return fresh || living ? { ...info, ageMs } : null;
}
