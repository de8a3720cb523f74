import { chmodSync, copyFileSync, existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fsyncPath, integrityCheck, loadMigrations, openDriver } from '../db/index.ts';
import { lockPath, serverHolding } from './lock.ts';

/** A refused or failed restore; the message says why and what to do. */
export class RestoreError extends Error {
  readonly code = 'restore';
}

export interface RestoreResult {
  /** The database file now holding the backup's data. */
  path: string;
  /** Where the replaced database went (null when there was none). */
  previous: string | null;
  bytes: number;
  schemaVersion: number;
}

/** integrity_check and schema version of a backup; refuses a file this build cannot run. */
export function checkBackup(file: string): { schemaVersion: number } {
  if (!existsSync(file)) throw new RestoreError(`restore: no such file: ${file}`);
  let db: ReturnType<typeof openDriver> | null = null;
  try {
    db = openDriver(file, { readonly: true });
    const integrity = integrityCheck(db);
    if (integrity !== 'ok')
      throw new RestoreError(`restore: ${file}: integrity_check: ${integrity}`);
    const row = db
      .prepare<{ v: number | null }>('SELECT max(version) AS v FROM schema_migrations')
      .get();
    const schemaVersion = row?.v ?? 0;
    const known = Math.max(0, ...loadMigrations().map((m) => m.version));
    if (schemaVersion > known) {
      throw new RestoreError(
        `restore: ${file} has schema version ${schemaVersion}, newer than this build knows (${known})`,
      );
    }
    return { schemaVersion };
  } catch (e) {
    if (e instanceof RestoreError) throw e;
    throw new RestoreError(`restore: ${file} is not a Leadlens database (${(e as Error).message})`);
  } finally {
    db?.close();
  }
}

/**
 * Replaces the database at `dbPath` with the backup `file`, while no server uses it:
 * checks the backup (integrity, schema version), copies it beside the database (0600, fsynced),
 * moves the current database and its -wal/-shm aside as `<db>.before-restore-<time>`, and renames
 * the copy into place — a crash at any point leaves either the old or the new file under the name.
 * @example restoreDatabase('/backups/leadlens-20261129T033000Z.db', 'data/leadlens.db')
 */
export function restoreDatabase(
  file: string,
  dbPath: string,
  clock: () => number = Date.now,
): RestoreResult {
  const source = resolve(file);
  const target = resolve(dbPath);
  if (source === target) throw new RestoreError('restore: that is the database itself');
  const held = serverHolding(target, clock());
  if (held) {
    throw new RestoreError(
      `restore: a server uses ${dbPath} (pid ${held.pid} on ${held.host}, lock ${lockPath(dbPath)} ` +
        `renewed ${Math.round(held.ageMs / 1000)} s ago); stop it first. ` +
        'If no server runs, delete the lock file.',
    );
  }
  const { schemaVersion } = checkBackup(source);
  const dir = dirname(target);
  if (!existsSync(dir)) throw new RestoreError(`restore: no directory ${dir}`);
  const stamp = new Date(clock()).toISOString().replace(/[-:.]/g, '');
  const tmp = join(dir, `.${basename(target)}.restore-${process.pid}.tmp`);
  try {
    copyFileSync(source, tmp);
    chmodSync(tmp, 0o600);
    fsyncPath(tmp, 'r+');
  } catch (e) {
    rmSync(tmp, { force: true });
    throw new RestoreError(`restore: copying ${file}: ${(e as Error).message}`);
  }
  let previous: string | null = null;
  if (existsSync(target)) {
    previous = `${target}.before-restore-${stamp}`;
    // The -wal belongs to the old file: left beside the new one, SQLite would replay it into it.
    for (const suffix of ['-wal', '-shm', '']) {
      if (existsSync(target + suffix)) renameSync(target + suffix, previous + suffix);
    }
  }
  renameSync(tmp, target);
  fsyncPath(dir);
  return { path: target, previous, bytes: statSync(target).size, schemaVersion };
}
