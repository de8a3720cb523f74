import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { embedded } from '../embed/index.ts';
import type { Driver } from './driver.ts';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

const MIGRATION_FILE = /^(\d{4})-([a-z0-9-]+)\.sql$/;

/**
 * Reads the numbered `.sql` files beside this module, in order; in the compiled binary (no `dir`
 * given) the copies embedded at build time.
 */
export function loadMigrations(dir?: string): Migration[] {
  const files =
    dir === undefined && embedded()
      ? embedded()!.migrations
      : readMigrationFiles(dir ?? fileURLToPath(new URL('./migrations/', import.meta.url)));
  return files
    .map(({ file, sql }) => {
      const m = MIGRATION_FILE.exec(file);
      if (!m) throw new Error(`migration file name must be NNNN-name.sql: ${file}`);
      return { version: Number(m[1]), name: m[2], sql };
    })
    .sort((a, b) => a.version - b.version);
}

/** The `.sql` files of a directory as `{ file, sql }` (scripts/build.ts embeds the same list). */
export function readMigrationFiles(dir: string): { file: string; sql: string }[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .map((file) => ({ file, sql: readFileSync(`${dir}/${file}`, 'utf8') }));
}

const checksum = (sql: string) => createHash('sha256').update(sql).digest('hex');

/**
 * Applies pending migrations, each in its own transaction, and records them.
 * A landed migration whose file changed is refused: migrations are never edited, only added.
 */
export function migrate(db: Driver, migrations = loadMigrations()): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL, applied_at INTEGER NOT NULL
  ) STRICT`);
  const applied = new Map(
    db
      .prepare<{ version: number; checksum: string }>(
        'SELECT version, checksum FROM schema_migrations',
      )
      .all()
      .map((r) => [r.version, r.checksum]),
  );
  const record = db.prepare(
    'INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)',
  );
  const done: number[] = [];
  for (const m of migrations) {
    const sum = checksum(m.sql);
    const landed = applied.get(m.version);
    if (landed !== undefined) {
      if (landed !== sum) {
        throw new Error(
          `migration ${m.version}-${m.name} was edited after it was applied; add a new migration instead`,
        );
      }
      continue;
    }
    db.transaction(() => {
      db.exec(m.sql);
      record.run(m.version, m.name, sum, Date.now());
    })();
    done.push(m.version);
  }
  const newest = Math.max(0, ...migrations.map((m) => m.version));
  const ahead = [...applied.keys()].filter((v) => v > newest);
  if (ahead.length)
    throw new Error(
      `database has migration ${Math.max(...ahead)}, newer than this build knows (${newest})`,
    );
  return done;
}
