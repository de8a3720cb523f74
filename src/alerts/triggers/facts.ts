import type { Driver } from '../../db/index.ts';
import { createRefresher } from '../../leads/index.ts';
// The leads module's public face does not export its store yet; triggers read the company and
// apply tag/status actions through the same functions the dashboard uses, not SQL of their own.
import { createLeadsStore, type LeadsStore } from '../../leads/store.ts';
import type { Facts, Needs } from './compile.ts';

const DAY_MS = 86_400_000;
/** Pages of one visit a rule or a message looks at; a crawler-like visit stops mattering here. */
export const MAX_PATHS = 200;

interface VisitRow {
  id: number;
  site_id: number;
  company_id: number;
  started_at: number;
  pageviews: number;
  engaged_ms: number;
}

/**
 * Loads the facts of one visit with prepared statements: the visit (which names its company, so
 * a pageview of "the network's company", id 0 in the event, needs no second lookup), the company
 * as the leads views show it (null when hidden: opted out or no longer a lead), its tags and
 * status, this visit's pages, and only the costlier facts the rules need.
 */
export function createFactsLoader(db: Driver, clock: () => number, leads?: LeadsStore) {
  const store = leads ?? createLeadsStore(db, clock);
  const refresher = createRefresher({ db, clock });
  const q = {
    visit: db.prepare<VisitRow>(
      'SELECT id, site_id, company_id, started_at, pageviews, engaged_ms FROM visits WHERE id = ?',
    ),
    paths: db.prepare<{ path: string }>(
      'SELECT path FROM pageviews WHERE visit_id = ? ORDER BY ts, id LIMIT ?',
    ),
    previous: db.prepare<{ at: number | null }>(
      'SELECT max(last_seen_at) AS at FROM visits WHERE company_id = ? AND started_at < ?',
    ),
    since: db.prepare<{ n: number }>(
      'SELECT count(*) AS n FROM visits WHERE company_id = ? AND started_at >= ?',
    ),
    company: db.prepare<{ company_id: number }>('SELECT company_id FROM visits WHERE id = ?'),
    latest: db.prepare<{ id: number }>(
      'SELECT id FROM visits WHERE company_id = ? ORDER BY started_at DESC, id DESC LIMIT 1',
    ),
    recent: db.prepare<{ company_id: number }>(
      'SELECT company_id FROM company_totals WHERE hidden = 0 ORDER BY last_at DESC LIMIT ?',
    ),
  };

  return {
    /** The facts of a visit, or null when the visit is gone or its company is not shown. */
    load(visitId: number, needs: Needs): Facts | null {
      const v = q.visit.get(visitId);
      if (!v) return null;
      const c = store.company(v.company_id);
      if (!c) return null;
      const now = clock();
      const visitsWithin: Record<number, number> = {};
      for (const days of needs.visitDays) {
        visitsWithin[days] = q.since.get(v.company_id, now - days * DAY_MS)?.n ?? 0;
      }
      return {
        now,
        siteId: v.site_id,
        company: {
          id: c.id,
          name: c.name,
          domain: c.domain,
          country: c.country,
          city: c.city,
          industry: c.industry,
          employees: c.employees,
          class: c.class,
          status: c.status,
          tags: c.tags ? (JSON.parse(c.tags) as string[]) : [],
        },
        visit: {
          id: v.id,
          startedAt: v.started_at,
          pageviews: v.pageviews,
          engagedMs: v.engaged_ms,
          paths: q.paths.all(v.id, MAX_PATHS).map((r) => r.path),
        },
        visitsWithin,
        previousAt: needs.previous
          ? (q.previous.get(v.company_id, v.started_at)?.at ?? null)
          : null,
        score: needs.score ? (refresher.breakdown(v.company_id)?.total ?? 0) : null,
      };
    },
    /** Whose visit it is (one indexed read: the pre-check before loading everything). */
    companyOfVisit: (visitId: number): number | null => q.company.get(visitId)?.company_id ?? null,
    /** The company's newest visit id (a test run), or null. */
    latestVisit: (companyId: number): number | null => q.latest.get(companyId)?.id ?? null,
    /** Recently active companies, newest first (a test run looks for a match among them). */
    recentCompanies: (limit: number): number[] => q.recent.all(limit).map((r) => r.company_id),
  };
}

export type FactsLoader = ReturnType<typeof createFactsLoader>;
