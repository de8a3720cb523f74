// CHECKS.md #21 in small: with reads overlapping all the time (another process, two connections
// taking turns, each transaction 300 ms like an overview or export query, so one is always open), SQLite's passive checkpoints cannot start
// the WAL over and it grows with every write; the guard keeps it near its limit.
import { afterEach, expect, test } from 'bun:test';
import { statSync } from 'node:fs';
import { tempDir } from '../testing/tmp.ts';
import { openDatabase } from './index.ts';
import { createWalGuard, type WalGuardOptions } from './wal-guard.ts';

const MiB = 1024 * 1024;
const READERS = `
import { Database } from 'bun:sqlite';
const path = process.argv.at(-1);
const a = new Database(path);
const b = new Database(path);
const begin = (db) => { db.exec('BEGIN'); db.query('SELECT id FROM t LIMIT 1').get(); };
let turn = 0;
begin(a);
setInterval(() => {
  const [next, done] = turn++ % 2 ? [a, b] : [b, a];
  begin(next);
  done.exec('COMMIT');
}, 150);
console.log('reading');
`;

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

/**
 * 120 batches of 50 × 4 KB rows while another process runs `readers` (a script given the
 * database path; it prints a line once it reads), the guard after each commit unless `guard` is
 * null. The WAL's largest size.
 */
async function writeUnderReaders(readers: string, guard: WalGuardOptions | null) {
  const tmp = tempDir();
  const path = tmp.path('wal.db');
  const db = openDatabase(path, { migrate: false, synchronous: 'normal' });
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v BLOB NOT NULL)');
  const reader = Bun.spawn([process.execPath, '-e', readers, path], { stdout: 'pipe' });
  cleanups.push(() => {
    reader.kill();
    db.close();
    tmp.cleanup();
  });
  await reader.stdout.getReader().read(); // 'reading': a read transaction is open from here on
  const wal = createWalGuard(db, { limitBytes: 4 * MiB, everyMs: 0, ...guard });
  const insert = db.prepare('INSERT INTO t (v) VALUES (randomblob(4000))');
  let maxWal = 0;
  for (let batch = 0; batch < 120; batch++) {
    db.transaction(() => {
      for (let i = 0; i < 50; i++) insert.run();
    })();
    if (guard) wal.afterCommit();
    maxWal = Math.max(maxWal, statSync(`${path}-wal`).size);
    await Bun.sleep(10); // the readers take their turns
  }
  return { maxWal, restarts: wal.stats.restarts };
}

test('without the guard the WAL grows with the writes while reads overlap', async () => {
  const { maxWal } = await writeUnderReaders(READERS, null);
  // 120 batches × 50 rows × ~4 KB ≈ 24 MiB written, and the WAL holds nearly all of it.
  expect(maxWal).toBeGreaterThan(16 * MiB);
}, 30_000);

test('with the guard the WAL stays near its limit while reads overlap', async () => {
  const { maxWal, restarts } = await writeUnderReaders(READERS, { urgentEveryMs: 0, waitMs: 200 });
  expect(restarts).toBeGreaterThan(2);
  expect(maxWal).toBeLessThan(8 * MiB);
}, 30_000);

// One reader at a time, each read 600 ms, the next starting as the last ends: the guard's short
// wait (20 ms: a waiting checkpoint holds the write lock) always finds one in flight, unless the
// reader holds back while the WAL is large (yieldToCheckpoint, as the export and overview threads
// do); then an attempt soon finds none.
const SEQUENTIAL = (yielding: boolean) => `
import { Database } from 'bun:sqlite';
import { yieldToCheckpoint } from ${JSON.stringify(`${import.meta.dir}/wal-guard.ts`)};
const path = process.argv.at(-1);
const db = new Database(path);
console.log('reading');
for (;;) {
  ${yielding ? 'yieldToCheckpoint(path, { overBytes: 6 * 1024 * 1024, maxMs: 2000 });' : ''}
  db.exec('BEGIN');
  db.query('SELECT id FROM t LIMIT 1').get();
  Bun.sleepSync(600);
  db.exec('COMMIT');
}
`;

test.each([
  ['a reader that never holds back: the WAL grows', false, (mib: number) => mib > 20],
  ['a reader that yields past 6 MiB: bounded', true, (mib: number) => mib < 16],
])(
  '%s',
  async (_, yielding, ok) => {
    const { maxWal } = await writeUnderReaders(SEQUENTIAL(yielding), {});
    expect(ok(maxWal / MiB)).toBe(true);
  },
  60_000,
);
