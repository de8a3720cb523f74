import type { Classifier } from '../classify/index.ts';
import type { Driver, SqlValue } from '../db/index.ts';
import { type IpIndex, rebuildIndex } from '../ipindex/index.ts';
import { COMPANY_FIELDS } from './stage.ts';

export interface SourceMeta {
  name: string;
  format: string;
  priority: number;
  licence: string | null;
  attribution: string | null;
  attributionUrl: string | null;
  files: string[];
}

export interface CommitResult {
  sourceId: number;
  ranges: number;
  networks: number;
  companies: number;
  meta: number;
  reclassified: number;
  index: IpIndex;
}

/**
 * Replaces the source's rows with the staged ones, reclassifies networks, rebuilds the index:
 * one transaction, so readers see the old data or the new, never a mix.
 */
export function commitStaged(
  db: Driver,
  src: SourceMeta,
  classify: Classifier,
  now: number,
  rowCount: number,
): CommitResult {
  return db.transaction(() => {
    const sourceId = db
      .prepare<{ id: number }>(
        `INSERT INTO sources (name, format, priority, licence, attribution, attribution_url, files, imported_at, row_count)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0)
         ON CONFLICT (name) DO UPDATE SET format = excluded.format, priority = excluded.priority,
           licence = excluded.licence, attribution = excluded.attribution,
           attribution_url = excluded.attribution_url, files = excluded.files, imported_at = excluded.imported_at
         RETURNING id`,
      )
      .get(
        src.name,
        src.format,
        src.priority,
        src.licence,
        src.attribution,
        src.attributionUrl,
        JSON.stringify(src.files),
        now,
      )!.id;

    db.prepare('DELETE FROM ip_ranges WHERE source_id = ?').run(sourceId);
    db.prepare('DELETE FROM asn_meta WHERE source_id = ?').run(sourceId);
    const meta = db
      .prepare(
        `INSERT INTO asn_meta (asn, source_id, name, country, category, role)
         SELECT asn, ?, name, country, category, role FROM temp.stage_meta WHERE true`,
      )
      .run(sourceId).changes;

    // New networks start 'unknown'/'pending'; reclassifyNetworks() below gives every network its class.
    const networks = db
      .prepare(
        `INSERT INTO networks (asn, name, country, class, class_source)
         SELECT asn, name, max(country), 'unknown', 'pending' FROM temp.stage_ranges
          WHERE company_seq IS NULL GROUP BY asn, name
         ON CONFLICT DO NOTHING`,
      )
      .run().changes;
    const companyIds = upsertCompanies(db, sourceId, now);
    const ranges = db
      .prepare(
        `INSERT INTO ip_ranges (source_id, family, start, end, network_id, company_id, priority)
         SELECT ?, s.family, s.start, s.end, n.id, NULL, coalesce(s.priority, ?)
           FROM temp.stage_ranges s
           JOIN networks n ON ifnull(n.asn, -1) = ifnull(s.asn, -1) AND n.name = s.name
          WHERE s.company_seq IS NULL`,
      )
      .run(sourceId, src.priority).changes;
    const insCompanyRange = db.prepare(
      `INSERT INTO ip_ranges (source_id, family, start, end, network_id, company_id, priority)
       VALUES (?, ?, ?, ?, NULL, ?, ?)`,
    );
    let companyRanges = 0;
    const staged = db.prepare<{
      family: number;
      start: SqlValue;
      end: SqlValue;
      company_seq: number;
      priority: number | null;
    }>(
      'SELECT family, start, end, company_seq, priority FROM temp.stage_ranges WHERE company_seq IS NOT NULL',
    );
    for (const r of staged.all()) {
      insCompanyRange.run(
        sourceId,
        r.family,
        r.start,
        r.end,
        companyIds.get(r.company_seq)!,
        r.priority ?? src.priority,
      );
      companyRanges++;
    }
    // Networks no range points at any more go, unless a company or an opt-out still names them:
    // an opt-out must outlive a data refresh.
    db.prepare(
      `DELETE FROM networks WHERE NOT EXISTS (SELECT 1 FROM ip_ranges r WHERE r.network_id = networks.id)
         AND NOT EXISTS (SELECT 1 FROM companies c WHERE c.network_id = networks.id)
         AND NOT EXISTS (SELECT 1 FROM optouts o WHERE o.network_id = networks.id)`,
    ).run();
    const reclassified = reclassifyNetworks(db, classify);
    db.prepare('UPDATE sources SET row_count = ? WHERE id = ?').run(rowCount, sourceId);
    const index = rebuildIndex(db);
    return {
      sourceId,
      ranges: ranges + companyRanges,
      networks,
      companies: companyIds.size,
      meta,
      reclassified,
      index,
    };
  })();
}

