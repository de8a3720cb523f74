// Ingest benchmark over loopback with wrk: `bun scripts/bench/ingest.ts [--seconds 12] [--connections 50]`.
// (a) a bare Bun.serve answering 204, (b) Leadlens POST /e (real server process, real bundled
// dataset, real beacons from ~1000 lead addresses), then (c) a kill -9 round under wrk load whose
// acknowledgements are recorded by the load client of src/testing/load.ts. Server on CPU 0, wrk
// on CPU 1.
// Absolute numbers on a shared 2-core machine move between runs; the ratio b/a is the stable one.
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createClassifier, isLead } from '../../src/classify/index.ts';
import { type Driver, openDatabase, openDriver } from '../../src/db/index.ts';
import { ipv4ToString, loadIndex } from '../../src/ipindex/index.ts';
import { createSiteService } from '../../src/sites/index.ts';
import { importDefaultDataset, silentProgress } from '../../src/sources/index.ts';
import { crashRound } from '../../src/testing/load.ts';
import { seededRandom } from '../../src/testing/random.ts';
import { spawnListening, spawnServer } from '../../src/testing/server.ts';
import { tempDir } from '../../src/testing/tmp.ts';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string' },
    connections: { type: 'string' },
    synchronous: { type: 'string' },
  },
});
const SECONDS = Number(values.seconds ?? 12);
const CONNECTIONS = Number(values.connections ?? 50);
const WARMUP_SECONDS = 2;
// SYNCHRONOUS for the Leadlens server: full (default, survives power loss) or normal.
const SYNC = values.synchronous === 'normal' ? 'normal' : 'full';
const LUA = join(import.meta.dir, 'ingest.lua');
const BARE = join(import.meta.dir, 'bare-server.ts');

if (!Bun.which('wrk')) {
  console.error('bench ingest: wrk is not installed (apt-get install wrk); nothing measured');
  process.exit(2);
}
const pinned = !!Bun.which('taskset');
const pin = (cpu: number) => (pinned ? ['taskset', '-c', String(cpu)] : []);

/** ~n IPv4 addresses inside business ranges that the loaded index resolves to a lead. */
function leadAddresses(db: Driver, n: number): string[] {
  const index = loadIndex(db).index;
  const ranges = db
    .prepare<{ start: number; end: number }>(
      `SELECT r.start, r.end FROM ip_ranges r JOIN networks w ON w.id = r.network_id
        WHERE r.family = 4 AND w.class = 'business'`,
    )
    .all();
  const rand = seededRandom(20261129);
  const out = new Set<string>();
  for (let tries = 0; out.size < n && tries < n * 100; tries++) {
    const r = ranges[Math.floor(rand() * ranges.length)];
    const ip = ipv4ToString(r.start + Math.floor(rand() * (r.end - r.start + 1)));
    const h = index.lookup(ip);
    if (h >= 0 && (index.companyIdOf(h) !== 0 || isLead(index.classOf(h)))) out.add(ip);
  }
  return [...out];
}

type WrkResult = Record<string, number>;

/** Runs wrk pinned to CPU 1 and parses the WRK_RESULT line of ingest.lua's done(). */
async function wrk(base: string, seconds: number, prefix: string): Promise<WrkResult> {
  const p = Bun.spawn(
    [
      ...pin(1),
      'wrk',
      '-t1',
      `-c${CONNECTIONS}`,
      `-d${seconds}s`,
      '--timeout',
      '5s',
      '-s',
      LUA,
      `${base}/e`,
      '--',
      addressFile,
      siteKey,
      prefix,
    ],
    { stdout: 'pipe', stderr: 'pipe' },
  );
  const [out, err] = await Promise.all([
    new Response(p.stdout).text(),
    new Response(p.stderr).text(),
  ]);
  await p.exited;
  const line = /^WRK_RESULT (.*)$/m.exec(out)?.[1];
  if (!line) throw new Error(`wrk printed no result:\n${out}\n${err}`);
  const r: WrkResult = {};
  for (const kv of line.split(' ')) {
    const [k, v] = kv.split('=');
    r[k] = Number(v);
  }
  r.rps = r.requests / (r.duration_us / 1e6);
  r.non2xx = r.s3xx + r.s4xx + r.s5xx + r.sother;
  return r;
}

