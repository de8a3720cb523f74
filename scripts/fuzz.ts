// npm run fuzz — CHECKS.md 1–7 beyond the table tests: seeded random and mutated inputs for POST /e,
// every importer and the companies CSV parser. FUZZ_CASES (default 100000) split 70/30 between
// beacons and imports; FUZZ_SEED (default 1) makes a run replayable: the same seed gives the same
// cases, and a failure names its case index. Ends with `N passed, N failed`.
import { createClassifier } from '../src/classify/index.ts';
import { integrityCheck } from '../src/db/index.ts';
import { createHarness } from '../src/testing/harness.ts';
import { seededRandom } from '../src/testing/random.ts';
import { tempDir } from '../src/testing/tmp.ts';
import { fuzzBeacons } from './fuzz/beacon.ts';
import { fuzzImporters } from './fuzz/importers.ts';

const CASES = Number(process.env.FUZZ_CASES ?? 100_000);
const SEED = Number(process.env.FUZZ_SEED ?? 1);
if (!Number.isInteger(CASES) || CASES < 1 || !Number.isInteger(SEED)) {
  console.error('FUZZ_CASES must be a positive integer and FUZZ_SEED an integer');
  process.exit(2);
}
const beacons = Math.round(CASES * 0.7);
const imports = CASES - beacons;

const h = await createHarness();
const work = tempDir();
try {
  let t0 = performance.now();
  const b = await fuzzBeacons(h, seededRandom(SEED), beacons);
  console.log(
    `POST /e: ${beacons} cases in ${((performance.now() - t0) / 1000).toFixed(1)} s — ${b.passed} passed (${b.accepted} accepted), ${b.failed} failed`,
  );
  t0 = performance.now();
  const i = await fuzzImporters(
    h.db,
    createClassifier(),
    work.dir,
    seededRandom(SEED + 1),
    imports,
  );
  console.log(
    `importers: ${imports} cases in ${((performance.now() - t0) / 1000).toFixed(1)} s — ${i.passed} passed (${i.accepted} imported), ${i.failed} failed`,
  );
  const integrity = integrityCheck(h.db);
  const ok = integrity === 'ok';
  console.log(`integrity_check: ${integrity}`);
  for (const f of [...b.failures, ...i.failures]) console.log(`  ${f}`);
  console.log(`seed ${SEED}; replay with FUZZ_SEED=${SEED} FUZZ_CASES=${CASES} npm run fuzz`);
  const passed = b.passed + i.passed + (ok ? 1 : 0);
  const failed = b.failed + i.failed + (ok ? 0 : 1);
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed === 0 ? 0 : 1;
} finally {
  await h.close();
  work.cleanup();
}
