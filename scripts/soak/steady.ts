// Steady ingest plus dashboard readers, shared by the WAL and soak phases: paced wrk runs of
// `segmentSeconds` each (the pace corrected after each run so the achieved rate meets the target),
// and reader loops of inbox, overview and CSV exports.
import { type SoakServer, timedGet, type WrkResult, wrkBeacons } from './kit.ts';

export interface SteadyResult {
  segments: WrkResult[];
  acked: number;
  sent: number;
  non2xx: number;
  s429: number;
  s503: number;
  errors: number;
  /** Highest per-segment p99 (ms) and the request-weighted mean of segment p99s. */
  p99Max: number;
  p99Mean: number;
  achievedRps: number;
}

/**
 * Beacons at `rate`/s for `seconds`, paths under `prefix` (`pages` as in wrkBeacons); calls
 * `onSegment` after each run.
 */
export async function steadyIngest(
  s: SoakServer,
  o: {
    workDir: string;
    rate: number;
    seconds: number;
    prefix: string;
    pages: number;
    segmentSeconds?: number;
    onSegment?: (r: WrkResult, i: number) => void;
  },
): Promise<SteadyResult> {
  const seg = o.segmentSeconds ?? 60;
  const connections = 50;
  const segments: WrkResult[] = [];
  // wrk waits `delay` after each answer, so a connection sends slower than connections/rate:
  // ask for more and correct by what the last segment achieved.
  let asked = o.rate;
  for (let left = o.seconds, i = 0; left > 0; left -= seg, i++) {
    const r = await wrkBeacons({
      base: s.base,
      siteKey: s.siteKey,
      workDir: o.workDir,
      seconds: Math.min(seg, left),
      connections,
      rate: asked,
      // The one-off URLs stay unique across runs (wrk counts from 1 again); the pages do not.
      prefix: `${o.prefix}${i}`,
      pages: o.pages,
      pagesPrefix: o.prefix,
    });
    segments.push(r);
    o.onSegment?.(r, i);
    if (r.rps > 0) asked = Math.min(asked * 4, Math.max(1, asked * (o.rate / r.rps)));
  }
  const sum = (k: string) => segments.reduce((a, r) => a + (r[k] ?? 0), 0);
  const requests = sum('requests');
  return {
    segments,
    acked: sum('s2xx'),
    sent: requests,
    non2xx: sum('non2xx'),
    s429: sum('s429'),
    s503: sum('s503'),
    errors: sum('err_connect') + sum('err_read') + sum('err_write') + sum('err_timeout'),
    p99Max: Math.max(0, ...segments.map((r) => r.p99_us / 1000)),
    p99Mean: segments.reduce((a, r) => a + (r.p99_us / 1000) * r.requests, 0) / (requests || 1),
    achievedRps: requests / (sum('duration_us') / 1e6 || 1),
  };
}

/** Dashboard paths a reader cycles through: inbox, overview, a profile, and three CSV exports. */
export const READS = [
  '/api/companies',
  '/api/overview',
  '/api/companies?sort=visits',
  '/api/export/companies.csv',
  '/api/export/visits.csv',
  '/api/export/pageviews.csv',
];

/** `n` reader loops (overlapping reads) pausing `pauseMs` between requests; stats per path. */
export function readers(s: SoakServer, n: number, pauseMs: number, signal: AbortSignal) {
  const stats = new Map<string, { n: number; bad: number; maxMs: number; bytes: number }>();
  const done = Promise.all(
    Array.from({ length: n }, async (_, i) => {
      for (let k = i; !signal.aborted; k++) {
        const path = READS[k % READS.length];
        // An export of the whole run streams for minutes (16 M rows in an hour's soak): no limit
        // on its length short of 30 min, but a read that sends nothing for 60 s has failed.
        const r = await timedGet(s.base, path, s.cookie, 30 * 60_000, 60_000);
        const st = stats.get(path) ?? { n: 0, bad: 0, maxMs: 0, bytes: 0 };
        st.n++;
        if (r.status !== 200) st.bad++;
        st.maxMs = Math.max(st.maxMs, r.ms);
        st.bytes = Math.max(st.bytes, r.bytes);
        stats.set(path, st);
        await Bun.sleep(pauseMs);
      }
    }),
  );
  return { stats, done };
}

/** One line per read path: count, failures, slowest. */
export function readSummary(stats: ReturnType<typeof readers>['stats']): string {
  return [...stats]
    .map(([p, v]) => `${p} ${v.n}× (${v.bad} not 200, slowest ${Math.round(v.maxMs)} ms)`)
    .join('; ');
}
