import type { Driver } from '../db/index.ts';

/** Milliseconds in a UTC day: rollup days are `floor(unix ms / DAY_MS)`. */
export const DAY_MS = 86_400_000;

/** The UTC day number of a time. @example dayOf(Date.UTC(1970, 0, 2)) // 1 */
export const dayOf = (ms: number): number => Math.floor(ms / DAY_MS);

/** The rollup tables, children before parents (the order a rebuild empties them in). */
export const ROLLUP_TABLES = [
  'company_paths',
  'site_paths',
  'company_site_totals',
  'company_totals',
  'company_days',
] as const;

// The same statements as the backfill at the end of migrations/0004-leads.sql (a landed migration
// is frozen, so the text is repeated here rather than read out of the file).
const REBUILD = [
  `INSERT INTO company_days (day, company_id, site_id, visits, pageviews, engaged_ms, first_at, last_at)
   SELECT started_at / 86400000, company_id, site_id, count(*), sum(pageviews), sum(engaged_ms),
          min(started_at), max(last_seen_at)
     FROM visits GROUP BY 1, 2, 3`,
  `INSERT INTO company_totals (company_id, visits, pageviews, engaged_ms, first_at, last_at, last_day)
   SELECT company_id, sum(visits), sum(pageviews), sum(engaged_ms), min(first_at), max(last_at), max(day)
     FROM company_days GROUP BY company_id`,
  `INSERT INTO company_site_totals (site_id, company_id, visits, pageviews, engaged_ms, first_at, last_at, last_day)
   SELECT site_id, company_id, sum(visits), sum(pageviews), sum(engaged_ms), min(first_at), max(last_at), max(day)
     FROM company_days GROUP BY site_id, company_id`,
  `INSERT INTO site_paths (site_id, path)
   SELECT DISTINCT v.site_id, p.path FROM pageviews p JOIN visits v ON v.id = p.visit_id`,
  `INSERT INTO company_paths (company_id, day, path_id)
   SELECT DISTINCT v.company_id, v.started_at / 86400000, sp.id
     FROM pageviews p JOIN visits v ON v.id = p.visit_id
     JOIN site_paths sp ON sp.site_id = v.site_id AND sp.path = p.path`,
];

/**
 * Recomputes every rollup from visits and pageviews, in one transaction: for the large-DB seed,
 * after a bulk repair, and in tests that check the writer's incremental upkeep against it.
 * Scores start dirty; the scorer fills them.
 * @example rebuildRollups(db); createScorer({ db }).refreshAll();
 */
export function rebuildRollups(db: Driver): void {
  db.transaction(() => {
    for (const t of ROLLUP_TABLES) db.exec(`DELETE FROM ${t}`);
    for (const sql of REBUILD) db.exec(sql);
  })();
}

// Totals recomputed from company_days for the companies in temp.leads_touched; a company
// without any day left loses its totals row (it no longer shows in the inbox).
const RETOTAL = [
  `DELETE FROM company_site_totals WHERE site_id = ? AND company_id IN (SELECT id FROM temp.leads_touched)`,
  `INSERT INTO company_site_totals (site_id, company_id, visits, pageviews, engaged_ms, first_at, last_at, last_day)
   SELECT site_id, company_id, sum(visits), sum(pageviews), sum(engaged_ms), min(first_at), max(last_at), max(day)
     FROM company_days WHERE site_id = ? AND company_id IN (SELECT id FROM temp.leads_touched)
    GROUP BY company_id`,
  `DELETE FROM company_totals WHERE company_id IN (SELECT id FROM temp.leads_touched)
      AND NOT EXISTS (SELECT 1 FROM company_days d WHERE d.company_id = company_totals.company_id)`,
  `UPDATE company_totals SET (visits, pageviews, engaged_ms, first_at, last_at, last_day) =
     (SELECT sum(visits), sum(pageviews), sum(engaged_ms), min(first_at), max(last_at), max(day)
        FROM company_days d WHERE d.company_id = company_totals.company_id), score_dirty = 1
    WHERE company_id IN (SELECT id FROM temp.leads_touched)`,
];

/**
 * Drops one site's rollup days before `beforeDay` and recomputes the affected totals: call it in
 * the transaction of a retention purge that deleted that site's visits started before that day,
 * so the inbox stops counting them. The 30-day sums and scores follow at the next daily pass.
 * @example forgetRollupsBefore(db, site.id, dayOf(now) - site.retentionDays)
 */
export function forgetRollupsBefore(db: Driver, siteId: number, beforeDay: number): void {
  db.transaction(() => {
    db.exec('CREATE TEMP TABLE IF NOT EXISTS leads_touched (id INTEGER PRIMARY KEY)');
    db.exec('DELETE FROM temp.leads_touched');
    db.prepare(
      'INSERT INTO temp.leads_touched SELECT DISTINCT company_id FROM company_days WHERE site_id = ? AND day < ?',
    ).run(siteId, beforeDay);
    db.prepare('DELETE FROM company_days WHERE site_id = ? AND day < ?').run(siteId, beforeDay);
    db.prepare(
      `DELETE FROM company_paths WHERE day < ? AND company_id IN (SELECT id FROM temp.leads_touched)
         AND path_id IN (SELECT id FROM site_paths WHERE site_id = ?)`,
    ).run(beforeDay, siteId);
    db.prepare(RETOTAL[0]).run(siteId);
    db.prepare(RETOTAL[1]).run(siteId);
    db.prepare(RETOTAL[2]).run();
    db.prepare(RETOTAL[3]).run();
    db.exec('DELETE FROM temp.leads_touched');
  })();
}

/**
 * Every rollup row in a stable order, without the columns the daily pass derives (30-day sums,
 * scores) or the triggers keep (hidden): two snapshots compare equal exactly when the rollups hold
 * the same data. Paths are compared by text (ids depend on insertion order).
 */
export function rollupSnapshot(db: Driver): Record<string, unknown[]> {
  const q = (sql: string) => db.prepare(sql).all();
  return {
    company_days: q('SELECT * FROM company_days ORDER BY day, company_id, site_id'),
    company_totals: q(
      `SELECT company_id, visits, pageviews, engaged_ms, first_at, last_at, last_day
         FROM company_totals ORDER BY company_id`,
    ),
    company_site_totals: q(
      `SELECT site_id, company_id, visits, pageviews, engaged_ms, first_at, last_at, last_day
         FROM company_site_totals ORDER BY site_id, company_id`,
    ),
    site_paths: q('SELECT site_id, path FROM site_paths ORDER BY site_id, path'),
    company_paths: q(
      `SELECT cp.company_id, cp.day, sp.site_id, sp.path FROM company_paths cp
         JOIN site_paths sp ON sp.id = cp.path_id ORDER BY 1, 2, 3, 4`,
    ),
  };
}
