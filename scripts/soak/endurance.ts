// Phase 4: the soak. Measure the maximum (unpaced wrk), then ingest at half of it for the soak's
// length with dashboard reads every few seconds, sampling RSS, open fds and the WAL.
import {
  inspectDb,
  mib,
  type PhaseResult,
  type Sample,
  type SoakServer,
  sampler,
  wrkBeacons,
} from './kit.ts';
import { readers, readSummary, steadyIngest } from './steady.ts';
import { WAL_LIMIT } from './wal.ts';

/** Beacons/s the server acknowledges flat out (wrk, 50 connections, `seconds`). */
export async function measureMax(s: SoakServer, workDir: string, seconds: number) {
  const r = await wrkBeacons({
    base: s.base,
    siteKey: s.siteKey,
    workDir,
    seconds,
    connections: 50,
    prefix: '/max',
  });
  return r;
}

/** Mean of a field over samples taken in [from, to) of the run (fractions of its length). */
function meanIn(samples: Sample[], from: number, to: number, k: 'rssKb' | 'fds'): number {
  const t0 = samples[0].at;
  const span = samples.at(-1)!.at - t0 || 1;
  const xs = samples.filter((x) => (x.at - t0) / span >= from && (x.at - t0) / span < to);
  const use = xs.length ? xs : [samples.at(-1)!];
  return use.reduce((a, x) => a + x[k], 0) / use.length;
}

export async function soak(
  s: SoakServer,
  o: { workDir: string; minutes: number; rate: number; log: (l: string) => void },
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
    onSegment: (w, i) => {
      const x = samples.samples.at(-1);
      o.log(
        `  soak minute ${i + 1}: ${Math.round(w.rps)} beacons/s, p99 ${(w.p99_us / 1000).toFixed(1)} ms, ` +
          `anon RSS ${x ? mib(x.rssKb * 1024) : '?'}, fds ${x?.fds ?? '?'}, WAL ${x ? mib(x.walBytes) : '?'}`,
      );
    },
  });
  ctl.abort();
  await r.done;
  const all = samples.stop();
  // Flat after warm-up: the mean over the last tenth against the mean around the half-way mark.
  const rssMid = meanIn(all, 0.45, 0.55, 'rssKb');
  const rssEnd = meanIn(all, 0.9, 1.01, 'rssKb');
  const growth = (rssEnd - rssMid) / rssMid;
  // Sockets come and go with the load's connections: compare the quietest counts of each half.
  const half = all.filter((x) => x.at >= all[0].at + (all.at(-1)!.at - all[0].at) / 2);
  const fdsFirst = Math.min(...all.slice(0, all.length - half.length).map((x) => x.fds));
  const fdsLast = Math.min(...half.map((x) => x.fds));
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
        `(target ${Math.round(o.rate)}): ${ingest.acked} acknowledged, ${ingest.non2xx} non-2xx, ${ingest.errors} socket errors, ` +
        `p99 ${ingest.p99Mean.toFixed(1)} ms (worst minute ${ingest.p99Max.toFixed(1)} ms); ` +
        `anon RSS ${mib(rssMid * 1024)} at half-time → ${mib(rssEnd * 1024)} at the end (${(growth * 100).toFixed(1)} %, max ${mib(Math.max(...all.map((x) => x.rssKb)) * 1024)}); ` +
        `fds ${fdsFirst} → ${fdsLast}; -wal max ${mib(maxWal)}; ${db.stored} stored ≥ ${ingest.acked} acknowledged; ${readsBad} reads not 200`,
      `  reads: ${readSummary(r.stats)}`,
    ],
  };
}
