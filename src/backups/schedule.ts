import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { BackupEvery } from '../config/index.ts';
import { type BackupResult, backupDatabase } from '../db/backup.ts';
import type { Driver } from '../db/index.ts';
import type { Scheduler } from '../jobs/index.ts';
import type { Logger } from '../log/index.ts';

/** Scheduled backups are named by their UTC time, so names sort in time order. */
const NAME = /^leadlens-\d{8}T\d{6}Z\.db$/;

/**
 * The file name of a scheduled backup taken at `ms`.
 * @example backupFileName(Date.UTC(2026, 10, 29, 3, 30)) // 'leadlens-20261129T033000Z.db'
 */
export function backupFileName(ms: number): string {
  const iso = new Date(ms).toISOString(); // 2026-11-29T03:30:00.000Z
  return `leadlens-${iso.slice(0, 19).replace(/[-:]/g, '')}Z.db`;
}

/**
 * Deletes all but the newest `keep` scheduled backups in `dir`; other files are never touched.
 * Returns the deleted names.
 */
export function rotateBackups(dir: string, keep: number): string[] {
  const ours = readdirSync(dir)
    .filter((f) => NAME.test(f))
    .sort()
    .reverse();
  const old = ours.slice(keep);
  for (const f of old) rmSync(join(dir, f), { force: true });
  return old;
}

export interface BackupJobDeps {
  db: Driver;
  dir: string;
  keep: number;
  clock?: () => number;
  log?: Logger;
  /**
   * Writes the copy; by default backupDatabase on the calling thread. The server passes
   * backupInThread (thread.ts): VACUUM INTO takes seconds on a large database.
   */
  copy?: (target: string) => BackupResult | Promise<BackupResult>;
}

/**
 * One scheduled backup: VACUUM INTO a time-named file in `dir` (integrity-checked, 0600; see
 * src/db/backup.ts), then rotation.
 */
export function createBackupJob(d: BackupJobDeps) {
  const clock = d.clock ?? Date.now;
  const copy = d.copy ?? ((target: string) => backupDatabase(d.db, target, { clock }));
  return async (): Promise<{ result: BackupResult; deleted: string[] }> => {
    if (!existsSync(d.dir)) throw new Error(`backup directory ${d.dir} does not exist`);
    const result = await copy(join(d.dir, backupFileName(clock())));
    // Rotate only after a good copy exists: a failing backup never eats the old ones.
    const deleted = rotateBackups(d.dir, d.keep);
    d.log?.info('scheduled backup written', {
      file: result.path,
      bytes: result.bytes,
      ms: result.ms,
      deleted: deleted.length,
    });
    return { result, deleted };
  };
}

/** Puts the backup job on the scheduler per BACKUP_EVERY. */
export function scheduleBackups(
  scheduler: Scheduler,
  every: BackupEvery,
  job: () => unknown,
): void {
  if ('everyHours' in every) scheduler.every('backup', every.everyHours * 3_600_000, job);
  else scheduler.dailyAt('backup', every.dailyAt.hour, every.dailyAt.minute, job);
}
