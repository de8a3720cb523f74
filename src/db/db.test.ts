// Runs under Bun (bun:sqlite) and Node (better-sqlite3): node:test + node:assert work in both.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { after, describe, test } from 'node:test';
import { tempDir } from '../testing/tmp.ts';
import {
  DbOpenError,
  isBun,
  loadMigrations,
  migrate,
  openDatabase,
  openDriver,
  PRAGMAS,
} from './index.ts';
import { bumpDataVersion, dataVersion, getSetting, setSetting } from './settings.ts';

const tmp = tempDir();
after(() => tmp.cleanup());
let n = 0;
const fresh = () => openDatabase(tmp.path(`t${++n}.db`));

describe(`store on ${isBun ? 'bun:sqlite' : 'better-sqlite3'}`, () => {
  test('uses the runtime driver', () => {
    const db = fresh();
    assert.equal(db.name, isBun ? 'bun:sqlite' : 'better-sqlite3');
    db.close();
  });

  test('pragmas are in effect after open', () => {
    const db = fresh();
    for (const [name, want] of Object.entries(PRAGMAS)) {
      const row = db.prepare<Record<string, unknown>>(`PRAGMA ${name}`).get()!;
      assert.equal(String(Object.values(row)[0]).toLowerCase(), String(want), name);
    }
    db.close();
  });

  test('refuses to open where a pragma cannot take effect', () => {
    // An in-memory database cannot be in WAL mode: open must fail loudly, not carry on in 'memory'.
    assert.throws(() => openDatabase(':memory:'), DbOpenError);
  });

  test('migrations apply once, in order, recorded', () => {
    const db = fresh();
    const rows = db
      .prepare<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version')
      .all();
    assert.deepEqual(
      rows.map((r) => r.version),
      loadMigrations().map((m) => m.version),
    );
    assert.deepEqual(migrate(db), []);
    db.close();
  });

  test('an edited landed migration is refused', () => {
    const db = fresh();
    const edited = loadMigrations().map((m) =>
      m.version === 1 ? { ...m, sql: `${m.sql}\n-- edit` } : m,
    );
    assert.throws(() => migrate(db, edited), /was edited/);
    db.close();
  });

  test('a database newer than the build is refused', () => {
    const db = fresh();
    db.prepare("INSERT INTO schema_migrations VALUES (9999, 'future', 'x', 0)").run();
    assert.throws(() => migrate(db), /newer than this build/);
    db.close();
  });

  test('a failing migration rolls back whole', () => {
    const dir = tempDir();
    writeFileSync(dir.path('0001-ok.sql'), 'CREATE TABLE a (x INTEGER) STRICT;');
    writeFileSync(
      dir.path('0002-bad.sql'),
      'CREATE TABLE b (x INTEGER) STRICT; SELECT nope FROM nowhere;',
    );
    const db = openDriver(tmp.path('partial.db'));
    assert.throws(() => migrate(db, loadMigrations(dir.dir)));
    const tables = db
      .prepare<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'")
      .all();
    assert.ok(tables.some((t) => t.name === 'a'));
    assert.ok(
      !tables.some((t) => t.name === 'b'),
      'table from the failed migration must not exist',
    );
    db.close();
    dir.cleanup();
  });

  test('prepared statements: get/all/run/iterate, blobs, bigint-sized ASNs, missing row', () => {
    const db = fresh();
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, b BLOB, n INTEGER) STRICT');
    const ins = db.prepare('INSERT INTO t (b, n) VALUES (?, ?)');
    const r = ins.run(new Uint8Array([0, 255, 16]), 4294967294);
    assert.equal(r.changes, 1);
    assert.equal(Number(r.lastInsertRowid), 1);
    ins.run(new Uint8Array(16), 0);
    const row = db.prepare<{ b: Uint8Array; n: number }>('SELECT b, n FROM t WHERE id = ?').get(1)!;
    assert.deepEqual([...row.b], [0, 255, 16]);
    assert.equal(row.n, 4294967294);
    assert.equal(db.prepare('SELECT * FROM t WHERE id = ?').get(99), undefined);
    assert.equal(db.prepare('SELECT * FROM t').all().length, 2);
    assert.equal([...db.prepare('SELECT id FROM t').iterate()].length, 2);
    db.close();
  });

  test('transactions commit, roll back on throw, and see their own writes', () => {
    const db = fresh();
    setSetting(db, 'a', '1');
    assert.throws(() =>
      db.transaction(() => {
        setSetting(db, 'a', '2');
        assert.equal(getSetting(db, 'a'), '2');
        throw new Error('abort');
      })(),
    );
    assert.equal(getSetting(db, 'a'), '1');
    db.transaction(() => setSetting(db, 'a', '3'))();
    assert.equal(getSetting(db, 'a'), '3');
    db.close();
  });

  test('foreign keys and CHECK constraints are enforced', () => {
    const db = fresh();
    assert.throws(() =>
      db
        .prepare(
          'INSERT INTO ip_ranges (source_id, family, start, end, network_id) VALUES (42, 4, 1, 2, 1)',
        )
        .run(),
    );
    db.prepare("INSERT INTO sources (name, format) VALUES ('s', 'x')").run();
    db.prepare(
      "INSERT INTO networks (asn, name, class, class_source) VALUES (64500, 'N', 'business', 'test')",
    ).run();
    // IPv6 bounds must be 16-byte blobs; IPv4 bounds integers; start <= end.
    const ins = db.prepare(
      'INSERT INTO ip_ranges (source_id, family, start, end, network_id) VALUES (1, ?, ?, ?, 1)',
    );
    assert.throws(() => ins.run(6, 1, 2));
    assert.throws(() => ins.run(4, new Uint8Array(16), new Uint8Array(16)));
    assert.throws(() => ins.run(4, 9, 1));
    assert.throws(() =>
      db
        .prepare("INSERT INTO networks (name, class, class_source) VALUES ('x', 'spam', 't')")
        .run(),
    );
    ins.run(4, 1, 2);
    ins.run(6, new Uint8Array(16), new Uint8Array(16).fill(255));
    db.close();
  });

  test('data version bumps inside transactions', () => {
    const db = fresh();
    assert.equal(dataVersion(db), 0);
    db.transaction(() => bumpDataVersion(db))();
    assert.equal(dataVersion(db), 1);
    db.close();
  });

  test('data survives close and reopen (WAL checkpointed or not)', () => {
    const path = tmp.path('reopen.db');
    const a = openDatabase(path);
    setSetting(a, 'k', 'v');
    a.close();
    const b = openDatabase(path);
    assert.equal(getSetting(b, 'k'), 'v');
    b.close();
  });
});
