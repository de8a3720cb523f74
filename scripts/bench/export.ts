// CSV export benchmark: `bun scripts/bench/export.ts [--db PATH] [--companies N] [--pageviews N]
//                                                   [--target 100000] [--kind companies,visits]
//                                                   [--mmap MB] [--chunk ROWS] [--mode worker|inline]`.
// PATH is a database built by scripts/seed-large.ts. It is opened as the app opens it: pending
// migrations are applied and lead scores refreshed, so bench a copy of a database you must keep. Without --db, a database of
// --companies (default 20 000) and --pageviews (default 400 000, about a quarter as many visits)
// is seeded in a temp directory first. Each export (a year's range, every company) is read to the
// end the way a client reads it; the bench reports rows/s, the peak RSS while streaming, and the
// ratio to a baseline measured in the same run: plain SQLite iteration over the same rows, no CSV.
// A case passes at --target rows/s or more. The CPU time (user + system) of the export is printed
// too: on a shared machine it varies less than the wall time. --mode (default worker) builds the
// chunks as the server does, on the export thread with its own read-only connection (mmap_size
// EXPORT_MMAP_BYTES unless --mmap says otherwise), or inline on this thread with the bench's
// connection (mmap_size --mmap, none by default): the app's connection has none. With a map,
// SQLite reads pages from the OS cache without a system call each, most of an export's system
// time. The event loop's longest stall while streaming is printed: the time ingest would wait.
// RSS is printed whole and without the file pages (RssAnon): mapped pages of the database are
// shared OS cache, counted in the RSS while mapped.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { openDatabase } from '../../src/db/index.ts';
import { createCsvExports, EXPORT_MMAP_BYTES, type ExportKind } from '../../src/export/index.ts';
import { tempDir } from '../../src/testing/tmp.ts';

const { values } = parseArgs({
  options: {
    db: { type: 'string' },
    companies: { type: 'string' },
    pageviews: { type: 'string' },
    target: { type: 'string' },
    kind: { type: 'string' },
    mmap: { type: 'string' },
    chunk: { type: 'string' },
    mode: { type: 'string' },
  },
});
const mode = values.mode === 'inline' ? 'inline' : 'worker';
const TARGET = Number(values.target ?? 100_000);
const tmp = values.db ? null : tempDir('leadlens-bench-export-');
let path = values.db;
if (!path) {
  path = tmp!.path('bench.db');
  const args = ['scripts/seed-large.ts', '--db', path];
  args.push(
    '--companies',
    values.companies ?? '20000',
    '--pageviews',
    values.pageviews ?? '400000',
  );
  console.log(`seeding ${args.slice(3).join(' ')} …`);
  const seed = spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'inherit'] });
  if (seed.status !== 0) process.exit(seed.status ?? 1);
}

const db = openDatabase(path);
const mmapBytes = values.mmap ? Number(values.mmap) * 1024 * 1024 : undefined;
if (mode === 'inline' && mmapBytes) db.exec(`PRAGMA mmap_size = ${mmapBytes}`);
const count = (sql: string) => (db.prepare<{ n: number }>(sql).get() as { n: number }).n;
console.log(
  `${values.db ?? 'seeded'}: ${count('SELECT count(*) AS n FROM companies')} companies, ` +
    `${count('SELECT count(*) AS n FROM visits')} visits, ${count('SELECT count(*) AS n FROM pageviews')} pageviews`,
);
const now = Date.now();
const from = new Date(now - 364 * 86_400_000).toISOString().slice(0, 10);
const chunkRows = values.chunk ? Number(values.chunk) : undefined;
const exports = createCsvExports({ db, clock: () => now, chunkRows, mode, mmapBytes });
console.log(
  `mode ${mode}, mmap ${((mode === 'worker' ? (mmapBytes ?? EXPORT_MMAP_BYTES) : (mmapBytes ?? 0)) / 2 ** 20).toFixed(0)} MiB`,
);

