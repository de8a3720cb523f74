// First-run import benchmark: `bun scripts/bench/import.ts`.
// Baseline in the same run: parsing the same files without writing (the importer's floor).
import { join } from 'node:path';
import { createClassifier } from '../../src/classify/index.ts';
import { openDatabase } from '../../src/db/index.ts';
import {
  defaultDatasetFiles,
  FORMATS,
  importDefaultDataset,
  silentProgress,
} from '../../src/sources/index.ts';
import { tempDir } from '../../src/testing/tmp.ts';

const mb = (b: number) => `${(b / 2 ** 20).toFixed(0)} MiB`;
let peak = 0;
const sampler = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().rss);
}, 20);

Bun.gc(true);
const rss0 = process.memoryUsage().rss;
let t = performance.now();
let records = 0;
for await (const _ of FORMATS['ip-location-db'].parse(defaultDatasetFiles(), { onBytes() {} }))
  records++;
const parseMs = performance.now() - t;
const parsePeak = peak;

const tmp = tempDir('leadlens-bench-');
const db = openDatabase(join(tmp.dir, 'import.db'));
Bun.gc(true);
peak = 0;
t = performance.now();
const s = await importDefaultDataset(db, createClassifier(), silentProgress);
const importMs = performance.now() - t;
clearInterval(sampler);
Bun.gc(true);
const rssAfter = process.memoryUsage().rss;
db.close();
tmp.cleanup();

console.log(`bundled dataset: ${records} records (${s.ranges} ranges, ${s.networks} networks, ${s.index.size} segments)
parse only (baseline):  ${(parseMs / 1000).toFixed(2)} s, ${Math.round(records / (parseMs / 1000)).toLocaleString('en-US')} rows/s, peak rss ${mb(parsePeak)}
full first-run import:  ${(importMs / 1000).toFixed(2)} s (${(importMs / parseMs).toFixed(1)}x parse), peak rss ${mb(peak)}
rss: ${mb(rss0)} at start, ${mb(rssAfter)} after import (index held)`);
const ok = importMs <= 15_000;
console.log(`${ok ? 'ok  ' : 'FAIL'} first-run import <= 15 s`);
console.log(`bench: ${ok ? 1 : 0} passed, ${ok ? 0 : 1} failed`);
