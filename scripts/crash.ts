// npm run crash — CHECKS.md #17 at full length: the real server under load, SIGKILL at a random
// moment, restart; after each kill `PRAGMA integrity_check` must say ok and every beacon that got a
// 202 must be stored. CRASH_RUNS sets the number of kills (default 50). CI runs 3 of them
// (src/track/durability.test.ts); this is the long version, not part of `npm test`.
import { crashRuns } from '../src/testing/load.ts';
import { prepareFixtureData } from '../src/testing/server.ts';
import { tempDir } from '../src/testing/tmp.ts';

const RUNS = Number(process.env.CRASH_RUNS ?? 50);
if (!Number.isInteger(RUNS) || RUNS < 1) {
  console.error(`CRASH_RUNS must be a positive integer, got ${process.env.CRASH_RUNS}`);
  process.exit(2);
}
// Leads in the fixture networks: Example Manufacturing (business), CanaryCo, Example University.
const LEADS = ['198.51.100.10', '198.51.100.11', '198.51.100.200', '2001:db8::10'];

const data = tempDir();
const work = tempDir();
let passed = 0;
let failed = 0;
let acked = 0;
try {
  const { siteKey } = prepareFixtureData(data.dir, work.dir);
  const results = await crashRuns(RUNS, { dataDir: data.dir, siteKey, addresses: LEADS });
  for (const r of results) {
    acked += r.acked;
    const refused = Object.keys(r.statuses).filter((s) => s !== '202');
    const problems = [
      r.integrity !== 'ok' && `integrity_check: ${r.integrity}`,
      r.acked === 0 && 'no beacon acknowledged before the kill',
      r.missing.length > 0 && `${r.missing.length} acknowledged beacons missing`,
      refused.length > 0 && `answers other than 202: ${refused.join(', ')}`,
    ].filter(Boolean);
    if (problems.length === 0) passed++;
    else {
      failed++;
      console.log(`round ${r.round} FAILED: ${problems.join('; ')}`);
    }
  }
} finally {
  data.cleanup();
  work.cleanup();
}
console.log(`${acked} acknowledged beacons over ${RUNS} kills`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