// The baseline: the same rows, iterated straight from SQLite (no planner, no CSV, no stream).
const fromMs = Date.parse(from);
const baselines: Record<ExportKind, string> = {
  companies: `SELECT c.*, t.* FROM company_totals t JOIN companies c ON c.id = t.company_id
               WHERE t.hidden = 0 AND t.last_at >= ${fromMs}`,
  visits: `SELECT v.*, c.name FROM visits v JOIN companies c ON c.id = v.company_id
            JOIN company_totals t ON t.company_id = v.company_id
           WHERE t.hidden = 0 AND v.started_at >= ${fromMs}`,
  pageviews: `SELECT p.*, v.company_id, c.name FROM visits v JOIN pageviews p ON p.visit_id = v.id
               JOIN companies c ON c.id = v.company_id JOIN company_totals t ON t.company_id = v.company_id
              WHERE t.hidden = 0 AND v.started_at >= ${fromMs}`,
};

function baseline(kind: ExportKind): { rows: number; ms: number } {
  const t0 = performance.now();
  let rows = 0;
  for (const _ of db.prepare(baselines[kind]).iterate()) rows++;
  return { rows, ms: performance.now() - t0 };
}

/** Anonymous resident memory (heap, stacks; not file pages), from /proc on Linux, else 0. */
function rssAnon(): number {
  try {
    const m = /RssAnon:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

async function run(kind: ExportKind) {
  Bun.gc(true);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  // The event loop's stalls: a timer that should fire every 5 ms, late by the longest block.
  let stall = 0;
  let tick = performance.now();
  const probe = setInterval(() => {
    const t = performance.now();
    stall = Math.max(stall, t - tick - 5);
    tick = t;
  }, 5);
  const res = await exports[kind]({ from });
  const reader = res.body!.getReader();
  let bytes = 0;
  let lines = 0;
  let peak = process.memoryUsage.rss();
  let peakAnon = rssAnon();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    // Rows end with CRLF (and so does every chunk); a CRLF inside a quoted cell would count too
    // (none in seeded data). indexOf, not a loop over every byte: the count is not the export.
    for (let i = value.indexOf(10, 1); i !== -1; i = value.indexOf(10, i + 1)) {
      if (value[i - 1] === 13) lines++;
    }
    peak = Math.max(peak, process.memoryUsage.rss());
    peakAnon = Math.max(peakAnon, rssAnon());
    // A turn of the event loop per chunk, as a server's socket write gives: timers run between
    // chunks (an inline chunk resolves in microtasks and would otherwise starve them).
    await new Promise((r) => setImmediate(r));
  }
  clearInterval(probe);
  stall = Math.max(stall, performance.now() - tick - 5);
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const ms = performance.now() - t0;
  return { rows: lines - 1, bytes, ms, cpuMs, peakRss: peak, peakAnon, stall };
}

let passed = 0;
let failed = 0;
const mb = (n: number) => `${(n / 1e6).toFixed(0)} MB`;
const kinds = (values.kind?.split(',') ?? ['companies', 'visits', 'pageviews']) as ExportKind[];
for (const kind of kinds) {
  const base = baseline(kind);
  const r = await run(kind);
  const rate = (r.rows / r.ms) * 1000;
  const ok = rate >= TARGET;
  if (ok) passed++;
  else failed++;
  console.log(
    `${ok ? 'PASS' : 'FAIL'} ${kind.padEnd(9)} ${r.rows} rows (baseline ${base.rows}), ${mb(r.bytes)} in ` +
      `${(r.ms / 1000).toFixed(2)} s (CPU ${(r.cpuMs / 1000).toFixed(2)} s) = ${Math.round(rate).toLocaleString('en-US')} rows/s ` +
      `(target ${TARGET.toLocaleString('en-US')}); peak RSS ${mb(r.peakRss)} (anon ${mb(r.peakAnon)}); ` +
      `longest event-loop stall ${r.stall.toFixed(0)} ms; ` +
      `${(r.ms / base.ms).toFixed(1)}× the plain SQLite iteration (${base.ms.toFixed(0)} ms)`,
  );
}
exports.close();
db.close();
tmp?.cleanup();
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
