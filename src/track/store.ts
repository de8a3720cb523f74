import type { Driver } from '../db/index.ts';

/** One write the ingest path asks for. Ids are allocated by the caller (one writer process). */
export type WriteOp =
  | {
      kind: 'visit';
      id: number;
      siteId: number;
      /** 0: a lead network without a company row yet; the store finds or creates it. */
      companyId: number;
      networkId: number;
      cls: string;
      at: number;
      referrer: string | null;
      utm: Utm;
      landingPath: string;
      country: string | null;
      device: string | null;
    }
  | {
      kind: 'pageview';
      id: number;
      visitId: number;
      at: number;
      path: string;
      title: string | null;
    }
  | { kind: 'engagement'; visitId: number; pageviewId: number; ms: number; at: number }
  | { kind: 'count'; siteId: number; day: string; cls: string; pageviews: number; visits: number }
  | { kind: 'seen'; siteId: number; at: number; path: string };

export interface Utm {
  source: string | null;
  medium: string | null;
  campaign: string | null;
  term: string | null;
  content: string | null;
}

/**
 * The ingest tables' SQL, prepared once. `apply` writes one batch inside one transaction; the
 * caller owns batching and acknowledgement. Kept in one place so another store (PostgreSQL,
 * ClickHouse) can implement the same operations later.
 */
