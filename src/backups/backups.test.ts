import { afterEach, describe, expect, test } from 'bun:test';
import { existsSync, mkdirSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseBackupEvery } from '../config/index.ts';
import { openDatabase, openDriver } from '../db/index.ts';
import { createScheduler, fakeTimers } from '../jobs/index.ts';
import { tempDir } from '../testing/tmp.ts';
import {
  backupFileName,
  backupInThread,
  createBackupJob,
  holdServerLock,
  lockPath,
  RestoreError,
  restoreDatabase,
  rotateBackups,
  STALE_MS,
  scheduleBackups,
  serverHolding,
} from './index.ts';

const dirs: Array<{ cleanup(): void }> = [];
afterEach(() => {
  for (const d of dirs.splice(0)) d.cleanup();
});
function tmp() {
  const t = tempDir();
  dirs.push(t);
  return t;
}

/** A migrated database with one marker row in the settings table. */
function dbWith(path: string, marker: string) {
  const db = openDatabase(path);
  db.prepare("INSERT OR REPLACE INTO settings (key, value) VALUES ('marker', ?)").run(marker);
  return db;
}
const markerOf = (path: string) => {
  const db = openDriver(path, { readonly: true });
  try {
    return db.prepare<{ value: string }>("SELECT value FROM settings WHERE key = 'marker'").get()
      ?.value;
  } finally {
    db.close();
  }
};

test.each([
  ['03:30', { dailyAt: { hour: 3, minute: 30 } }],
  ['0:05', { dailyAt: { hour: 0, minute: 5 } }],
  ['6h', { everyHours: 6 }],
  ['168H', { everyHours: 168 }],
  ['24:00', null],
  ['0h', null],
  ['169h', null],
  ['daily', null],
  ['', null],
])('BACKUP_EVERY %p', (raw, parsed) => {
  expect(parseBackupEvery(raw)).toEqual(parsed);
});

test('backup file names sort in time order', () => {
  expect(backupFileName(Date.UTC(2026, 10, 29, 3, 30, 5))).toBe('leadlens-20261129T033005Z.db');
});

test('rotation keeps the newest N scheduled backups and never touches other files', () => {
  const t = tmp();
  const names = [1, 2, 3, 4, 5].map((d) => backupFileName(Date.UTC(2026, 0, d, 3, 30)));
  for (const n of [...names, 'leadlens-manual.db', 'notes.txt']) writeFileSync(t.path(n), 'x');
  expect(rotateBackups(t.dir, 2).sort()).toEqual(names.slice(0, 3));
  expect(readdirSync(t.dir).sort()).toEqual(
    [names[3], names[4], 'leadlens-manual.db', 'notes.txt'].sort(),
  );
});

test('scheduled backups run on the scheduler, are restorable copies, and rotate', async () => {
  const t = tmp();
  mkdirSync(t.path('backups'));
  const db = dbWith(t.path('leadlens.db'), 'v1');
  const now = { t: Date.UTC(2026, 10, 29, 0, 0) };
  const timers = fakeTimers(now);
  const log = { info() {}, error() {} } as never;
  const scheduler = createScheduler({ clock: () => now.t, log, setTimer: timers.setTimer });
  const job = createBackupJob({ db, dir: t.path('backups'), keep: 2, clock: () => now.t });
  scheduleBackups(scheduler, { everyHours: 6 }, job);
  for (let i = 0; i < 4; i++) await timers.tick(6 * 3_600_000);
  await scheduler.stop();
  const files = readdirSync(t.path('backups')).sort();
  expect(files).toEqual(['leadlens-20261129T180000Z.db', 'leadlens-20261130T000000Z.db']);
  const newest = t.path(`backups/${files[1]}`);
  expect(statSync(newest).mode & 0o777).toBe(0o600);
  expect(markerOf(newest)).toBe('v1');
  db.close();
});

test('a backup into a missing directory fails and deletes nothing', async () => {
  const t = tmp();
  const db = dbWith(t.path('leadlens.db'), 'v1');
  const job = createBackupJob({ db, dir: t.path('gone'), keep: 1 });
  await expect(job()).rejects.toThrow('does not exist');
  db.close();
});

