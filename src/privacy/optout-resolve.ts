import { isLead } from '../classify/index.ts';
import type { Driver } from '../db/index.ts';
import { type IndexHolder, parseAddress } from '../ipindex/index.ts';
import type { OptoutTarget } from './optout.ts';

/** An organisation a lookup found: what to opt out and the name to show (never an address). */
export interface ResolvedOrg {
  target: OptoutTarget;
  name: string;
}

/**
 * Turns addresses, CIDR ranges, domains and names into opt-out targets. Addresses are looked up
 * in the live index and dropped right after; only ids and a name come out.
 * @example createOrgResolver(db, index).byAddress('198.51.100.200') // { target: { companyId: 1 }, name: 'CanaryCo AG' }
 */
export function createOrgResolver(db: Driver, index: IndexHolder) {
  const companyName = db.prepare<{ name: string }>('SELECT name FROM companies WHERE id = ?');
  const networkName = db.prepare<{ name: string }>('SELECT name FROM networks WHERE id = ?');
  const byDomain = db.prepare<{ id: number; name: string }>(
    'SELECT id, name FROM companies WHERE domain = ?',
  );
  const byName = db.prepare<{ id: number; name: string }>(
    'SELECT id, name FROM companies WHERE name = ? COLLATE NOCASE LIMIT 2',
  );
  const search = db.prepare<{ id: number; name: string; domain: string | null }>(
    `SELECT id, name, domain FROM companies
      WHERE name LIKE ? ESCAPE '\\' OR domain LIKE ? ESCAPE '\\' ORDER BY name LIMIT 20`,
  );

  const resolver = {
    /** The organisation an address belongs to, if it is one Leadlens would show as a lead. */
    byAddress(ip: string | null): ResolvedOrg | null {
      if (!ip) return null;
      const idx = index.current;
      const h = idx.lookup(ip);
      if (h < 0) return null;
      const companyId = idx.companyIdOf(h);
      // Same rule as the pipeline: access providers and hosting are never shown, so there is
      // nothing to opt out of.
      if (companyId !== 0) {
        const c = companyName.get(companyId);
        return c ? { target: { companyId }, name: c.name } : null;
      }
      const networkId = idx.networkIdOf(h);
      if (!isLead(idx.classOf(h)) || networkId === 0) return null;
      const n = networkName.get(networkId);
      return n ? { target: { networkId }, name: n.name } : null;
    },

    /** A CIDR (`198.51.100.128/25`) or one address: the organisation its first address is in. */
    byRange(range: string): ResolvedOrg | null {
      const [addr, len, extra] = range.trim().split('/');
      const family = parseAddress(addr ?? '', new Uint32Array(4));
      if (family === 0 || extra !== undefined) return null;
      if (len !== undefined) {
        const bits = Number(len);
        if (!/^\d{1,3}$/.test(len) || bits > (family === 4 ? 32 : 128)) return null;
      }
      const idx = index.current;
      const h = idx.lookup(addr);
      if (h < 0) return null;
      const companyId = idx.companyIdOf(h);
      if (companyId !== 0) {
        const c = companyName.get(companyId);
        return c ? { target: { companyId }, name: c.name } : null;
      }
      // An admin may opt out any network, lead or not: it is their decision, not a visitor's.
      const networkId = idx.networkIdOf(h);
      const n = networkId ? networkName.get(networkId) : undefined;
      return n ? { target: { networkId }, name: n.name } : null;
    },

    /** The company with this domain (lower-cased, without a leading `www.`). */
    byDomain(domain: string): ResolvedOrg | null {
      const c = byDomain.get(normalizeDomain(domain));
      return c ? { target: { companyId: c.id }, name: c.name } : null;
    },

    /** The one company with exactly this name (any case); null when none or several match. */
    byName(name: string): ResolvedOrg | null {
      const rows = byName.all(name.trim());
      return rows.length === 1 ? { target: { companyId: rows[0].id }, name: rows[0].name } : null;
    },

    /** Up to 20 companies whose name or domain contains `q`, for the admin's picker. */
    search(q: string): { id: number; name: string; domain: string | null }[] {
      const like = `%${q.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      return search.all(like, like);
    },
  };
  return resolver;
}

/** A domain as the companies table stores it. @example normalizeDomain('WWW.Acme.example.') // 'acme.example' */
export function normalizeDomain(domain: string): string {
  return domain
    .trim()
    .toLowerCase()
    .replace(/^https?:\/\//, '')
    .replace(/[/?#].*$/, '')
    .replace(/^www\./, '')
    .replace(/\.$/, '');
}

export type OrgResolver = ReturnType<typeof createOrgResolver>;
