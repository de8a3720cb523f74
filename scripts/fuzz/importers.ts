// Fuzzes the importers (and the companies CSV parser) with mutated copies of their fixture files:
// every run either imports or fails with an ImportError located as `file:line:column: reason`
// having written nothing; any other exception, or rows changed by a refused file, is a failure.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Classifier } from '../../src/classify/index.ts';
import type { Driver } from '../../src/db/index.ts';
import { FORMATS, importSource, silentProgress } from '../../src/sources/index.ts';
import type { FuzzResult } from './beacon.ts';
import { int, mutate, pick, type Rand } from './mutate.ts';

const FIXTURES = join(import.meta.dir, '..', '..', 'src', 'sources', 'fixtures');

/** Each target: a format and the fixture files it reads (one of them gets mutated). */
export const IMPORT_TARGETS: ReadonlyArray<{ format: string; files: string[] }> = [
  { format: 'ip-location-db', files: ['dbip-asn-lite-2026-01.csv'] },
  { format: 'ip-location-db', files: ['asn-mixed-num.csv'] },
  { format: 'maxmind', files: ['GeoLite2-ASN-Blocks.csv'] },
  { format: 'iptoasn', files: ['ip2asn-combined.tsv'] },
  { format: 'iptoasn', files: ['ip2asn-v4-u32.tsv'] },
  {
    format: 'ripe',
    files: ['ripe/ripe.db.inetnum', 'ripe/ripe.db.organisation', 'ripe/ripe.db.aut-num'],
  },
  { format: 'ipverse', files: ['ipverse/as.csv'] },
  { format: 'companies', files: ['companies.csv'] },
  { format: 'companies', files: ['companies-subset.csv'] },
];

const LOCATED = /^.+:\d+:\d+: \S/;

function snapshot(db: Driver): string {
  const q = (sql: string) => String(db.prepare<{ n: number }>(sql).get()?.n ?? 0);
  return [
    q('SELECT count(*) AS n FROM ip_ranges'),
    q('SELECT count(*) AS n FROM networks'),
    q('SELECT count(*) AS n FROM companies'),
    q('SELECT count(*) AS n FROM sources'),
    q(`SELECT value AS n FROM settings WHERE key = 'data_version'`),
  ].join('/');
}

/** Mutates 1–3 random lines of the text (or the whole text, now and then). */
function mutateLines(rand: Rand, text: string): string {
  if (rand() < 0.1) return mutate(rand, text);
  const lines = text.split('\n');
  for (let n = 1 + int(rand, 3); n > 0; n--) {
    const i = int(rand, lines.length);
    lines[i] = mutate(rand, lines[i]);
  }
  return lines.join('\n');
}

export async function fuzzImporters(
  db: Driver,
  classify: Classifier,
  workDir: string,
  rand: Rand,
  count: number,
  targets = IMPORT_TARGETS,
): Promise<FuzzResult> {
  const r: FuzzResult = { passed: 0, accepted: 0, failed: 0, failures: [] };
  const originals = new Map<string, string>();
  const read = (f: string) => {
    let s = originals.get(f);
    if (s === undefined) originals.set(f, (s = readFileSync(join(FIXTURES, f), 'latin1')));
    return s;
  };
  for (let i = 0; i < count; i++) {
    const target = pick(rand, targets);
    const victim = pick(rand, target.files);
    const dir = join(workDir, `case-${i}`);
    mkdirSync(dir, { recursive: true });
    const files = target.files.map((f) => {
      const path = join(dir, basename(f));
      writeFileSync(path, f === victim ? mutateLines(rand, read(f)) : read(f), 'latin1');
      return path;
    });
    const before = snapshot(db);
    let problem: string | null = null;
    try {
      await importSource(db, {
        format: target.format,
        spec: FORMATS[target.format],
        files,
        name: `fuzz-${target.format}`,
        classify,
        progress: silentProgress,
      });
      r.accepted++;
    } catch (e) {
      const err = e as Error;
      if (err.name !== 'ImportError') problem = `${err.name}: ${err.message.slice(0, 200)}`;
      else if (!LOCATED.test(err.message))
        problem = `unlocated error: ${err.message.slice(0, 200)}`;
      else if (snapshot(db) !== before)
        problem = `refused (${err.message.slice(0, 120)}) but rows changed`;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    if (problem) {
      r.failed++;
      if (r.failures.length < 20)
        r.failures.push(`import ${target.format} ${basename(victim)} case ${i}: ${problem}`);
    } else r.passed++;
  }
  return r;
}
