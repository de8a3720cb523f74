import { closeSync, fsyncSync, openSync } from 'node:fs';
import type { Driver } from './driver.ts';

/**
 * `PRAGMA integrity_check` as one string: 'ok', or every problem SQLite lists joined by '; '.
 * @example if (integrityCheck(db) !== 'ok') throw new Error('corrupt');
 */
export function integrityCheck(db: Driver): string {
  return db
    .prepare<Record<string, string>>('PRAGMA integrity_check')
    .all()
    .map((row) => Object.values(row)[0])
    .join('; ');
}

/** fsync a file or directory, so a copy (and its name) survive a power cut once we report it. */
export function fsyncPath(path: string, flags = 'r'): void {
  const fd = openSync(path, flags);
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
