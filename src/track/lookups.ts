import type { Driver } from '../db/index.ts';
import type { Site, SiteService } from '../sites/index.ts';

/**
 * Site lookups for the hot path, cached for `ttlMs` (edits from the UI show up within it).
 * Unknown keys are cached too, so random keys cost one query each per ttl, bounded by `max`.
 */
export function createSiteCache(
  sites: SiteService,
  clock: () => number,
  ttlMs = 10_000,
  max = 10_000,
) {
  const cache = new Map<string, { site: Site | undefined; until: number }>();
  return {
    get(key: string): Site | undefined {
      const now = clock();
      const hit = cache.get(key);
      if (hit && hit.until > now) return hit.site;
      const site = sites.byKey(key);
      if (cache.size >= max) cache.delete(cache.keys().next().value as string);
      cache.set(key, { site, until: now + ttlMs });
      return site;
    },
    clear(): void {
      cache.clear();
    },
  };
}

/** Opted-out companies and networks, held as sets; reload() after the opt-out list changes. */
export function createOptoutFilter(db: Driver) {
  let companies = new Set<number>();
  let networks = new Set<number>();
  const rows = db.prepare<{ company_id: number | null; network_id: number | null }>(
    `SELECT o.company_id, coalesce(o.network_id, c.network_id) AS network_id
       FROM optouts o LEFT JOIN companies c ON c.id = o.company_id`,
  );
  const reload = () => {
    const c = new Set<number>();
    const n = new Set<number>();
    for (const r of rows.all()) {
      if (r.company_id) c.add(r.company_id);
      if (r.network_id) n.add(r.network_id);
    }
    companies = c;
    networks = n;
  };
  reload();
  return {
    has(companyId: number, networkId: number): boolean {
      return (
        (companyId !== 0 && companies.has(companyId)) ||
        (networkId !== 0 && networks.has(networkId))
      );
    },
    reload,
  };
}

/** Country of a network or company, cached (it changes only with an import). */
export function createCountryLookup(db: Driver, max = 50_000) {
  const net = db.prepare<{ country: string | null }>('SELECT country FROM networks WHERE id = ?');
  const com = db.prepare<{ country: string | null }>('SELECT country FROM companies WHERE id = ?');
  const cache = new Map<string, string | null>();
  return (companyId: number, networkId: number): string | null => {
    const k = companyId ? `c${companyId}` : `n${networkId}`;
    if (cache.has(k)) return cache.get(k) ?? null;
    const country = (companyId ? com.get(companyId) : net.get(networkId))?.country ?? null;
    if (cache.size >= max) cache.clear();
    cache.set(k, country);
    return country;
  };
}