test('on its own thread a backup leaves the event loop free and writes a checked copy', async () => {
  const t = tmp();
  mkdirSync(t.path('backups'));
  const db = dbWith(t.path('leadlens.db'), 'threaded');
  // ~48 MB that VACUUM INTO copies and integrity_check reads back: long enough to see the loop.
  db.exec('CREATE TABLE filler (b BLOB)');
  db.exec(
    'WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 12000) ' +
      'INSERT INTO filler SELECT randomblob(4000) FROM n',
  );
  const loop = async (copy?: (target: string) => Promise<unknown> | unknown) => {
    const job = createBackupJob({ db, dir: t.path('backups'), keep: 5, copy: copy as never });
    let ticks = 0;
    const timer = setInterval(() => ticks++, 2);
    const t0 = performance.now();
    const { result } = await job();
    const ms = performance.now() - t0;
    clearInterval(timer);
    const marker = markerOf(result.path);
    rotateBackups(t.path('backups'), 0);
    return { ticks, ms, result, marker };
  };
  const inline = await loop();
  const threaded = await loop((target) => backupInThread(db.path, target));
  expect(threaded.result.integrity).toBe('ok');
  expect(threaded.marker).toBe('threaded');
  expect(threaded.result.bytes).toBeGreaterThan(40_000_000);
  // Inline the loop is blocked for the whole copy; threaded it ticks through it.
  expect(inline.ticks).toBeLessThanOrEqual(1);
  expect(threaded.ticks).toBeGreaterThan(threaded.ms / 2 / 4);
  db.close();
});

test('a backup thread that fails rejects with the reason and leaves no file', async () => {
  const t = tmp();
  const db = dbWith(t.path('leadlens.db'), 'v1');
  const target = t.path('leadlens.db');
  await expect(backupInThread(db.path, target)).rejects.toThrow('that is the database');
  await expect(backupInThread(db.path, t.path('no/dir/x.db'))).rejects.toThrow('no directory');
  expect(readdirSync(t.dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  db.close();
});

describe('restore', () => {
  test('refuses while a server holds the lock, then swaps the file and keeps the old one', async () => {
    const t = tmp();
    const live = t.path('data/leadlens.db');
    mkdirSync(t.path('data'));
    const backups = t.path('b');
    mkdirSync(backups);
    let db = dbWith(live, 'before');
    const { result } = await createBackupJob({ db, dir: backups, keep: 3 })();
    db.prepare("UPDATE settings SET value = 'after' WHERE key = 'marker'").run();

    const lock = holdServerLock(live);
    expect(serverHolding(live)).toMatchObject({ pid: process.pid });
    expect(() => restoreDatabase(result.path, live)).toThrow(RestoreError);
    expect(() => restoreDatabase(result.path, live)).toThrow('stop it first');
    expect(markerOf(live)).toBe('after');
    lock.release();
    db.close();
    expect(existsSync(lockPath(live))).toBe(false);

    const r = restoreDatabase(result.path, live, () => Date.UTC(2026, 10, 29, 12));
    expect(markerOf(live)).toBe('before');
    expect(r.previous).toBe(`${live}.before-restore-20261129T120000000Z`);
    expect(markerOf(r.previous!)).toBe('after');
    expect(existsSync(`${live}-wal`)).toBe(false);
    expect(statSync(live).mode & 0o777).toBe(0o600);
    // The server opens it again (migrations already applied, no error).
    db = openDatabase(live);
    expect(markerOf(live)).toBe('before');
    db.close();
  });

  test('a stale lock of this very process (a container restarted as pid 1) does not block', () => {
    const t = tmp();
    const live = t.path('leadlens.db');
    const backup = t.path('copy.db');
    const db = dbWith(live, 'x');
    db.prepare('VACUUM INTO ?').run(backup);
    db.close();
    holdServerLock(live); // never released, as after a crash
    const old = new Date(Date.now() - STALE_MS - 1000);
    utimesSync(lockPath(live), old, old);
    expect(serverHolding(live)).toBeNull();
    expect(restoreDatabase(backup, live).schemaVersion).toBeGreaterThan(0);
  });

  test.each([
    [
      'not a database',
      (p: string) => writeFileSync(p, 'hello, not sqlite at all'),
      /not a Leadlens database/,
    ],
    ['missing', () => {}, /no such file/],
    [
      'from a newer build',
      (p: string) => {
        const db = openDatabase(p);
        db.prepare(
          "INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (9999, 'future', '', 0)",
        ).run();
        db.close();
      },
      /newer than this build/,
    ],
  ])('refuses a backup that is %s, leaving the database alone', (_, make, why) => {
    const t = tmp();
    const live = t.path('leadlens.db');
    dbWith(live, 'kept').close();
    make(t.path('bad.db'));
    expect(() => restoreDatabase(t.path('bad.db'), live)).toThrow(why);
    expect(markerOf(live)).toBe('kept');
    expect(readdirSync(t.dir).filter((f) => f.includes('restore'))).toEqual([]);
  });
});

test('the lock file lives beside the database', () => {
  expect(lockPath(join('/srv', 'leadlens.db'))).toBe('/srv/leadlens.db.lock');
});
