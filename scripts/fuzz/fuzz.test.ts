// The CI-sized slice of `npm run fuzz` (fixed seeds, a few thousand cases): the same invariants.
import { afterAll, beforeAll, expect, test } from 'bun:test';
import { createClassifier } from '../../src/classify/index.ts';
import { createHarness, type Harness } from '../../src/testing/harness.ts';
import { seededRandom } from '../../src/testing/random.ts';
import { tempDir } from '../../src/testing/tmp.ts';
import { fuzzBeacons } from './beacon.ts';
import { fuzzImporters, IMPORT_TARGETS } from './importers.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

test('POST /e: 3000 random and mutated beacons, no 5xx, no rows from refused ones', async () => {
  const r = await fuzzBeacons(h, seededRandom(42), 3000);
  expect(r.failures).toEqual([]);
  expect(r.passed).toBe(3000);
  expect(r.accepted).toBeGreaterThan(100);
  // The cases reach the write path, not only the validators.
  const stored = h.db.prepare<{ n: number }>('SELECT count(*) AS n FROM pageviews').get()?.n;
  expect(stored).toBeGreaterThan(50);
});

test('importers: 600 mutated fixture files either import or fail located, writing nothing', async () => {
  const work = tempDir();
  try {
    const r = await fuzzImporters(h.db, createClassifier(), work.dir, seededRandom(43), 600);
    expect(r.failures).toEqual([]);
    expect(r.passed).toBe(600);
    // Both outcomes happen: some mutations still parse, most are refused.
    expect(r.accepted).toBeGreaterThan(20);
    expect(r.accepted).toBeLessThan(580);
  } finally {
    work.cleanup();
  }
  expect(IMPORT_TARGETS.length).toBeGreaterThan(5);
}, 60_000);
