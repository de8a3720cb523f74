import type { Driver } from '../db/index.ts';
// Direct, as retention.ts does: the deletion itself is shared with the leads' "delete company".
import { checkpointQuietly, createHistoryPurge, withSecureDelete } from '../leads/erase.ts';

/** What to opt out: a company, a network, or both (a network-derived company brings its network). */
export interface OptoutTarget {
  companyId?: number;
  networkId?: number;
}

/** One recorded opt-out, with the name it is shown under. */
export interface Optout {
  id: number;
  companyId: number | null;
  networkId: number | null;
  name: string;
  domain: string | null;
  createdAt: number;
}

/** What changed, for the caches outside the DB (tracking filter, writer, sessions, live feed). */
export interface OptoutChange {
  companyIds: number[];
  networkIds: number[];
  /** Visits just deleted: open sessions pointing at them must be forgotten. */
  visitIds: ReadonlySet<number>;
}

export interface OptoutServiceDeps {
  db: Driver;
  clock?: () => number;
  /** Called after every committed change: reload the filter, clear caches, forget live entries. */
  onChanged?: (change: OptoutChange) => void;
  /** Zero deleted bytes in the file (default true; false only for the test's control run). */
  secureDelete?: boolean;
}

/**
 * Company opt-out (DESIGN invariant 4): records the opt-out and deletes the organisation's past
 * visits, pageviews, rollups, tags, notes and status on every site in one transaction, with
 * `secure_delete` on so the deleted bytes are zeroed in the file. The companies row stays: the
 * optouts row references it and the list shows its name; `company_totals` is gone, so the inbox
 * cannot list it, and the 0004 triggers keep it hidden should the writer ever add a row.
 * @example
 * const optouts = createOptoutService({ db, onChanged: (c) => tracking.optouts.reload() });
 * optouts.optOut({ companyId: 42 }); // → { optout, created: true }
 */
export function createOptoutService(d: OptoutServiceDeps) {
  const { db } = d;
  const clock = d.clock ?? Date.now;
  const companyRow = db.prepare<{ id: number; network_id: number | null }>(
    'SELECT id, network_id FROM companies WHERE id = ?',
  );
  const companyOfNetwork = db.prepare<{ id: number }>(
    'SELECT id FROM companies WHERE network_id = ?',
  );
  const networkExists = db.prepare<{ id: number }>('SELECT id FROM networks WHERE id = ?');
  const existing = db.prepare<{ id: number }>(
    'SELECT id FROM optouts WHERE company_id = ? OR network_id = ? ORDER BY id LIMIT 1',
  );
  const fill = db.prepare(
    `UPDATE optouts SET company_id = coalesce(company_id, ?), network_id = coalesce(network_id, ?)
      WHERE id = ?`,
  );
  const insert = db.prepare<{ id: number }>(
    'INSERT INTO optouts (company_id, network_id, created_at) VALUES (?, ?, ?) RETURNING id',
  );
  const purgeHistory = createHistoryPurge(db);
  const removeRow = db.prepare('DELETE FROM optouts WHERE id = ?');
  const byId = db.prepare<{ company_id: number | null; network_id: number | null }>(
    'SELECT company_id, network_id FROM optouts WHERE id = ?',
  );
  const listRows = db.prepare<{
    id: number;
    company_id: number | null;
    network_id: number | null;
    name: string | null;
    domain: string | null;
    created_at: number;
  }>(
    `SELECT o.id, o.company_id, o.network_id, coalesce(c.name, n.name) AS name, c.domain, o.created_at
       FROM optouts o LEFT JOIN companies c ON c.id = o.company_id
       LEFT JOIN networks n ON n.id = o.network_id
      ORDER BY o.created_at DESC, o.id DESC`,
  );

  /** The company and network a target stands for, or null when neither exists. */
  function resolve(t: OptoutTarget): { companyId: number | null; networkId: number | null } | null {
    let companyId: number | null = null;
    let networkId: number | null = null;
    if (t.companyId) {
      const c = companyRow.get(t.companyId);
      if (!c) return null;
      companyId = c.id;
      networkId = c.network_id;
    }
    if (t.networkId) {
      if (!networkExists.get(t.networkId)) return null;
      networkId = t.networkId;
      companyId ??= companyOfNetwork.get(t.networkId)?.id ?? null;
    }
    return companyId === null && networkId === null ? null : { companyId, networkId };
  }

  const purge = db.transaction(
    (companyId: number | null, networkId: number | null): { id: number; visits: Set<number> } => {
      const hit = existing.get(companyId ?? -1, networkId ?? -1);
      let id: number;
      if (hit) {
        id = hit.id;
        // Another row may hold the other half already (two older opt-outs): then leave it be.
        try {
          fill.run(companyId, networkId, id);
        } catch {}
      } else {
        id = insert.get(companyId, networkId, clock())!.id;
      }
      return { id, visits: purgeHistory(companyId, networkId) };
    },
  );

  const service = {
    /**
     * Opts out a company or network (idempotent) and deletes its history. Returns null when the
     * target names nothing that exists.
     */
    optOut(target: OptoutTarget): { optout: Optout; created: boolean } | null {
      const r = resolve(target);
      if (!r) return null;
      const had = existing.get(r.companyId ?? -1, r.networkId ?? -1) !== undefined;
      const { id, visits } = withSecureDelete(
        db,
        () => purge(r.companyId, r.networkId),
        d.secureDelete !== false,
      );
      checkpointQuietly(db);
      d.onChanged?.({
        companyIds: r.companyId ? [r.companyId] : [],
        networkIds: r.networkId ? [r.networkId] : [],
        visitIds: visits,
      });
      return { optout: service.get(id)!, created: !had };
    },

    /** Undoes an opt-out: new visits are recorded again; the deleted history stays deleted. */
    remove(id: number): boolean {
      const row = byId.get(id);
      if (!row || removeRow.run(id).changes === 0) return false;
      d.onChanged?.({
        companyIds: row.company_id ? [row.company_id] : [],
        networkIds: row.network_id ? [row.network_id] : [],
        visitIds: new Set(),
      });
      return true;
    },

    /** Every opt-out, newest first. */
    list(): Optout[] {
      return listRows.all().map((r) => ({
        id: r.id,
        companyId: r.company_id,
        networkId: r.network_id,
        name: r.name ?? '',
        domain: r.domain,
        createdAt: r.created_at,
      }));
    },

    /** One opt-out by id. */
    get(id: number): Optout | undefined {
      return service.list().find((o) => o.id === id);
    },
  };
  return service;
}

export type OptoutService = ReturnType<typeof createOptoutService>;
