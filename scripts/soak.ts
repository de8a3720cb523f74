// npm run soak — the long hardening checks (not in CI): slow clients (CHECKS #13, #14), disk full
// (#19), the WAL bound under ingest and overlapping reads (#21), a soak at half the measured
// maximum (RSS, fds, WAL, p99), and overload at twice it (shedding while login and the inbox stay
// responsive). Each phase prints a PASS/FAIL line with its numbers; the last line is
// `N passed, N failed`; the exit code is 0 only when every phase passed.
// Knobs (defaults are the issue's durations):
//   SOAK_ONLY=slowloris,slowbody,diskfull,wal,soak,overload   phases to run (default: all)
//   SOAK_MINUTES=60  WAL_MINUTES=30  OVERLOAD_SECONDS=60  MAX_SECONDS=15
//   WAL_RATE (beacons/s during the WAL phase; default half the measured maximum)
//   SOAK_PAGES=2000 (the site's pages; 2 % of beacons are one-off URLs besides) or SOAK_PAGES=unique
//   (every beacon a new URL: the worst case, a new interned path per beacon)
//   SLOW_SOCKETS=500  DISK_MB=24  OVERLOAD_CONNECTIONS=2000 (client connections at most)
// Needs wrk (Debian package) and root for the tmpfs mount of the disk-full phase.

import { tempDir } from '../src/testing/tmp.ts';
import { diskFull } from './soak/diskfull.ts';
import { measureMax, soak } from './soak/endurance.ts';
import { type PhaseResult, type SoakServer, startSoakServer } from './soak/kit.ts';
import { overload } from './soak/overload.ts';
import { slowBody, slowloris } from './soak/slow.ts';
import { walBound } from './soak/wal.ts';

const PHASES = ['slowloris', 'slowbody', 'diskfull', 'wal', 'soak', 'overload'] as const;
type PhaseName = (typeof PHASES)[number];

function num(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const v = Number(raw);
  if (!(v > 0)) {
    console.error(`${name} must be a positive number, got ${raw}`);
    process.exit(2);
  }
  return v;
}

const only = (process.env.SOAK_ONLY ?? '')
  .split(',')
  .map((x) => x.trim())
  .filter(Boolean);
for (const p of only) {
  if (!PHASES.includes(p as PhaseName)) {
    console.error(`SOAK_ONLY: unknown phase "${p}" (phases: ${PHASES.join(', ')})`);
    process.exit(2);
  }
}
const want = (p: PhaseName) => only.length === 0 || only.includes(p);
const K = {
  pages: process.env.SOAK_PAGES === 'unique' ? 0 : num('SOAK_PAGES', 2000),
  soakMinutes: num('SOAK_MINUTES', 60),
  walMinutes: num('WAL_MINUTES', 30),
  overloadSeconds: num('OVERLOAD_SECONDS', 60),
  maxSeconds: num('MAX_SECONDS', 15),
  slowSockets: num('SLOW_SOCKETS', 500),
  diskMb: num('DISK_MB', 24),
  overloadConnections: num('OVERLOAD_CONNECTIONS', 2000),
};
if (!Bun.which('wrk') && (want('wal') || want('soak') || want('overload'))) {
  console.error('soak: wrk is not installed (apt-get install wrk)');
  process.exit(2);
}

const results: PhaseResult[] = [];
const log = (line: string) => console.log(line);
const record = (r: PhaseResult) => {
  results.push(r);
  for (const l of r.lines) log(l);
};
/** Runs one phase; an exception is its failure, not the end of the run. */
async function phase(name: PhaseName, fn: () => Promise<PhaseResult>) {
  if (!want(name)) return;
  log(`— ${name} …`);
  try {
    record(await fn());
  } catch (e) {
    record({ name, ok: false, lines: [`${name}: FAIL — ${(e as Error).stack ?? e}`] });
  }
}

/** A fresh server per group of phases, so one phase's data does not slow the next. */
async function withServer(fn: (s: SoakServer, workDir: string) => Promise<void>) {
  const data = tempDir('leadlens-soak-');
  const work = tempDir('leadlens-soak-work-');
  let s: SoakServer | null = null;
  try {
    s = await startSoakServer({ dataDir: data.dir, workDir: work.dir });
    await fn(s, work.dir);
  } finally {
    if (s) {
      const code = await s.spawned.stop('SIGTERM');
      if (code !== 0) log(`  (server exited with ${code} on SIGTERM)`);
    }
    data.cleanup();
    work.cleanup();
  }
}

if (want('slowloris') || want('slowbody')) {
  await withServer(async (s) => {
    await phase('slowloris', () => slowloris(s, { sockets: K.slowSockets }));
    await phase('slowbody', () => slowBody(s, { sockets: 40 }));
  });
}

await phase('diskfull', async () => {
  const work = tempDir('leadlens-soak-disk-');
  try {
    return await diskFull({ workDir: work.dir, sizeMb: K.diskMb });
  } finally {
    work.cleanup();
  }
});

let max = 0;
if (want('wal') || want('soak') || want('overload')) {
  await withServer(async (s, workDir) => {
    const m = await measureMax(s, workDir, K.maxSeconds, K.pages);
    max = m.rps;
    log(
      `maximum: ${Math.round(max)} beacons/s acknowledged (wrk, 50 connections, ${K.maxSeconds} s; ` +
        `p99 ${(m.p99_us / 1000).toFixed(1)} ms, ${m.non2xx} non-2xx; URLs: ` +
        `${K.pages ? `${K.pages} pages and 2 % one-off` : 'every beacon a new one'})`,
    );
  });
}
if (want('wal')) {
  await withServer((s, workDir) =>
    phase('wal', () =>
      walBound(s, {
        workDir,
        minutes: K.walMinutes,
        rate: num('WAL_RATE', max / 2),
        pages: K.pages,
        log,
      }),
    ),
  );
}
if (want('soak')) {
  await withServer((s, workDir) =>
    phase('soak', () =>
      soak(s, { workDir, minutes: K.soakMinutes, rate: max / 2, pages: K.pages, log }),
    ),
  );
}
if (want('overload')) {
  await withServer((s) =>
    phase('overload', () =>
      overload(s, {
        rate: 2 * max,
        seconds: K.overloadSeconds,
        clientConnections: K.overloadConnections,
      }),
    ),
  );
}

const passed = results.filter((r) => r.ok).length;
console.log(`${passed} passed, ${results.length - passed} failed`);
process.exit(results.length - passed === 0 ? 0 : 1);