/** Prometheus text → { 'name{labels}': value }. */
async function metrics(base: string): Promise<Record<string, number>> {
  const text = await (await fetch(`${base}/metrics`)).text();
  const out: Record<string, number> = {};
  for (const line of text.split('\n')) {
    const m = /^([a-z_]+(?:\{[^}]*\})?) (\S+)$/.exec(line);
    if (m) out[m[1]] = Number(m[2]);
  }
  return out;
}

const pageviews = (dbPath: string) => {
  const db = openDriver(dbPath);
  try {
    return db.prepare<{ n: number }>('SELECT count(*) AS n FROM pageviews').get()!.n;
  } finally {
    db.close();
  }
};

/** CPU ticks (1/100 s) of a process: all threads, and its main thread alone (Linux /proc). */
function cpuTicks(pid: number): { all: number; main: number } {
  const ticks = (path: string) => {
    try {
      // Fields after the ")" closing the command name: utime and stime are the 12th and 13th.
      const f = readFileSync(path, 'utf8').split(') ')[1].split(' ');
      return Number(f[11]) + Number(f[12]);
    } catch {
      return Number.NaN;
    }
  };
  return { all: ticks(`/proc/${pid}/stat`), main: ticks(`/proc/${pid}/task/${pid}/stat`) };
}

/** CPU use over a wrk run in % of one core (100 ticks per second). */
const cpuPct = (t0: number, t1: number, r: WrkResult) =>
  `${(((t1 - t0) / 100 / (r.duration_us / 1e6)) * 100).toFixed(0)} %`;
const ms = (us: number) => `${(us / 1000).toFixed(2)} ms`;
const line = (label: string, r: WrkResult) =>
  `${label.padEnd(26)} ${Math.round(r.rps).toString().padStart(7)} req/s   p50 ${ms(r.p50_us).padStart(9)}   ` +
  `p99 ${ms(r.p99_us).padStart(9)}   max ${ms(r.max_us).padStart(9)}   non-2xx ${r.non2xx}   ` +
  `socket errors ${r.err_connect + r.err_read + r.err_write + r.err_timeout}`;

// --- prepare: the real bundled dataset, a site, lead addresses -------------------------------
const tmp = tempDir('leadlens-bench-ingest-');
const dataDir = tmp.path('data');
mkdirSync(dataDir);
const dbPath = join(dataDir, 'leadlens.db');
const db = openDatabase(dbPath);
const imported = await importDefaultDataset(db, createClassifier(), silentProgress);
const siteKey = createSiteService(db).create({ name: 'Bench', domains: ['example.com'] }).key;
const addresses = leadAddresses(db, 1000);
db.close();
const addressFile = tmp.path('addresses.lua');
writeFileSync(addressFile, `return {\n${addresses.map((a) => `"${a}",`).join('\n')}\n}\n`);
const fsType = Bun.spawnSync(['stat', '-f', '-c', '%T', dataDir]).stdout.toString().trim();

console.log(
  `Leadlens ingest bench: bundled dataset ${imported.ranges} ranges (imported in ${(imported.ms / 1000).toFixed(1)} s), ` +
    `${addresses.length} lead addresses; ${SECONDS} s per run after ${WARMUP_SECONDS} s warm-up, ${CONNECTIONS} connections; ` +
    `${pinned ? 'server on CPU 0, wrk on CPU 1' : 'taskset missing: NOT pinned'}; data dir on ${fsType || '?'}\n`,
);

