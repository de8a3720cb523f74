import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Classifier } from '../classify/index.ts';
import type { Driver } from '../db/index.ts';
import { type ImportSummary, importSource } from './load.ts';
import type { Progress } from './progress.ts';
import { FORMATS } from './registry.ts';

/** Name of the bundled default source (the `sources` row). */
export const DEFAULT_SOURCE = 'ip-location-db-asn';

/** The bundled dataset's files (IPv4 then IPv6) inside node_modules/@ip-location-db/asn. */
export function defaultDatasetFiles(): string[] {
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
  return importSource(db, {
    format: 'ip-location-db',
    spec: FORMATS['ip-location-db'],
    files: defaultDatasetFiles(),
    name: DEFAULT_SOURCE,
    classify,
    progress,
  });
}
