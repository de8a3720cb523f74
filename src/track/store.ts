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
        case 'visit':
          insVisit.run(
            op.id,
            op.siteId,
            op.companyId || companyFor(op.networkId),
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
          break;
        case 'pageview':
          insPageview.run(op.id, op.visitId, op.at, op.path, op.title);
          bumpVisit.run(op.at, op.visitId);
          break;
        case 'engagement':
          engagePageview.run(op.ms, op.pageviewId);
          engageVisit.run(op.ms, op.at, op.visitId);
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
  });

  return {
    apply(ops: WriteOp[]): void {
      applyAll(ops);
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
    },
  };
}

export type IngestStore = ReturnType<typeof createIngestStore>;
