import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { type Driver, openDriver } from './driver.ts';
import { migrate } from './migrate.ts';

/**
 * Pragmas chosen for a single-process server with one writer:
 * - WAL: readers (dashboard, exports) never block the ingest writer.
 * - synchronous=FULL (default): a beacon is acknowledged only after its batch commits; FULL makes
 *   that commit survive power loss as well as a killed process (one fsync per group-commit batch).
 *   NORMAL (SYNCHRONOUS=normal) still survives a killed process — the WAL is written before the
 *   answer — but an OS crash or power cut may lose the last batches; it costs a third of the I/O.
 * - foreign_keys: the schema's references are enforced, not decorative.
 * - busy_timeout: a CLI import in another process waits for the lock instead of failing at once.
 * - journal_size_limit: after a checkpoint the WAL file is truncated back to 64 MiB, so a burst of
 *   ingest or a long import does not leave a huge -wal file behind.
 */
export const PRAGMAS = {
  journal_mode: 'wal',
  synchronous: 2,
  foreign_keys: 1,
  busy_timeout: 5000,
  journal_size_limit: 64 * 1024 * 1024,
} as const;

/** synchronous levels an operator may choose: 2 = FULL, 1 = NORMAL. */
export const SYNCHRONOUS = { full: 2, normal: 1 } as const;
export type SynchronousLevel = keyof typeof SYNCHRONOUS;

export class DbOpenError extends Error {
  readonly code = 'db_open';
}

/**
 * Opens (creating if needed) a Leadlens database: sets and verifies the pragmas, applies migrations.
 * @example const db = openDatabase('data/leadlens.db');
 */
export function openDatabase(
  path: string,
  opts: { migrate?: boolean; synchronous?: SynchronousLevel } = {},
): Driver {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = openDriver(path);
  try {
    applyPragmas(db, { ...PRAGMAS, synchronous: SYNCHRONOUS[opts.synchronous ?? 'full'] });
    if (opts.migrate !== false) migrate(db);
  } catch (err) {
    db.close();
    throw err;
  }
  return db;
}

function applyPragmas(db: Driver, want: Record<keyof typeof PRAGMAS, string | number>): void {
  db.prepare(`PRAGMA busy_timeout = ${want.busy_timeout}`).run();
  db.prepare(`PRAGMA journal_mode = ${want.journal_mode}`).run();
  db.prepare(`PRAGMA synchronous = ${want.synchronous}`).run();
  db.prepare(`PRAGMA foreign_keys = ${want.foreign_keys}`).run();
  db.prepare(`PRAGMA journal_size_limit = ${want.journal_size_limit}`).run();
  // Read every pragma back: a silently ignored pragma (e.g. WAL on a filesystem without shared
  // memory, or foreign_keys inside a transaction) must stop start-up, not surface as lost data later.
  for (const [name, value] of Object.entries(want)) {
    const row = db.prepare<Record<string, unknown>>(`PRAGMA ${name}`).get();
    const got = row ? Object.values(row)[0] : undefined;
    if (String(got).toLowerCase() !== String(value)) {
      throw new DbOpenError(`${db.path}: PRAGMA ${name} is ${String(got)}, expected ${value}`);
    }
  }
}
