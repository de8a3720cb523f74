// Phase 3: the WAL stays bounded (CHECKS #21): steady ingest while reader loops keep overlapping
// inbox, overview and CSV-export reads open; the -wal file is sampled every few seconds.
import {
  mib,
  non2xxNote,
  type PhaseResult,
  percentile,
  refusals,
  type SoakServer,
  sampler,
} from './kit.ts';
import { readers, readSummary, steadyIngest } from './steady.ts';

/**
 * The limit: src/db/open.ts sets journal_size_limit = 64 MiB, so whenever the WAL is reset after a
 * complete checkpoint it is truncated to at most that; between resets it grows by what is written
 * until the next checkpoint (1000 pages ≈ 4 MiB at the automatic checkpoint). A WAL above 64 MiB
 * means checkpoints did not complete for a long stretch: readers starving them.
 */
export const WAL_LIMIT = 64 * 1024 * 1024;

export async function walBound(
  s: SoakServer,
  o: { workDir: string; minutes: number; rate: number; pages: number; log: (l: string) => void },
): Promise<PhaseResult> {
  const ctl = new AbortController();
  const samples = sampler(s.pid, s.dbPath, 2000);
  const r = readers(s, 4, 250, ctl.signal);
  const ingest = await steadyIngest(s, {
    workDir: o.workDir,
    rate: o.rate,
    seconds: o.minutes * 60,
    prefix: '/wal',
    pages: o.pages,
    onSegment: (w, i) => {
      const last = samples.samples.at(-1);
      o.log(
        `  wal minute ${i + 1}: ${Math.round(w.rps)} beacons/s, p99 ${(w.p99_us / 1000).toFixed(1)} ms, WAL ${mib(last?.walBytes ?? 0)}${non2xxNote(w)}`,
      );
    },
  });
  const refused = await refusals(s.base);
  ctl.abort();
  await r.done;
  const all = samples.stop();
  const wal = all.map((x) => x.walBytes);
  const maxWal = Math.max(0, ...wal);
  const third = Math.max(1, Math.floor(wal.length / 3));
  const firstThird = Math.max(0, ...wal.slice(0, third));
  const lastThird = Math.max(0, ...wal.slice(-third));
  const readsBad = [...r.stats.values()].reduce((a, v) => a + v.bad, 0);
  const readsN = [...r.stats.values()].reduce((a, v) => a + v.n, 0);
  const ok = maxWal <= WAL_LIMIT && ingest.non2xx === 0 && ingest.errors === 0 && readsBad === 0;
  return {
    name: 'wal',
    ok,
    lines: [
      `WAL bound (#21): ${ok ? 'PASS' : 'FAIL'} — ${o.minutes} min at ${Math.round(ingest.achievedRps)} beacons/s ` +
        `(${ingest.acked} acknowledged${non2xxNote(ingest) || ', 0 non-2xx'}, ${ingest.errors} socket errors, p99 ≤ ${ingest.p99Max.toFixed(1)} ms) ` +
        `with ${readsN} overlapping dashboard/export reads (${readsBad} not 200); -wal max ${mib(maxWal)} ` +
        `(limit ${mib(WAL_LIMIT)} = journal_size_limit), median ${mib(percentile(wal, 50))}, ` +
        `max in first third ${mib(firstThird)}, in last third ${mib(lastThird)}, ${wal.length} samples`,
      `  refusals by cause (/metrics): ${refused}`,
      `  reads: ${readSummary(r.stats)}`,
    ],
  };
}
