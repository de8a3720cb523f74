// Invariant 3 end to end (CHECKS.md #17): the real server under load, SIGKILL at a random moment,
// then every beacon that got a 202 must be in the database and the database must be intact.
// CRASH_RUNS=50 bun test src/track/durability.test.ts runs the long version.
import { expect, test } from 'bun:test';
import { crashRuns } from '../testing/load.ts';
import { prepareFixtureData } from '../testing/server.ts';
import { tempDir } from '../testing/tmp.ts';

// Leads in the fixture networks: Example Manufacturing (business), CanaryCo, Example University.
const LEADS = ['198.51.100.10', '198.51.100.11', '198.51.100.200', '2001:db8::10'];
const RUNS = Number(process.env.CRASH_RUNS ?? 3);

test(
  `acknowledged beacons survive kill -9 (${RUNS} rounds)`,
  async () => {
    const data = tempDir();
    const work = tempDir();
    try {
      const { siteKey } = prepareFixtureData(data.dir, work.dir);
      const results = await crashRuns(RUNS, { dataDir: data.dir, siteKey, addresses: LEADS });
      for (const r of results) {
        expect(r.integrity).toBe('ok');
        expect(r.acked).toBeGreaterThan(0);
        expect(r.missing).toEqual([]);
        expect(r.stored).toBeGreaterThanOrEqual(r.acked);
        // Only 202s or dropped connections: nothing refused while the server was up.
        expect(Object.keys(r.statuses)).toEqual(['202']);
      }
    } finally {
      data.cleanup();
      work.cleanup();
    }
  },
  20_000 + RUNS * 8_000,
);
