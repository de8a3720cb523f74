import type { Driver } from '../db/index.ts';

/**
 * What an erase (or an opt-out) changed, for the holders outside the DB: the tracking filter,
 * the writer's id caches, open sessions and the live feed. The same shape as the opt-out
 * service's `OptoutChange`, so one handler serves both.
 */
export interface ErasedChange {
  companyIds: number[];
  networkIds: number[];
  /** Visits just deleted: open sessions pointing at them must be forgotten. */
  visitIds: ReadonlySet<number>;
}

// Rows keyed by company that go with it; visits cascade to pageviews.
const PER_COMPANY = [
  'company_paths',
  'company_days',
  'company_site_totals',
  'company_totals',
  'company_tags',
  'company_notes',
  'company_status',
  // Alerts: the firing record, and messages about the company (names, pages) sent or waiting.
  'trigger_firings',
  'outbox',
] as const;

/**
 * The one deletion of an organisation's history, shared by the opt-out (src/privacy/optout.ts)
 * and the admin's "delete company": visits (→ pageviews), rollups, tags, notes, status, trigger
 * firings and outbox messages about it, interned paths nobody else viewed, and a site's "last
 * beacon path" when it is one of these pages.
 * Statements are prepared once; the returned function must run inside the caller's transaction.
 * Pass `null` for the half (company or network) that is not meant.
 * @example
 * const purge = createHistoryPurge(db);
 * db.transaction(() => purge(42, null))(); // → ids of the deleted visits
 */
export function createHistoryPurge(db: Driver) {
  const visitIds = db.prepare<{ id: number }>(
    'SELECT id FROM visits WHERE company_id = ? OR network_id = ?',
  );
  const pathIds = db.prepare<{ path_id: number }>(
    'SELECT DISTINCT path_id FROM company_paths WHERE company_id = ?',
  );
  // A site's "last beacon path" may be one of this company's pages: it must go too.
  const forgetLastPath = db.prepare(
    `UPDATE sites SET last_beacon_path = NULL WHERE last_beacon_path IS NOT NULL AND EXISTS (
       SELECT 1 FROM visits v JOIN pageviews p ON p.visit_id = v.id
        WHERE (v.company_id = ? OR v.network_id = ?) AND v.site_id = sites.id
          AND p.path = sites.last_beacon_path)`,
  );
  const deleteVisits = db.prepare('DELETE FROM visits WHERE company_id = ? OR network_id = ?');
  // Messages that name it among others (a digest's list); outbox_companies cascades.
  const namingMessages = db.prepare(
    'DELETE FROM outbox WHERE id IN (SELECT outbox_id FROM outbox_companies WHERE company_id = ?)',
  );
  const perCompany = PER_COMPANY.map((t) => db.prepare(`DELETE FROM ${t} WHERE company_id = ?`));
  // Interned paths nobody else viewed would still name this company's pages.
  const orphanPath = db.prepare(
    `DELETE FROM site_paths WHERE id = ?
        AND NOT EXISTS (SELECT 1 FROM company_paths WHERE path_id = site_paths.id)`,
  );

  return (companyId: number | null, networkId: number | null): Set<number> => {
    // -1 matches no row: ids are positive.
    const c = companyId ?? -1;
    const n = networkId ?? -1;
    const visits = new Set(visitIds.all(c, n).map((r) => r.id));
    const paths = pathIds.all(c).map((r) => r.path_id);
    forgetLastPath.run(c, n);
    deleteVisits.run(c, n);
    namingMessages.run(c);
    for (const s of perCompany) s.run(c);
    for (const p of paths) orphanPath.run(p);
    return visits;
  };
}

/**
 * Runs `fn` with `PRAGMA secure_delete` on (unless `on` is false), so deleted rows are zeroed in
 * the file rather than left in free pages; restores the previous setting afterwards.
 */
export function withSecureDelete<R>(db: Driver, fn: () => R, on = true): R {
  if (!on) return fn();
  const before = db.prepare<{ secure_delete: number }>('PRAGMA secure_delete').get();
  db.exec('PRAGMA secure_delete = ON');
  try {
    return fn();
  } finally {
    db.exec(`PRAGMA secure_delete = ${before?.secure_delete ? 'ON' : 'OFF'}`);
  }
}

/**
 * Old page images in the WAL hold deleted rows until a checkpoint copies the zeroed pages over
 * them: try one now. A busy reader only makes it a partial pass, never an error.
 */
export function checkpointQuietly(db: Driver): void {
  try {
    db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
  } catch {}
}

export interface CompanyEraserDeps {
  db: Driver;
  /** Called after the delete committed; same handler as the opt-out service's `onChanged`. */
  onErased?: (change: ErasedChange) => void;
  /** Zero deleted bytes in the file (default true). */
  secureDelete?: boolean;
}

/**
 * Deletes one company and everything Leadlens holds about it (a data subject's erasure), in one
 * transaction with `secure_delete` on. Unlike an opt-out nothing stops future visits: they are
 * recorded again (a network's company row is made anew by the writer).
 *
 * The companies row goes too, except when something outside the visit history needs it:
 * - an `ip_ranges` row (an operator-imported companies CSV): deleting the row would mean deleting
 *   the operator's ranges, and the next import would recreate the company anyway, so it stays,
 *   emptied of history;
 * - an opt-out: its row cascades from the company, and an erase must not undo an objection.
 * @example createCompanyEraser({ db, onErased }).erase(42) // → true, or false for an unknown id
 */
export function createCompanyEraser(d: CompanyEraserDeps) {
  const { db } = d;
  const purge = createHistoryPurge(db);
  const companyRow = db.prepare<{ network_id: number | null }>(
    'SELECT network_id FROM companies WHERE id = ?',
  );
  const deleteRow = db.prepare(
    `DELETE FROM companies WHERE id = ?
        AND NOT EXISTS (SELECT 1 FROM ip_ranges WHERE company_id = companies.id)
        AND NOT EXISTS (SELECT 1 FROM optouts WHERE company_id = companies.id)`,
  );
  // Only the company's own visits: a network's other companies (companies-CSV ranges inside it)
  // keep theirs.
  const run = db.transaction((id: number): ErasedChange | null => {
    const row = companyRow.get(id);
    if (!row) return null;
    const visitIds = purge(id, null);
    deleteRow.run(id);
    return { companyIds: [id], networkIds: row.network_id ? [row.network_id] : [], visitIds };
  });

  return {
    /** Erases the company; false when no such company exists. */
    erase(id: number): boolean {
      const change = withSecureDelete(db, () => run(id), d.secureDelete !== false);
      if (!change) return false;
      checkpointQuietly(db);
      d.onErased?.(change);
      return true;
    },
  };
}

export type CompanyEraser = ReturnType<typeof createCompanyEraser>;