export function createIngestStore(db: Driver, clock: () => number = Date.now) {
  const insVisit = db.prepare(
    `INSERT INTO visits (id, site_id, company_id, network_id, class, started_at, last_seen_at, referrer,
       utm_source, utm_medium, utm_campaign, utm_term, utm_content, landing_path, country, device)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insPageview = db.prepare(
    'INSERT INTO pageviews (id, visit_id, ts, path, title) VALUES (?, ?, ?, ?, ?)',
  );
  const bumpVisit = db.prepare(
    'UPDATE visits SET pageviews = pageviews + 1, last_seen_at = ? WHERE id = ?',
  );
  const engagePageview = db.prepare(
    'UPDATE pageviews SET engaged_ms = engaged_ms + ? WHERE id = ?',
  );
  const engageVisit = db.prepare(
    'UPDATE visits SET engaged_ms = engaged_ms + ?, last_seen_at = max(last_seen_at, ?) WHERE id = ?',
  );
  const count = db.prepare(
    `INSERT INTO daily_counts (site_id, day, class, pageviews, visits) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (site_id, day, class) DO UPDATE SET pageviews = pageviews + excluded.pageviews,
       visits = visits + excluded.visits`,
  );
  const seen = db.prepare('UPDATE sites SET last_beacon_at = ?, last_beacon_path = ? WHERE id = ?');
  const companyOfNetwork = db.prepare<{ id: number }>(
    'SELECT id FROM companies WHERE network_id = ?',
  );
  const companyFromNetwork = db.prepare<{ id: number }>(
    `INSERT INTO companies (name, country, network_id, created_at, updated_at)
     SELECT name, country, id, ?, ? FROM networks WHERE id = ? RETURNING id`,
  );
  const networkCompany = new Map<number, number>();
  const rollups = createRollupUpkeep(db);

  /** The company row standing for a lead network: found, or made from the network's name. */
  function companyFor(networkId: number): number {
    let id = networkCompany.get(networkId);
    if (id) return id;
    id = companyOfNetwork.get(networkId)?.id;
    if (!id) {
      const now = clock();
      id = companyFromNetwork.get(now, now, networkId)?.id;
      if (!id) throw new Error(`network ${networkId} is gone`);
    }
    networkCompany.set(networkId, id);
    return id;
  }

  const applyAll = db.transaction((ops: WriteOp[]) => {
    // Counters of one batch are summed first: one upsert per (site, day, class), not per beacon.
    const counts = new Map<
      string,
      { siteId: number; day: string; cls: string; pv: number; v: number }
    >();
    const seenAt = new Map<number, { at: number; path: string }>();
    for (const op of ops) {
      switch (op.kind) {
        case 'visit': {
          const companyId = op.companyId || companyFor(op.networkId);
          insVisit.run(
            op.id,
            op.siteId,
            companyId,
            op.networkId || null,
            op.cls,
            op.at,
            op.at,
            op.referrer,
            op.utm.source,
            op.utm.medium,
            op.utm.campaign,
            op.utm.term,
            op.utm.content,
            op.landingPath,
            op.country,
            op.device,
          );
          rollups.visit(op.id, companyId, op.siteId, op.at);
          break;
        }
        case 'pageview':
          insPageview.run(op.id, op.visitId, op.at, op.path, op.title);
          bumpVisit.run(op.at, op.visitId);
          rollups.pageview(op.visitId, op.at, op.path);
          break;
        case 'engagement':
          engagePageview.run(op.ms, op.pageviewId);
          engageVisit.run(op.ms, op.at, op.visitId);
          rollups.engagement(op.visitId, op.ms, op.at);
          break;
        case 'count': {
          const k = `${op.siteId}|${op.day}|${op.cls}`;
          const c = counts.get(k);
          if (c) {
            c.pv += op.pageviews;
            c.v += op.visits;
          } else {
            counts.set(k, {
              siteId: op.siteId,
              day: op.day,
              cls: op.cls,
              pv: op.pageviews,
              v: op.visits,
            });
          }
          break;
        }
        case 'seen':
          seenAt.set(op.siteId, { at: op.at, path: op.path });
          break;
      }
    }
    for (const c of counts.values()) count.run(c.siteId, c.day, c.cls, c.pv, c.v);
    for (const [siteId, s] of seenAt) seen.run(s.at, s.path, siteId);
    rollups.flush();
  });

  return {
    apply(ops: WriteOp[]): void {
      try {
        applyAll(ops);
      } catch (e) {
        // The batch rolled back: ids cached while it ran (a new company, an interned path) may
        // name rows that no longer exist.
        networkCompany.clear();
        rollups.reset();
        throw e;
      }
    },
    /** Next free ids, read once at start: this process is the only writer of visits/pageviews. */
    nextIds(): { visit: number; pageview: number } {
      const v = db.prepare<{ m: number | null }>('SELECT max(id) AS m FROM visits').get()?.m ?? 0;
      const p =
        db.prepare<{ m: number | null }>('SELECT max(id) AS m FROM pageviews').get()?.m ?? 0;
      return { visit: v + 1, pageview: p + 1 };
    },
    /** Forget cached network → company ids (after companies were merged or deleted). */
    clearCache(): void {
      networkCompany.clear();
      rollups.reset();
    },
  };
}

export type IngestStore = ReturnType<typeof createIngestStore>;

/** Where a visit's writes count in the rollups: its company, site, and the UTC day it started. */
interface VisitKey {
  companyId: number;
  siteId: number;
  day: number;
  startedAt: number;
}

interface Delta {
  visits: number;
  pageviews: number;
  engagedMs: number;
  key: VisitKey;
  lastAt: number;
}

const DAY_MS = 86_400_000;

/**
 * Upkeep of the inbox rollups (migration 0004: company_days, company_totals, company_site_totals,
 * site_paths, company_paths) inside the writer's batch transaction, so they never disagree with
 * the visits and pageviews. A visit and all its pageviews and engagement count on the UTC day the
 * visit started. Deltas are summed per batch: one upsert per (company, day, site), not per beacon.
 */
function createRollupUpkeep(db: Driver) {
  const visitKeyOf = db.prepare<{ company_id: number; site_id: number; started_at: number }>(
    'SELECT company_id, site_id, started_at FROM visits WHERE id = ?',
  );
  const upDay = db.prepare(
    `INSERT INTO company_days (company_id, day, site_id, visits, pageviews, engaged_ms, first_at, last_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (company_id, day, site_id) DO UPDATE SET visits = visits + excluded.visits,
       pageviews = pageviews + excluded.pageviews, engaged_ms = engaged_ms + excluded.engaged_ms,
       first_at = min(first_at, excluded.first_at), last_at = max(last_at, excluded.last_at)`,
  );
  // New data is always inside the 30-day window; the daily pass (src/leads) slides the window.
  const totalsSet = `visits = visits + excluded.visits, pageviews = pageviews + excluded.pageviews,
       engaged_ms = engaged_ms + excluded.engaged_ms, first_at = min(first_at, excluded.first_at),
       last_at = max(last_at, excluded.last_at), last_day = max(last_day, excluded.last_day),
       visits_30d = visits_30d + excluded.visits, pageviews_30d = pageviews_30d + excluded.pageviews`;
  const upTotal = db.prepare(
    `INSERT INTO company_totals (company_id, visits, pageviews, engaged_ms, first_at, last_at, last_day,
       visits_30d, pageviews_30d, score_dirty) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1)
     ON CONFLICT (company_id) DO UPDATE SET ${totalsSet}, score_dirty = 1`,
  );
  const upSite = db.prepare(
    `INSERT INTO company_site_totals (site_id, company_id, visits, pageviews, engaged_ms, first_at,
       last_at, last_day, visits_30d, pageviews_30d) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (site_id, company_id) DO UPDATE SET ${totalsSet}`,
  );
  const internPath = db.prepare<{ id: number }>(
    `INSERT INTO site_paths (site_id, path) VALUES (?, ?)
     ON CONFLICT (site_id, path) DO UPDATE SET path = excluded.path RETURNING id`,
  );
  const upPath = db.prepare(
    'INSERT OR IGNORE INTO company_paths (company_id, day, path_id) VALUES (?, ?, ?)',
  );
  // Bounded caches: sessions last 30 minutes, so recent visits are the ones asked for again.
  const visits = new Map<number, VisitKey>();
  const paths = new Map<string, number>();
  let deltas = new Map<string, Delta>();
  let pathRows = new Set<string>();

  const keyOf = (visitId: number): VisitKey | undefined => {
    let k = visits.get(visitId);
    if (!k) {
      const r = visitKeyOf.get(visitId);
      if (!r) return undefined;
      k = {
        companyId: r.company_id,
        siteId: r.site_id,
        day: Math.floor(r.started_at / DAY_MS),
        startedAt: r.started_at,
      };
      remember(visitId, k);
    }
    return k;
  };
  const remember = (visitId: number, k: VisitKey) => {
    if (visits.size >= 100_000) visits.clear();
    visits.set(visitId, k);
  };
  const add = (k: VisitKey, v: number, pv: number, ms: number, at: number) => {
    const id = `${k.companyId}|${k.day}|${k.siteId}`;
    const d = deltas.get(id);
    if (d) {
      d.visits += v;
      d.pageviews += pv;
      d.engagedMs += ms;
      d.lastAt = Math.max(d.lastAt, at);
    } else deltas.set(id, { visits: v, pageviews: pv, engagedMs: ms, key: k, lastAt: at });
  };
  const pathId = (siteId: number, path: string): number => {
    const id = `${siteId}\n${path}`;
    let p = paths.get(id);
    if (p === undefined) {
      p = internPath.get(siteId, path)!.id;
      if (paths.size >= 50_000) paths.clear();
      paths.set(id, p);
    }
    return p;
  };

  return {
    visit(visitId: number, companyId: number, siteId: number, at: number): void {
      const k = { companyId, siteId, day: Math.floor(at / DAY_MS), startedAt: at };
      remember(visitId, k);
      add(k, 1, 0, 0, at);
    },
    pageview(visitId: number, at: number, path: string): void {
      const k = keyOf(visitId);
      if (!k) return;
      add(k, 0, 1, 0, at);
      pathRows.add(`${k.companyId}|${k.day}|${pathId(k.siteId, path)}`);
    },
    engagement(visitId: number, ms: number, at: number): void {
      const k = keyOf(visitId);
      if (k) add(k, 0, 0, ms, at);
    },
    /** Writes the batch's summed deltas; call last, inside the batch transaction. */
    flush(): void {
      const totals = new Map<string, Delta>();
      for (const d of deltas.values()) {
        const k = d.key;
        upDay.run(
          k.companyId,
          k.day,
          k.siteId,
          d.visits,
          d.pageviews,
          d.engagedMs,
          k.startedAt,
          d.lastAt,
        );
        for (const id of [`${k.companyId}`, `${k.companyId}|${k.siteId}`]) {
          const t = totals.get(id);
          if (!t) totals.set(id, { ...d, key: { ...k } });
          else {
            t.visits += d.visits;
            t.pageviews += d.pageviews;
            t.engagedMs += d.engagedMs;
            t.lastAt = Math.max(t.lastAt, d.lastAt);
            t.key.startedAt = Math.min(t.key.startedAt, k.startedAt);
            t.key.day = Math.max(t.key.day, k.day);
          }
        }
      }
      for (const [id, t] of totals) {
        const k = t.key;
        const v = [
          t.visits,
          t.pageviews,
          t.engagedMs,
          k.startedAt,
          t.lastAt,
          k.day,
          t.visits,
          t.pageviews,
        ];
        if (id.includes('|')) upSite.run(k.siteId, k.companyId, ...v);
        else upTotal.run(k.companyId, ...v);
      }
      for (const r of pathRows) {
        const [c, day, p] = r.split('|');
        upPath.run(Number(c), Number(day), Number(p));
      }
      deltas = new Map();
      pathRows = new Set();
    },
    /** Forgets cached ids and pending deltas (after a rollback, or companies merged/deleted). */
    reset(): void {
      visits.clear();
      paths.clear();
      deltas = new Map();
      pathRows = new Set();
    },
  };
}
