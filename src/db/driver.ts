import { createRequire } from 'node:module';

/** A value SQLite can bind. Positional `?` parameters only, so both drivers read SQL the same way. */
export type SqlValue = string | number | bigint | Uint8Array | null;

export interface RunResult {
  changes: number;
  lastInsertRowid: number | bigint;
}

/** The prepared-statement subset both drivers share. `get` returns undefined on no row. */
export interface Statement<Row = Record<string, unknown>> {
  all(...params: SqlValue[]): Row[];
  get(...params: SqlValue[]): Row | undefined;
  run(...params: SqlValue[]): RunResult;
  iterate(...params: SqlValue[]): IterableIterator<Row>;
}

/** The database subset Leadlens uses; implemented over bun:sqlite and better-sqlite3. */
export interface Driver {
  readonly name: 'bun:sqlite' | 'better-sqlite3';
  readonly path: string;
  prepare<Row = Record<string, unknown>>(sql: string): Statement<Row>;
  exec(sql: string): void;
  /** Wraps fn in BEGIN IMMEDIATE … COMMIT (ROLLBACK on throw). Nested calls use savepoints. */
  transaction<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R;
  close(): void;
}

const requireHere = createRequire(import.meta.url);

/** True when running under Bun (bun:sqlite available); false under Node (better-sqlite3). */
export const isBun = typeof (globalThis as { Bun?: unknown }).Bun !== 'undefined';

/**
 * Opens a SQLite file with the driver of the running runtime.
 * @example const db = openDriver('data/leadlens.db');
 */
export function openDriver(path: string, opts: { readonly?: boolean } = {}): Driver {
  return isBun ? openBun(path, opts) : openNode(path, opts);
}

function openBun(path: string, opts: { readonly?: boolean }): Driver {
  const { Database } = requireHere('bun:sqlite');
  const db = opts.readonly
    ? new Database(path, { readonly: true })
    : new Database(path, { create: true });
  return {
    name: 'bun:sqlite',
    path,
    prepare<Row>(sql: string): Statement<Row> {
      const s = db.prepare(sql);
      return {
        all: (...p) => s.all(...p),
        get: (...p) => s.get(...p) ?? undefined,
        run: (...p) => s.run(...p),
        iterate: (...p) => s.iterate(...p),
      };
    },
    exec: (sql) => db.exec(sql),
    transaction: (fn) => {
      const tx = db.transaction(fn);
      return (...args) => tx.immediate(...args);
    },
    close: () => db.close(),
  };
}

// better-sqlite3 binds every JS number as REAL (bun:sqlite binds integral numbers as INTEGER), which
// matters in ANY columns and typeof() checks; and it binds Buffers, not plain Uint8Arrays.
function toNode(p: SqlValue[]): unknown[] {
  for (let i = 0; i < p.length; i++) {
    const v = p[i];
    if (typeof v === 'number' && Number.isSafeInteger(v)) {
      p[i] = BigInt(v);
    } else if (v instanceof Uint8Array && !Buffer.isBuffer(v)) {
      p[i] = Buffer.from(v.buffer, v.byteOffset, v.byteLength);
    }
  }
  return p;
}

function openNode(path: string, opts: { readonly?: boolean }): Driver {
  const Database = requireHere('better-sqlite3');
  const db = new Database(path, { readonly: !!opts.readonly });
  return {
    name: 'better-sqlite3',
    path,
    prepare<Row>(sql: string): Statement<Row> {
      const s = db.prepare(sql);
      const reader = s.reader;
      return {
        all: (...p) => s.all(...toNode(p)),
        get: (...p) => s.get(...toNode(p)),
        run: (...p) => {
          if (reader) {
            // better-sqlite3 refuses run() on statements that return rows (e.g. PRAGMA x = y).
            s.all(...toNode(p));
            return { changes: 0, lastInsertRowid: 0 };
          }
          return s.run(...toNode(p));
        },
        iterate: (...p) => s.iterate(...toNode(p)),
      };
    },
    exec: (sql) => db.exec(sql),
    transaction: (fn) => {
      const tx = db.transaction(fn);
      return (...args) => tx.immediate(...args);
    },
    close: () => db.close(),
  };
}
