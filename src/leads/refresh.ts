import { type Driver, getSetting, setSetting } from '../db/index.ts';
import type { ScoreBreakdown } from './model.ts';
import { DAY_MS, dayOf } from './rollups.ts';
import { SCORE_WINDOW_DAYS, type ScoreInputs, scoreOf } from './score.ts';

/** The inbox's default date range, in days (today included); company_totals keeps its sums. */
export const INBOX_WINDOW_DAYS = 30;

interface InputRow {
  id: number;
  last_at: number;
  visits: number;
  engaged: number;
}

// The first parameter is the window's first day (bound once, in `p`); the target's follow.
// Distinct pages and key pages are counted per company in JS (see pageCounts).
const inputsSql = (target: string) => `
  WITH p AS (SELECT ? AS first)
  SELECT t.company_id AS id, t.last_at,
    coalesce((SELECT sum(d.visits) FROM company_days d WHERE d.company_id = t.company_id AND d.day >= p.first), 0) AS visits,
    coalesce((SELECT sum(d.engaged_ms) FROM company_days d WHERE d.company_id = t.company_id AND d.day >= p.first), 0) AS engaged
  FROM p, company_totals t WHERE ${target}`;

/**
 * Counts past which the score's pages and key-pages parts are 100 whatever more there are
 * (saturate() rounds to 100 from 33 pages and from 6 key pages): counting stops there, with room.
 */
export const PAGES_CAP = 64;
export const KEY_PAGES_CAP = 16;

// The 30-day sums of one chunk of companies; rows that are 0 and stay 0 are skipped.
// Parameters: first day, first day, lowest id, highest id, first day.
const windowSql = (table: string, site: string) => `
  UPDATE ${table} SET
    visits_30d = coalesce((SELECT sum(d.visits) FROM company_days d
      WHERE d.company_id = ${table}.company_id AND d.day >= ?${site}), 0),
    pageviews_30d = coalesce((SELECT sum(d.pageviews) FROM company_days d
      WHERE d.company_id = ${table}.company_id AND d.day >= ?${site}), 0)
  WHERE company_id BETWEEN ? AND ? AND (visits_30d != 0 OR last_day >= ?)`;

const PASS_DAY = 'leads_pass_day';
const CHUNK = 5_000;

/**
 * Keeps the values in the rollups that depend on *today* current: the stored lead scores (the
 * inbox sorts by an index instead of scoring 200 k companies per request) and the 30-day sums.
 * A score changes when the company's data changes (the writer sets score_dirty) and when the UTC
 * day changes (recency ages, windows slide): `refresh()` rescores the dirty rows, or runs the full
 * pass once per new day. The inbox calls `refresh()` before it reads; a job calling it shortly
 * after midnight keeps that full pass (a few seconds at 200 k companies) off the request path.
 * @example const r = createRefresher({ db }); r.refresh(); r.breakdown(42)
 */
export function createRefresher(d: { db: Driver; clock?: () => number }) {
  const clock = d.clock ?? Date.now;
  const { db } = d;
  const one = db.prepare<InputRow>(inputsSql('t.company_id = ?'));
  const dirty = db.prepare<InputRow>(inputsSql('t.score_dirty = 1 LIMIT 2000'));
  const range = db.prepare<InputRow>(inputsSql('t.company_id BETWEEN ? AND ? AND t.last_at >= ?'));
  const anyDirty = db.prepare('SELECT 1 FROM company_totals WHERE score_dirty = 1 LIMIT 1');
  const maxId = db.prepare<{ m: number | null }>('SELECT max(company_id) AS m FROM company_totals');
  const save = db.prepare(
    'UPDATE company_totals SET score = ?, score_dirty = 0 WHERE company_id = ?',
  );
  // Outside the score window every part is 0.
  const zero = db.prepare(
    `UPDATE company_totals SET score = 0, score_dirty = 0
      WHERE company_id BETWEEN ? AND ? AND last_at < ? AND (score != 0 OR score_dirty = 1)`,
  );
  const windowAll = db.prepare(windowSql('company_totals', ''));
  const windowSite = db.prepare(
    // Unary + keeps the planner on the primary key (company, day) instead of the site index.
    windowSql('company_site_totals', ' AND +d.site_id = company_site_totals.site_id'),
  );

  const counts = pageCounts(db);
  type Window = { today: number; first: number };
  const inputs = (r: InputRow, { today, first }: Window, keys: KeyPaths): ScoreInputs => {
    const c = counts.of(r.id, first, today, keys);
    return {
      daysSinceLast: today - dayOf(r.last_at),
      visits: r.visits,
      pages: c.pages,
      engagedMs: r.engaged,
      keyPages: c.keyPages,
    };
  };
  const days = () => {
    const today = dayOf(clock());
    return { today, first: today - SCORE_WINDOW_DAYS + 1, first30: today - INBOX_WINDOW_DAYS + 1 };
  };
  // Read and write in one IMMEDIATE transaction: the writer cannot dirty a row in between, so a
  // cleared flag always means "scored from the newest data".
  const scoreRows = db.transaction((rows: () => InputRow[], w: Window) => {
    const all = rows();
    const keys = all.length ? counts.keyPaths() : NO_KEY_PATHS;
    for (const r of all) save.run(scoreOf(inputs(r, w, keys)).total, r.id);
    return all.length;
  });

  const refresher = {
    /** The live score breakdown of one company (the profile); null without a rollup row. */
    breakdown(companyId: number): ScoreBreakdown | null {
      const w = days();
      const r = one.get(w.first, companyId);
      return r ? scoreOf(inputs(r, w, counts.keyPaths())) : null;
    },
    /** Rescores the rows the writer touched since the last pass. Returns how many. */
    refreshDirty(): number {
      // Checked outside a transaction first: a read that finds nothing takes no write lock.
      if (!anyDirty.get()) return 0;
      const w = days();
      let n = 0;
      for (let k = 1; k > 0; n += k) k = scoreRows(() => dirty.all(w.first), w);
      return n;
    },
    /** Rescores every company and recomputes the 30-day sums, in chunks of companies (the writer
     * waits for one chunk, not for the whole pass). Returns how many companies were scored. */
    refreshAll(): number {
      let n = 0;
      for (const chunk of passChunks()) n += chunk();
      return n;
    },
    /** The full pass on the first call of a new UTC day, else the dirty rows only. */
    refresh(): number {
      if (getSetting(db, PASS_DAY) !== String(days().today)) return refresher.refreshAll();
      return refresher.refreshDirty();
    },
    /**
     * refresh() for a server: the daily full pass gives the event loop back between chunks
     * (~4 s in one piece at 200 k companies would hold every beacon's answer that long).
     */
    async refreshYielding(): Promise<number> {
      if (getSetting(db, PASS_DAY) === String(days().today)) return refresher.refreshDirty();
      let n = 0;
      for (const chunk of passChunks()) {
        n += chunk();
        await new Promise((resolve) => setImmediate(resolve));
      }
      return n;
    },
  };
  /** The full pass as one function per chunk of company ids; the last one records the day. */
  function* passChunks(): Generator<() => number> {
    const w = days();
    const { today, first, first30 } = w;
    const top = maxId.get()?.m ?? 0;
    for (let lo = 1; lo <= top; lo += CHUNK) {
      const hi = lo + CHUNK - 1;
      yield () =>
        scoreRows(() => {
          windowAll.run(first30, first30, lo, hi, first30);
          windowSite.run(first30, first30, lo, hi, first30);
          zero.run(lo, hi, first * DAY_MS);
          return range.all(first, lo, hi, first * DAY_MS);
        }, w);
    }
    setSetting(db, PASS_DAY, String(today));
  }
  return refresher;
}

