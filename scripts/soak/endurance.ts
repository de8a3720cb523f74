// Phase 4: the soak. Measure the maximum (unpaced wrk), then ingest at half of it for the soak's
// length with dashboard reads every few seconds, sampling RSS, open fds and the WAL.
import {
  inspectDb,
  mib,
  non2xxNote,
  type PhaseResult,
  percentile,
  refusals,
  type Sample,
  type SoakServer,
  sampler,
  wrkBeacons,
} from './kit.ts';
import { readers, readSummary, steadyIngest } from './steady.ts';
import { WAL_LIMIT } from './wal.ts';

/** Beacons/s the server acknowledges flat out (wrk, 50 connections, `seconds`). */
export async function measureMax(s: SoakServer, workDir: string, seconds: number, pages: number) {
  const r = await wrkBeacons({
    base: s.base,
    siteKey: s.siteKey,
    workDir,
    seconds,
    connections: 50,
    prefix: '/max',
    pages,
  });
  return r;
}

export async function soak(
  s: SoakServer,
  o: { workDir: string; minutes: number; rate: number; pages: number; log: (l: string) => void },
): Promise<PhaseResult> {
  const ctl = new AbortController();
  const samples = sampler(s.pid, s.dbPath, 5000);
  // Dashboard reads every few seconds: two readers, 3 s apart each.
  const r = readers(s, 2, 3000, ctl.signal);
  const ingest = await steadyIngest(s, {
    workDir: o.workDir,
    rate: o.rate,
    seconds: o.minutes * 60,
    prefix: '/soak',
    pages: o.pages,
    onSegment: (w, i) => {
      const x = samples.samples.at(-1);
      o.log(
        `  soak minute ${i + 1}: ${Math.round(w.rps)} beacons/s, p99 ${(w.p99_us / 1000).toFixed(1)} ms, ` +
          `anon RSS ${x ? mib(x.rssKb * 1024) : '?'}, fds ${x?.fds ?? '?'}, WAL ${x ? mib(x.walBytes) : '?'}${non2xxNote(w)}`,
      );
    },
  });
  const refused = await refusals(s.base);
  ctl.abort();
  await r.done;
  const all = samples.stop();
  /** Samples taken in [from, to) of the run (fractions of its length); the last one if none. */
  const within = (from: number, to: number) => {
    const t0 = all[0].at;
    const span = all.at(-1)!.at - t0 || 1;
    const xs = all.filter((x) => (x.at - t0) / span >= from && (x.at - t0) / span < to);
    return xs.length ? xs : [all.at(-1)!];
  };
  // Flat after warm-up: the memory the process keeps, the 10th percentile of the samples over
  // the last fifth against those around the half-way mark. Not the median: the readers run a CSV
  // export of the whole run back to back, each export holds 50–90 MiB of working set while it
  // runs (given back when it ends: smaps shows one allocator region swell and shrink), and as the
  // data grows the exports run longer and overlap more, so a median measures how often two run at
  // once. A leak raises every percentile, the lowest included; the median and the maximum are
  // printed beside it. (The median was the check first: a 40-min run failed it at +18.5 % while
  // its lowest samples stayed flat.)
  const rssAt = (xs: Sample[], p: number) =>
    percentile(
      xs.map((x) => x.rssKb),
      p,
    );
  const mid = within(0.4, 0.6);
  const end = within(0.8, 1.01);
  const rssMid = rssAt(mid, 10);
  const rssEnd = rssAt(end, 10);
  const growth = (rssEnd - rssMid) / rssMid;
  const medianNote = `median ${mib(rssAt(mid, 50) * 1024)} → ${mib(rssAt(end, 50) * 1024)}`;
  // Sockets come and go with the load's connections: compare the quietest counts of each half,
  // the first after the warm-up (the first sample is taken before any load connected).
  const fdsFirst = Math.min(...within(0.1, 0.5).map((x) => x.fds));
  const fdsLast = Math.min(...within(0.5, 1.01).map((x) => x.fds));
  const maxWal = Math.max(0, ...all.map((x) => x.walBytes));
  const readsBad = [...r.stats.values()].reduce((a, v) => a + v.bad, 0);
  const db = inspectDb(s.dbPath, '/soak');
  const checks = {
    'RSS growth < 10 % in the last half': growth < 0.1,
    'fds flat': fdsLast <= fdsFirst + 5,
    'WAL bounded': maxWal <= WAL_LIMIT,
    '0 non-2xx': ingest.non2xx === 0 && ingest.errors === 0,
    'acked stored': db.stored >= ingest.acked,
    'reads ok': readsBad === 0,
  };
  const failed = Object.entries(checks)
    .filter(([, v]) => !v)
    .map(([k]) => k);
  const ok = failed.length === 0;
  return {
    name: 'soak',
    ok,
    lines: [
      `soak: ${ok ? 'PASS' : `FAIL (${failed.join(', ')})`} — ${o.minutes} min at ${Math.round(ingest.achievedRps)} beacons/s ` +
        `(target ${Math.round(o.rate)}): ${ingest.acked} acknowledged${non2xxNote(ingest) || ', 0 non-2xx'}, ${ingest.errors} socket errors, ` +
        `p99 ${ingest.p99Mean.toFixed(1)} ms (worst minute ${ingest.p99Max.toFixed(1)} ms); ` +
        `anon RSS kept (10th percentile) ${mib(rssMid * 1024)} at half-time → ${mib(rssEnd * 1024)} at the end (${(growth * 100).toFixed(1)} %; ${medianNote}, max ${mib(Math.max(...all.map((x) => x.rssKb)) * 1024)}); ` +
        `fds ${fdsFirst} → ${fdsLast}; -wal max ${mib(maxWal)}; ${db.stored} stored ≥ ${ingest.acked} acknowledged; ${readsBad} reads not 200`,
      `  refusals by cause (/metrics): ${refused}`,
      `  reads: ${readSummary(r.stats)}`,
    ],
  };
}
