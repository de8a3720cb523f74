import { chmodSync, closeSync, existsSync, openSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { type Driver, openDriver } from './driver.ts';
import { fsyncPath, integrityCheck } from './durable.ts';

/** A refused or failed backup; `message` names the target file, never anything from the data. */
export class BackupError extends Error {
  readonly code = 'backup';
}

/** What a backup wrote. */
export interface BackupResult {
  path: string;
  bytes: number;
  /** `PRAGMA integrity_check` of the copy: 'ok' (anything else throws). */
  integrity: string;
  ms: number;
}

/** Opens the copy, checks it, and makes it one self-contained file (no -wal beside it). */
function verify(path: string): string {
  const copy = openDriver(path);
  try {
    const integrity = integrityCheck(copy);
    if (integrity !== 'ok') throw new BackupError(`backup ${path}: integrity_check: ${integrity}`);
    // VACUUM INTO keeps the WAL flag of the source; a restore should be a single file.
    copy.exec('PRAGMA journal_mode = DELETE');
    return integrity;
  } finally {
    copy.close();
  }
}

/**
 * An online, consistent copy of the database with `VACUUM INTO` (one read transaction: ingest
 * goes on meanwhile). The copy is written under a temporary name in the target's directory,
 * created 0600 before SQLite writes a byte (it holds the company and visit data), fsynced,
 * checked with `integrity_check`, then renamed into place, so a half-written or broken copy never
 * carries the target's name. An existing target is refused unless `force`.
 * @example backupDatabase(db, '/backups/leadlens-2026-11-29.db') // → { bytes, integrity: 'ok', … }
 */
export function backupDatabase(
  db: Driver,
  target: string,
  opts: { force?: boolean; clock?: () => number } = {},
): BackupResult {
  const clock = opts.clock ?? Date.now;
  const started = clock();
  const path = resolve(target);
  if (path === resolve(db.path)) throw new BackupError(`backup ${target}: that is the database`);
  if (existsSync(path) && !opts.force) {
    throw new BackupError(`backup ${target}: file exists (use --force to overwrite)`);
  }
  const dir = dirname(path);
  if (!existsSync(dir)) throw new BackupError(`backup ${target}: no directory ${dir}`);
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${started}.tmp`);
  try {
    // VACUUM INTO accepts an existing empty file and keeps its mode: no moment where the copy
    // is readable by others, whatever the umask.
    closeSync(openSync(tmp, 'wx', 0o600));
    db.prepare('VACUUM INTO ?').run(tmp);
    const integrity = verify(tmp);
    chmodSync(tmp, 0o600);
    fsyncPath(tmp, 'r+');
    renameSync(tmp, path);
    fsyncPath(dir);
    return { path, bytes: statSync(path).size, integrity, ms: clock() - started };
  } catch (e) {
    for (const f of [tmp, `${tmp}-wal`, `${tmp}-shm`, `${tmp}-journal`]) rmSync(f, { force: true });
    if (e instanceof BackupError) throw e;
    throw new BackupError(`backup ${target}: ${(e as Error).message}`);
  }
}
