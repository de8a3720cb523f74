import { randomBytes } from 'node:crypto';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import type { Driver } from '../db/index.ts';
import { type Site, SiteInput, SitePatch } from './model.ts';

interface SiteRow {
  id: number;
  key: string;
  name: string;
  domains: string;
  honor_gpc: number;
  honor_dnt: number;
  retention_days: number;
  enabled: number;
  created_at: number;
  last_beacon_at: number | null;
  last_beacon_path: string | null;
}

const COLUMNS =
  'id, key, name, domains, honor_gpc, honor_dnt, retention_days, enabled, created_at, last_beacon_at, last_beacon_path';

function toSite(r: SiteRow): Site {
  return {
    id: r.id,
    key: r.key,
    name: r.name,
    domains: JSON.parse(r.domains),
    honorGpc: r.honor_gpc === 1,
    honorDnt: r.honor_dnt === 1,
    retentionDays: r.retention_days,
    enabled: r.enabled === 1,
    createdAt: r.created_at,
    lastBeaconAt: r.last_beacon_at,
    lastBeaconPath: r.last_beacon_path,
  };
}

/** A site payload failed validation; the message names the field (it never echoes input). */
export class SiteInputError extends Error {
  readonly code = 'invalid_site';

  /**
   * The 400 envelope wherever it is thrown: the app's onError runs before this module's own and
   * answers a plain Error with a 500, so the error must say how it is answered (as AuthError does).
   */
  toResponse(): Response {
    return Response.json(
      { error: { code: 'invalid', message: this.message } },
      { status: 400, headers: { 'cache-control': 'no-store' } },
    );
  }
}

const checkInput = TypeCompiler.Compile(SiteInput);
const checkPatch = TypeCompiler.Compile(SitePatch);

/**
 * Normalises what a person typed (domains pasted as URLs, a name with spaces around it) on a
 * copy, then validates it against the schema; throws SiteInputError with the first problem.
 */
function validate<T>(check: typeof checkInput | typeof checkPatch, raw: unknown): T {
  const input =
    raw && typeof raw === 'object' && !Array.isArray(raw)
      ? { ...(raw as Record<string, unknown>) }
      : raw;
  if (input && typeof input === 'object') {
    const o = input as Record<string, unknown>;
    if (typeof o.name === 'string') o.name = o.name.trim();
    if (Array.isArray(o.domains) && o.domains.every((d) => typeof d === 'string')) {
      o.domains = normalizeDomains(o.domains);
    }
  }
  if (!check.Check(input)) {
    const e = check.Errors(input).First();
    throw new SiteInputError(`${e?.path || 'site'}: ${e?.message ?? 'invalid'}`);
  }
  return input as T;
}

const flag = (b: boolean | undefined) => (b === undefined ? null : b ? 1 : 0);

/** Lower-cases and de-duplicates domains; strips a scheme, a path and a leading "www.". */
export function normalizeDomains(domains: string[]): string[] {
  const out = new Set<string>();
  for (const d of domains) {
    const host = d
      .trim()
      .toLowerCase()
      .replace(/^https?:\/\//, '')
      .replace(/[/:].*$/, '')
      .replace(/^www\./, '');
    if (host) out.add(host);
  }
  return [...out];
}

// 20 characters of [a-z2-7]: 100 bits, not guessable, safe in HTML attributes and URLs.
function newKey(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
  return Array.from(randomBytes(20), (b) => alphabet[b & 31]).join('');
}

/**
 * Site storage. Keys are public (they sit in every page's snippet) but random, so nobody can
 * enumerate sites; the domains list decides which pages may report to a site.
 */
export function createSiteService(db: Driver, clock: () => number = Date.now) {
  const byKey = db.prepare<SiteRow>(`SELECT ${COLUMNS} FROM sites WHERE key = ?`);
  const byId = db.prepare<SiteRow>(`SELECT ${COLUMNS} FROM sites WHERE id = ?`);
  const all = db.prepare<SiteRow>(`SELECT ${COLUMNS} FROM sites ORDER BY name, id`);
  const insert = db.prepare<{ id: number }>(
    `INSERT INTO sites (key, name, domains, honor_gpc, honor_dnt, retention_days, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
  );
  // One statement for any subset of fields: NULL keeps the stored value.
  const patch = db.prepare(
    `UPDATE sites SET name = coalesce(?, name), domains = coalesce(?, domains),
       honor_gpc = coalesce(?, honor_gpc), honor_dnt = coalesce(?, honor_dnt),
       retention_days = coalesce(?, retention_days), enabled = coalesce(?, enabled)
     WHERE id = ?`,
  );
  // visits (and through them pageviews) and daily_counts go with the site: ON DELETE CASCADE.
  const remove = db.prepare('DELETE FROM sites WHERE id = ?');
  const getById = (id: number): Site | undefined => {
    const r = byId.get(id);
    return r ? toSite(r) : undefined;
  };
  return {
    /** Validates and creates a site; throws SiteInputError with the first problem. */
    create(raw: unknown): Site {
      const input = validate<SiteInput>(checkInput, raw);
      const id = insert.get(
        newKey(),
        input.name,
        JSON.stringify(input.domains),
        input.honorGpc === false ? 0 : 1,
        input.honorDnt ? 1 : 0,
        input.retentionDays ?? 395,
        clock(),
      )!.id;
      return getById(id)!;
    },
    byKey(key: string): Site | undefined {
      const r = byKey.get(key);
      return r ? toSite(r) : undefined;
    },
    byId: getById,
    list(): Site[] {
      return all.all().map(toSite);
    },
    /**
     * Validates and applies a partial change; undefined when no such site. Throws SiteInputError.
     * The tracking path caches sites for 10 s, so beacons see the change within 10 s.
     */
    update(id: number, raw: unknown): Site | undefined {
      const p = validate<SitePatch>(checkPatch, raw);
      const changed = patch.run(
        p.name ?? null,
        p.domains ? JSON.stringify(p.domains) : null,
        flag(p.honorGpc),
        flag(p.honorDnt),
        p.retentionDays ?? null,
        flag(p.enabled),
        id,
      ).changes;
      return changed ? getById(id) : undefined;
    },
    /** Deletes a site with its visits, pageviews and counters; false when no such site. */
    remove(id: number): boolean {
      // One statement, so the cascade is atomic without an explicit transaction.
      return remove.run(id).changes > 0;
    },
  };
}

export type SiteService = ReturnType<typeof createSiteService>;

/**
 * True when a page host belongs to the site: equal to a domain or a sub-domain of it.
 * @example hostMatches('www.example.com', ['example.com']) // true
 */
export function hostMatches(host: string, domains: readonly string[]): boolean {
  for (const d of domains) {
    if (host === d) return true;
    if (
      host.length > d.length &&
      host.endsWith(d) &&
      host.charCodeAt(host.length - d.length - 1) === 46
    ) {
      return true;
    }
  }
  return false;
}
