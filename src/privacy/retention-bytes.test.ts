import { afterEach, expect, test } from 'bun:test';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHarness, type Harness } from '../testing/harness.ts';
import { createRetentionPurge, retentionCutoff } from './index.ts';
import { DAY, pageview } from './retention-testkit.ts';

// Retention is a promise to the visitors: a purged page title must be gone from the bytes of every
// file the database is made of, not just unreachable through SQL.

const NOW = Date.UTC(2026, 10, 29, 10, 0, 0);
const TITLE = 'Quarterly-Report-9c2f71be';

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

/** A site keeping 5 days: one visit 6 days ago with the unique title, one kept visit. */
async function seeded(): Promise<Harness> {
  h = await createHarness();
  h.db.prepare('UPDATE sites SET retention_days = 5 WHERE id = ?').run(h.siteId);
  h.now.t = NOW - 6 * DAY;
  await pageview(h, '198.51.100.1', { path: '/report', title: TITLE });
  h.now.t = NOW - DAY;
  await pageview(h, '198.51.100.2', { path: '/kept', title: 'Kept page' });
  h.now.t = NOW;
  checkpoint(h);
  // The scan sees the title while it is stored: a scan that cannot find it would prove nothing.
  expect(filesWithTitle(h)).toEqual(['leadlens.db']);
  return h;
}

const checkpoint = (h: Harness) => h.db.prepare('PRAGMA wal_checkpoint(TRUNCATE)').get();

/** Names of the files in the harness directory (DB, WAL, SHM, fixtures) holding the title. */
function filesWithTitle(h: Harness): string[] {
  const needle = Buffer.from(TITLE, 'utf8');
  return readdirSync(h.dir)
    .filter((f) => readFileSync(join(h.dir, f)).includes(needle))
    .sort();
}

test('after the purge and a checkpoint, the purged title is nowhere in the files', async () => {
  const h = await seeded();
  const r = await createRetentionPurge({ db: h.db, clock: () => h.now.t }).run();
  expect(r.pageviews).toBe(1);
  checkpoint(h);
  expect(filesWithTitle(h)).toEqual([]);
  const titles = h.db.prepare('SELECT title FROM pageviews').all();
  expect(titles).toEqual([{ title: 'Kept page' }]);
});

test('control: the same delete without secure_delete leaves the title in the file', async () => {
  const h = await seeded();
  h.db.exec('PRAGMA secure_delete = OFF');
  h.db
    .prepare('DELETE FROM visits WHERE site_id = ? AND started_at < ?')
    .run(h.siteId, retentionCutoff(NOW, 5));
  checkpoint(h);
  expect(h.db.prepare('SELECT count(*) AS n FROM pageviews WHERE title = ?').get(TITLE)).toEqual({
    n: 0,
  });
  expect(filesWithTitle(h)).toEqual(['leadlens.db']);
});
