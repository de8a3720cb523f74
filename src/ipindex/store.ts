import { NETWORK_CLASSES } from '../classify/index.ts';
import { bumpDataVersion, type Driver, dataVersion } from '../db/index.ts';
import { IndexBuilder } from './build.ts';
import type { IpIndex } from './ip-index.ts';
import { deserializeIndex, serializeIndex } from './serialize.ts';

const CLASS_CODE = new Map<string, number>(NETWORK_CLASSES.map((c, i) => [c, i]));
const BUSINESS = CLASS_CODE.get('business')!;

interface RangeRow {
  id: number;
  family: 4 | 6;
  start: number | Uint8Array;
  end: number | Uint8Array;
  priority: number;
  network_id: number | null;
  company_id: number | null;
  asn: number | null;
  class: string | null;
}

/** Builds the index from every row of ip_ranges (the slow path; the cache makes start-up fast). */
export function buildIndexFromDb(db: Driver): IpIndex {
  const b = new IndexBuilder();
  const rows = db.prepare<RangeRow>(
    `SELECT r.id, r.family, r.start, r.end, r.priority, r.network_id, r.company_id, n.asn, n.class
       FROM ip_ranges r LEFT JOIN networks n ON n.id = r.network_id`,
  );
  for (const r of rows.iterate()) {
    b.add({
      family: r.family,
      start: r.start,
      end: r.end,
      priority: r.priority,
      rangeId: r.id,
      networkId: r.network_id ?? 0,
      companyId: r.company_id ?? 0,
      asn: r.asn ?? 0,
      // A range that names a company is a lead by definition: the operator or a licensed source
      // said which company sits there.
      cls: r.company_id
        ? BUSINESS
        : (CLASS_CODE.get(r.class ?? 'unknown') ?? CLASS_CODE.get('unknown')!),
    });
  }
  return b.build();
}

/** Stores the built index for the current data version. Call inside the data-changing transaction. */
export function saveIndexCache(db: Driver, index: IpIndex, version = dataVersion(db)): void {
  db.prepare(
    `INSERT INTO ipindex_cache (id, data_version, v4_segments, v6_segments, data) VALUES (1, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET data_version = excluded.data_version, v4_segments = excluded.v4_segments,
       v6_segments = excluded.v6_segments, data = excluded.data`,
  ).run(version, index.v4Count, index.v6Count, serializeIndex(index));
}

export interface LoadedIndex {
  index: IpIndex;
  fromCache: boolean;
  version: number;
  ms: number;
}

/**
 * Loads the index: from the cached arrays when they match the data version, else rebuilt from
 * ip_ranges (and the cache refreshed).
 */
export function loadIndex(db: Driver): LoadedIndex {
  const t0 = performance.now();
  const version = dataVersion(db);
  const row = db
    .prepare<{ data_version: number; data: Uint8Array }>(
      'SELECT data_version, data FROM ipindex_cache WHERE id = 1',
    )
    .get();
  if (row && row.data_version === version) {
    try {
      return {
        index: deserializeIndex(row.data),
        fromCache: true,
        version,
        ms: performance.now() - t0,
      };
    } catch {
      // A damaged cache is only a slower start: fall through and rebuild it.
    }
  }
  const index = buildIndexFromDb(db);
  try {
    saveIndexCache(db, index, version);
  } catch {
    // Read-only or busy database: serve the freshly built index anyway.
  }
  return { index, fromCache: false, version, ms: performance.now() - t0 };
}

/**
 * After a change to ip_ranges/networks: bumps the data version, rebuilds and caches the index.
 * Call inside the same transaction as the change so the cache never describes other data.
 */
export function rebuildIndex(db: Driver): IpIndex {
  const version = bumpDataVersion(db);
  const index = buildIndexFromDb(db);
  saveIndexCache(db, index, version);
  return index;
}