export type Refresher = ReturnType<typeof createRefresher>;

/**
 * A company's distinct pages and distinct key pages in the score window, each counted up to its
 * cap, at a bounded cost whatever the company viewed. Counting every distinct path of the window
 * (what SQL's count(DISTINCT) does) costs a read of every (day, path) pair: seconds for a company
 * that viewed a million different URLs (search results, ids in paths), inside the write
 * transaction that saves the scores, with ingest waiting on the lock.
 * - Key paths: one index range per key-page pattern (GLOB with a literal start searches the
 *   (site_id, path) index), not a GLOB over every interned path of every site.
 * - Pages: DISTINCT … LIMIT PAGES_CAP stops at the cap.
 * - Key pages: under the cap of pages, the window holds at most PAGES_CAP × 90 pairs: one scan.
 *   Past it, point lookups (company, day, key path) day by day: 90 per key path at most.
 */
/** The key paths of every site, as ids and as the JSON list one query takes. */
interface KeyPaths {
  ids: number[];
  json: string;
}
const NO_KEY_PATHS: KeyPaths = { ids: [], json: '[]' };

function pageCounts(db: Driver) {
  const patterns = db.prepare<{ site_id: number; glob: string }>(
    'SELECT site_id, glob FROM key_pages',
  );
  const matching = db.prepare<{ id: number }>(
    'SELECT id FROM site_paths WHERE site_id = ? AND path GLOB ?',
  );
  const pages = db.prepare<{ n: number }>(
    `SELECT count(*) AS n FROM (SELECT DISTINCT path_id FROM company_paths
      WHERE company_id = ? AND day >= ? LIMIT ${PAGES_CAP})`,
  );
  const keysScan = db.prepare<{ n: number }>(
    `SELECT count(DISTINCT path_id) AS n FROM company_paths
      WHERE company_id = ? AND day >= ? AND path_id IN (SELECT value FROM json_each(?))`,
  );
  const onDay = db.prepare(
    'SELECT 1 FROM company_paths WHERE company_id = ? AND day = ? AND path_id = ?',
  );
  return {
    /** The interned paths that match a key-page pattern of their site (once per pass). */
    keyPaths(): KeyPaths {
      const ids = new Set<number>();
      for (const k of patterns.all())
        for (const r of matching.all(k.site_id, k.glob)) ids.add(r.id);
      const list = [...ids];
      return { ids: list, json: JSON.stringify(list) };
    },
    of(companyId: number, first: number, today: number, keys: KeyPaths) {
      const p = pages.get(companyId, first)?.n ?? 0;
      if (!keys.ids.length || !p) return { pages: p, keyPages: 0 };
      if (p < PAGES_CAP) {
        return { pages: p, keyPages: keysScan.get(companyId, first, keys.json)?.n ?? 0 };
      }
      let found = 0;
      for (const key of keys.ids) {
        for (let day = today; day >= first; day--) {
          if (onDay.get(companyId, day, key)) {
            found++;
            break;
          }
        }
        if (found >= KEY_PAGES_CAP) break;
      }
      return { pages: p, keyPages: found };
    },
  };
}