/**
 * Merges staged companies: matched by domain, else by name (case-insensitive); stated fields
 * overwrite, empty ones keep what is known. Returns staged seq → company id.
 */
function upsertCompanies(db: Driver, sourceId: number, now: number): Map<number, number> {
  const ids = new Map<number, number>();
  const byDomain = db.prepare<{ id: number }>('SELECT id FROM companies WHERE domain = ?');
  const byName = db.prepare<{ id: number }>(
    'SELECT id FROM companies WHERE name = ? COLLATE NOCASE ORDER BY domain IS NULL DESC, id LIMIT 1',
  );
  const sets = COMPANY_FIELDS.map((f) => `${f} = coalesce(?, ${f})`).join(', ');
  const update = db.prepare(`UPDATE companies SET ${sets}, updated_at = ? WHERE id = ?`);
  const insert = db.prepare(
    `INSERT INTO companies (${COMPANY_FIELDS.join(', ')}, source_id, created_at, updated_at)
     VALUES (${COMPANY_FIELDS.map(() => '?').join(', ')}, ?, ?, ?)`,
  );
  const rows = db.prepare<
    Record<string, SqlValue> & { seq: number; name: string; domain: string | null }
  >(`SELECT seq, ${COMPANY_FIELDS.join(', ')} FROM temp.stage_companies ORDER BY seq`);
  for (const c of rows.all()) {
    // An enrichment row may name only a domain: '' means "name not given", never "rename to ''".
    const values = COMPANY_FIELDS.map((f) => (c[f] === '' ? null : (c[f] ?? null)));
    const found =
      (c.domain ? byDomain.get(c.domain) : undefined) ?? (c.name ? byName.get(c.name) : undefined);
    if (found) {
      update.run(...values, now, found.id);
      ids.set(c.seq, found.id);
    } else {
      values[0] ??= c.domain; // a new company needs a name: its domain stands in
      ids.set(c.seq, Number(insert.run(...values, sourceId, now, now).lastInsertRowid));
    }
  }
  return ids;
}

/**
 * Gives every network the class the classifier says now (categories from asn_meta, higher-priority
 * source first). Returns how many changed. Runs on every import: a new category source or a new
 * override list must reach networks imported earlier.
 */
export function reclassifyNetworks(db: Driver, classify: Classifier): number {
  const category = new Map<number, string>();
  const metaRows = db.prepare<{ asn: number; category: string }>(
    `SELECT m.asn, m.category FROM asn_meta m JOIN sources s ON s.id = m.source_id
      WHERE m.category IS NOT NULL ORDER BY s.priority ASC, s.id ASC`,
  );
  for (const m of metaRows.iterate()) category.set(m.asn, m.category);
  const update = db.prepare('UPDATE networks SET class = ?, class_source = ? WHERE id = ?');
  const rows = db.prepare<{
    id: number;
    asn: number | null;
    name: string;
    class: string;
    class_source: string;
  }>('SELECT id, asn, name, class, class_source FROM networks');
  let changed = 0;
  for (const n of rows.all()) {
    const c = classify({
      asn: n.asn,
      name: n.name,
      category: (n.asn !== null ? category.get(n.asn) : undefined) as never,
    });
    if (c.class !== n.class || c.why !== n.class_source) {
      update.run(c.class, c.why, n.id);
      changed++;
    }
  }
  return changed;
}