try {
  // --- (a) bare Bun.serve ---------------------------------------------------------------------
  const bare = await spawnListening([...pin(0), process.execPath, BARE], { ...process.env });
  await wrk(bare.base, WARMUP_SECONDS, '/warm');
  const bareCpu0 = cpuTicks(bare.proc.pid);
  const a = await wrk(bare.base, SECONDS, '/bench');
  const bareCpu1 = cpuTicks(bare.proc.pid);
  await bare.stop();
  console.log(
    `${line('(a) bare Bun.serve 204', a)}   server CPU ${cpuPct(bareCpu0.all, bareCpu1.all, a)}`,
  );

  // --- (b) Leadlens /e --------------------------------------------------------------------------
  const env = { LEADLENS_ENV: 'production', LOG_LEVEL: 'info', SYNCHRONOUS: SYNC };
  const server = await spawnServer(dataDir, env, pin(0));
  await wrk(server.base, WARMUP_SECONDS, '/warm');
  await Bun.sleep(300); // answers still in flight when wrk stopped
  const m0 = await metrics(server.base);
  const pv0 = pageviews(dbPath);
  const cpu0 = cpuTicks(server.proc.pid);
  const b = await wrk(server.base, SECONDS, '/bench');
  const cpu1 = cpuTicks(server.proc.pid);
  await Bun.sleep(300);
  const m1 = await metrics(server.base);
  const walBytes = statSync(`${dbPath}-wal`, { throwIfNoEntry: false })?.size ?? 0;
  const exit = await server.stop();
  const stored = pageviews(dbPath) - pv0;
  console.log(
    `${line(`(b) Leadlens POST /e, synchronous=${SYNC}`, b)}   server CPU ${cpuPct(cpu0.all, cpu1.all, b)} ` +
      `(main thread ${cpuPct(cpu0.main, cpu1.main, b)})`,
  );
  const ratio = b.rps / a.rps;
  console.log(`\nratio b/a ${ratio.toFixed(2)}`);

  const d = (k: string) => (m1[k] ?? 0) - (m0[k] ?? 0);
  const batches = d('leadlens_batches_total');
  const batchSum = d('leadlens_batch_seconds_sum');
  const wall = b.duration_us / 1e6;
  console.log(
    `batches (measured run): leadlens_batches_total +${batches}, ${(d('leadlens_beacons_total{outcome="stored"}') / batches).toFixed(1)} beacons/batch, ` +
      `leadlens_batch_seconds_sum +${batchSum.toFixed(3)} s (mean ${((batchSum / batches) * 1000).toFixed(2)} ms per commit, ` +
      `commits in progress ${((batchSum / wall) * 100).toFixed(0)} % of the wall clock), ` +
      `leadlens_batch_seconds_max ${(m1.leadlens_batch_seconds_max * 1000).toFixed(1)} ms (since start)`,
  );
  console.log(
    `server-side ingest time: mean ${((d('leadlens_ingest_seconds_sum') / d('leadlens_ingest_seconds_count')) * 1000).toFixed(2)} ms; ` +
      `≤ 5 ms ${((d('leadlens_ingest_seconds_bucket{le="0.005"}') / d('leadlens_ingest_seconds_count')) * 100).toFixed(1)} %, ` +
      `≤ 10 ms ${((d('leadlens_ingest_seconds_bucket{le="0.01"}') / d('leadlens_ingest_seconds_count')) * 100).toFixed(1)} %; ` +
      `-wal ${(walBytes / 2 ** 20).toFixed(1)} MiB at the end; SIGTERM exit ${exit}`,
  );
  console.log(
    `stored pageviews ${stored} vs wrk 2xx ${b.s2xx} (server counted ${d('leadlens_beacons_total{outcome="stored"}')} stored; ` +
      `the difference is requests answered after wrk stopped reading)`,
  );

  // --- (c) kill -9 under wrk load; acks recorded by the load client (src/testing/load.ts) -----
  let killWrk: WrkResult | null = null;
  const k = await crashRound({
    dataDir,
    siteKey,
    addresses,
    round: 1,
    firstPath: 0,
    concurrency: 20,
    killAfterMs: [1500, 4000],
    env,
    prefix: pin(0),
    alongside: async (base) => {
      killWrk = await wrk(base, 5, '/kill');
    },
  });
  console.log(
    `kill -9 round: killed after ${k.killedAfterMs} ms of wrk (${killWrk ? Math.round((killWrk as WrkResult).requests) : '?'} requests) ` +
      `+ load client; client acked ${k.acked}, stored ${k.stored}, acked but missing ${k.missing.length}, integrity_check ${k.integrity}\n`,
  );

  const checks: [string, boolean][] = [
    ['ratio b/a >= 0.6', ratio >= 0.6],
    ['Leadlens p99 <= 10 ms', b.p99_us <= 10_000],
    ['Leadlens: zero non-2xx and no timeouts', b.non2xx === 0 && b.err_timeout === 0 && b.s2xx > 0],
    [
      'stored pageviews == 2xx (+ at most one answer per connection in flight)',
      stored >= b.s2xx && stored <= b.s2xx + CONNECTIONS,
    ],
    ['kill -9: integrity_check ok', k.integrity === 'ok'],
    ['kill -9: every acked beacon stored', k.acked > 0 && k.missing.length === 0],
  ];
  let passed = 0;
  for (const [name, ok] of checks) {
    console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}`);
    if (ok) passed++;
  }
  console.log(`bench: ${passed} passed, ${checks.length - passed} failed`);
  if (passed < checks.length) process.exitCode = 1;
} finally {
  tmp.cleanup();
}
