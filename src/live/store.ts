import type { Driver } from '../db/index.ts';

/** What the live feed shows about a company. */
export interface LiveCompany {
  id: number;
  name: string;
  class: string;
  country: string | null;
}

type Row = { id: number; name: string; class: string | null; country: string | null };

// A company from the operator's own ranges has no network; the index classes those 'business'.
const SELECT = `SELECT c.id, c.name, coalesce(n.class, 'business') AS class, c.country
  FROM companies c LEFT JOIN networks n ON n.id = c.network_id`;

/**
 * Company facts for the live feed, cached (every pageview of a visit asks again). Entries expire
 * so a rename by a later import shows up; misses are not cached, because the company of a lead
 * network is created by the writer and may appear a moment later.
 */
export function createCompanyLookup(
  db: Driver,
  clock: () => number,
  ttlMs = 300_000,
  max = 10_000,
) {
  const byId = db.prepare<Row>(`${SELECT} WHERE c.id = ?`);
  const byNetwork = db.prepare<Row>(`${SELECT} WHERE c.network_id = ?`);
  const cache = new Map<string, { company: LiveCompany; until: number }>();
  return {
    /** The company of a stored pageview: by id, or (id 0) the one the writer made for the network. */
    get(companyId: number, networkId: number): LiveCompany | null {
      const key = companyId ? `c${companyId}` : `n${networkId}`;
      const now = clock();
      const hit = cache.get(key);
      if (hit && hit.until > now) return hit.company;
      const row = companyId
        ? byId.get(companyId)
        : networkId
          ? byNetwork.get(networkId)
          : undefined;
      if (!row) return null;
      const company = {
        id: row.id,
        name: row.name,
        class: row.class ?? 'business',
        country: row.country,
      };
      if (cache.size >= max) cache.delete(cache.keys().next().value as string);
      cache.set(key, { company, until: now + ttlMs });
      return company;
    },
    /** Forget everything (after an opt-out deleted a company, or an import renamed many). */
    clear(): void {
      cache.clear();
    },
  };
}
