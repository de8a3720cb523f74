import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createHarness, type Harness } from '../testing/harness.ts';
import { tempDir } from '../testing/tmp.ts';
import { BackupError, backupDatabase } from './backup.ts';
import { type Driver, openDatabase, openDriver } from './index.ts';

// Tables whose counts a restore must reproduce; the last two are the rollups kept in the same
// transaction as the rows they sum, so a torn copy would disagree with them.
const COUNTS = [
  'SELECT count(*) AS n FROM visits',
  'SELECT count(*) AS n FROM pageviews',
  'SELECT count(*) AS n FROM companies',
  'SELECT count(*) AS n FROM ip_ranges',
  'SELECT coalesce(sum(pageviews), 0) AS n FROM company_totals',
  'SELECT coalesce(sum(pageviews), 0) AS n FROM visits',
];
const countsOf = (db: Driver) => COUNTS.map((sql) => db.prepare<{ n: number }>(sql).get()!.n);

let h: Harness;
const out = tempDir('leadlens-backup-');
let n = 0;

/** A pageview of a new visitor address in the business network (each one a stored visit). */
async function ingest(): Promise<void> {
  const i = n++;
  const ip = `198.51.100.${(i % 100) + 1}`;
  const body = { s: h.siteKey, e: 'pageview', u: `https://example.com/b/${i}`, t: 'B', w: 1440 };
  const res = await h.beacon(body, ip);
  expect(res.status).toBe(202);
}

beforeAll(async () => {
  // The worker writer commits from its own connection: ingest really runs beside the backup.
  h = await createHarness({ writerMode: 'worker' });
  for (let i = 0; i < 20; i++) await ingest();
});
afterAll(async () => {
  await h.close();
  out.cleanup();
});

describe('backupDatabase', () => {
  test('during ingest: a consistent, checked, 0600 copy; restored counts match', async () => {
    // The backup's own connection, as `leadlens backup` opens it in another process.
    const conn = openDatabase(h.db.path, { migrate: false });
    let stop = false;
    const load = (async () => {
      while (!stop) await ingest();
    })();
    try {
      await Bun.sleep(20);
      const during = backupDatabase(conn, out.path('during.db'));
      expect(during).toMatchObject({ integrity: 'ok', path: out.path('during.db') });
      expect(during.bytes).toBe(statSync(out.path('during.db')).size);
      const copy = openDriver(out.path('during.db'));
      const [visits, pageviews, , , totals, visitSum] = countsOf(copy);
      copy.close();
      // A snapshot: some visits, and its rollups agree with its rows.
      expect(visits).toBeGreaterThanOrEqual(20);
      expect(totals).toBe(pageviews);
      expect(visitSum).toBe(pageviews);
    } finally {
      stop = true;
      await load;
    }
    // Quiet now: a backup and a fresh instance opened from it hold exactly what the source holds.
    const after = backupDatabase(conn, out.path('after.db'));
    conn.close();
    expect(statSync(after.path).mode & 0o777).toBe(0o600);
    const restored = openDatabase(after.path);
    try {
      expect(countsOf(restored)).toEqual(countsOf(h.db));
      expect(countsOf(restored)[0]).toBeGreaterThan(20);
    } finally {
      restored.close();
    }
  });

  test('mode 0600 whatever the umask; one file, no -wal or temporary left beside it', () => {
    const dir = tempDir('leadlens-backup-mode-');
    const old = process.umask(0o000);
    try {
      const r = backupDatabase(h.db, dir.path('b.db'));
      expect(statSync(r.path).mode & 0o777).toBe(0o600);
      expect(readdirSync(dir.dir)).toEqual(['b.db']);
    } finally {
      process.umask(old);
      dir.cleanup();
    }
  });

  test.each([
    [
      'an existing file',
      () => writeFileSync(out.path('exists.db'), 'keep me'),
      'exists.db',
      /file exists/,
    ],
    ['the database itself', () => {}, null, /that is the database/],
    ['a missing directory', () => {}, 'no/such/dir/x.db', /no directory/],
  ] as const)('refuses %s', (_name, prepare, name, message) => {
    prepare();
    const target = name === null ? h.db.path : out.path(name);
    expect(() => backupDatabase(h.db, target)).toThrow(message);
    expect(() => backupDatabase(h.db, target)).toThrow(BackupError);
    if (name === 'exists.db') expect(Bun.file(target).size).toBe(7);
  });

  test('--force replaces an existing file atomically with a good copy', () => {
    const target = out.path('forced.db');
    writeFileSync(target, 'old contents');
    const r = backupDatabase(h.db, target, { force: true });
    expect(r.integrity).toBe('ok');
    expect(statSync(target).mode & 0o777).toBe(0o600);
    expect(existsSync(`${target}-wal`)).toBe(false);
    const copy = openDriver(target);
    expect(countsOf(copy)).toEqual(countsOf(h.db));
    copy.close();
  });
});
