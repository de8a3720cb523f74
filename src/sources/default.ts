import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import type { Classifier } from '../classify/index.ts';
import type { Driver } from '../db/index.ts';
import { embedded } from '../embed/index.ts';
import { type ImportSummary, importSource } from './load.ts';
import type { Progress } from './progress.ts';
import { FORMATS } from './registry.ts';

/** Name of the bundled default source (the `sources` row). */
export const DEFAULT_SOURCE = 'ip-location-db-asn';

/**
 * The bundled dataset's files (IPv4 then IPv6) inside node_modules/@ip-location-db/asn; in the
 * compiled binary, its embedded zstd copies (readable with readFileSync and statSync only).
 */
export function defaultDatasetFiles(): string[] {
  const inBinary = embedded()?.dataset.files;
  if (inBinary) return [...inBinary];
  const dir = dirname(createRequire(import.meta.url).resolve('@ip-location-db/asn/package.json'));
  return [join(dir, 'asn-ipv4.csv'), join(dir, 'asn-ipv6.csv')];
}

/** True when no range data is loaded at all (first start). */
export function hasNoRanges(db: Driver): boolean {
  return !db.prepare('SELECT 1 FROM ip_ranges LIMIT 1').get();
}

/** Imports the bundled @ip-location-db/asn dataset (CC BY 4.0: DB-IP, RouteViews, NRO). */
export function importDefaultDataset(
  db: Driver,
  classify: Classifier,
  progress?: Progress,
): Promise<ImportSummary> {
  const files = defaultDatasetFiles();
  // The importer streams files with createReadStream, which cannot open files embedded in the
  // binary: unpack them (5 MB of zstd, 32 MB of CSV) beside the database for the import, then
  // delete them.
  const staged = embedded()
    ? mkdtempSync(join(db.path === ':memory:' ? tmpdir() : dirname(db.path), '.import-'))
    : null;
  const run = staged
    ? files.map((f) => {
        const out = join(staged, basename(f).replace(/\.zst$/, ''));
        writeFileSync(out, Bun.zstdDecompressSync(readFileSync(f)));
        return out;
      })
    : files;
  return importSource(db, {
    format: 'ip-location-db',
    spec: FORMATS['ip-location-db'],
    files: run,
    name: DEFAULT_SOURCE,
    classify,
    progress,
  }).finally(() => {
    if (staged) rmSync(staged, { recursive: true, force: true });
  });
}
