import { type Driver, openDatabase } from '../db/index.ts';
import { createSiteService, type Site, SiteInputError } from '../sites/index.ts';
import type { CommandArgs } from './commands.ts';
import { type ExitCode, UsageError } from './io.ts';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

// Page titles, paths and referrers come from visitors and company names from imported files:
// control characters (C0, DEL and the C1 set, which holds the 8-bit CSI) must not reach a terminal.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;
const text = (s: string | null | undefined) => (s ? s.replace(CONTROL, ' ') : '-');

/** parseArgs gives a string, or a string array for `multiple` options; both become an array. */
function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.map(String) : typeof v === 'string' ? [v] : [];
}

/** A whole number within bounds, or a UsageError naming the flag. */
function intFlag(v: unknown, flag: string, min: number, max: number): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (typeof v !== 'string' || !/^\d+$/.test(v) || n < min || n > max)
    throw new UsageError(`${flag} must be an integer from ${min} to ${max}, got "${String(v)}"`);
  return n;
}

/**
 * `--since`: an ISO 8601 date or date-time; without an offset it is UTC (not the local zone,
 * so the same command gives the same rows on any machine).
 * @example parseSince('2026-11-29') // Date.UTC(2026, 10, 29)
 */
export function parseSince(s: string): number {
  const m = /^(\d{4})-(\d\d)-(\d\d)(T\d\d:\d\d(:\d\d(\.\d{1,3})?)?(Z|[+-]\d\d:\d\d)?)?$/.exec(s);
  if (m) {
    const ms = Date.parse(m[4] && !m[7] ? `${s}Z` : s);
    // Date.parse rolls 2026-02-31 over into March instead of refusing it.
    const day = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3])).getUTCDate();
    if (!Number.isNaN(ms) && day === +m[3]) return ms;
  }
  throw new UsageError(
    `--since must be an ISO 8601 date or time (2026-11-29, 2026-11-29T08:00Z), got "${s}"`,
  );
}

function siteJson(s: Site) {
  return {
    id: s.id,
    key: s.key,
    name: s.name,
    domains: s.domains,
    enabled: s.enabled,
    honor_gpc: s.honorGpc,
    honor_dnt: s.honorDnt,
    retention_days: s.retentionDays,
    created_at: iso(s.createdAt),
    last_beacon_at: iso(s.lastBeaconAt),
    last_beacon_path: s.lastBeaconPath,
  };
}

/** `sites add …` / `sites list [--json]`. */
export function sitesCommand({ config, positionals, flags, io }: CommandArgs): ExitCode {
  const [sub, ...extra] = positionals;
  if (sub !== 'add' && sub !== 'list')
    throw new UsageError(
      sub ? `unknown sites command "${sub}"; use add or list` : 'sites needs add or list',
    );
  if (extra.length) throw new UsageError(`unexpected argument "${extra[0]}"`);
  const domains = strings(flags.domain);
  const addFlags = ['name', 'domain', 'no-gpc', 'dnt', 'retention'].filter((f) => f in flags);
  if (sub === 'list' && addFlags.length)
    throw new UsageError(`--${addFlags[0]} is for sites add; sites list takes --json`);
  if (sub === 'add' && (typeof flags.name !== 'string' || !domains.length))
    throw new UsageError('sites add needs --name and at least one --domain');
  const retentionDays = intFlag(flags.retention, '--retention', 1, 3650);
  const db = openDatabase(config.dbPath);
  try {
    const sites = createSiteService(db);
    if (sub === 'add') {
      try {
        const s = sites.create({
          name: flags.name,
          domains,
          honorGpc: !flags['no-gpc'],
          honorDnt: !!flags.dnt,
          retentionDays,
        });
        io.stdout.write(`${JSON.stringify({ id: s.id, key: s.key })}\n`);
        return 0;
      } catch (e) {
        if (!(e instanceof SiteInputError)) throw e;
        io.stderr.write(`leadlens sites add: ${e.message}\n`);
        return 2;
      }
    }
    const list = sites.list();
    if (flags.json) {
      for (const s of list) io.stdout.write(`${JSON.stringify(siteJson(s))}\n`);
      return 0;
    }
    if (!list.length) io.stdout.write('no sites; add one with `leadlens sites add`\n');
    for (const s of list) {
      // The last beacon answers "is the snippet installed?" at a glance.
      const seen = s.lastBeaconAt
        ? `last beacon ${iso(s.lastBeaconAt)} ${text(s.lastBeaconPath)}`
        : 'no beacon yet (snippet not installed?)';
      io.stdout.write(
        `${s.key}\t${text(s.name)}\t${s.domains.join(',')}\t${s.enabled ? 'enabled' : 'disabled'}\t${seen}\n`,
      );
    }
    return 0;
  } finally {
    db.close();
  }
}

interface VisitRow {
  id: number;
  started_at: number;
  last_seen_at: number;
  site: string;
  company: string;
  domain: string | null;
  class: string;
  country: string | null;
  device: string | null;
  pageviews: number;
  engaged_ms: number;
  referrer: string | null;
  utm_source: string | null;
  utm_medium: string | null;
  utm_campaign: string | null;
  landing_path: string | null;
}

interface PageRow {
  ts: number;
  path: string;
  title: string | null;
  engaged_ms: number;
}

const VISIT_COLUMNS = `v.id, v.started_at, v.last_seen_at, s.key AS site, c.name AS company, c.domain,
  v.class, v.country, v.device, v.pageviews, v.engaged_ms, v.referrer, v.utm_source, v.utm_medium,
  v.utm_campaign, v.landing_path
  FROM visits v JOIN sites s ON s.id = v.site_id JOIN companies c ON c.id = v.company_id`;

/**
 * The read side of visits for the CLI, prepared once. Two fixed statements rather than one with
 * optional filters, so each uses its index (visits_site_started, visits_started).
 */
function visitQueries(db: Driver) {
  const all = db.prepare<VisitRow>(
    `SELECT ${VISIT_COLUMNS} WHERE v.started_at >= ? ORDER BY v.started_at DESC, v.id DESC LIMIT ?`,
  );
  const ofSite = db.prepare<VisitRow>(
    `SELECT ${VISIT_COLUMNS} WHERE v.site_id = ? AND v.started_at >= ?
     ORDER BY v.started_at DESC, v.id DESC LIMIT ?`,
  );
  const pages = db.prepare<PageRow>(
    'SELECT ts, path, title, engaged_ms FROM pageviews WHERE visit_id = ? ORDER BY ts, id',
  );
  return {
    recent: (siteId: number | null, since: number, limit: number) =>
      siteId === null ? all.all(since, limit) : ofSite.all(siteId, since, limit),
    pages: (visitId: number) => pages.all(visitId),
  };
}

/** `visits [--json] [--site KEY] [--since ISO] [--limit N]`: recent visits, newest first. */
export function visitsCommand({ config, positionals, flags, io }: CommandArgs): ExitCode {
  if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  const limit = intFlag(flags.limit, '--limit', 1, 10_000) ?? 50;
  const since = typeof flags.since === 'string' ? parseSince(flags.since) : 0;
  const db = openDatabase(config.dbPath);
  try {
    let siteId: number | null = null;
    if (typeof flags.site === 'string') {
      const site = createSiteService(db).byKey(flags.site);
      if (!site) throw new UsageError(`unknown site key "${text(flags.site).slice(0, 64)}"`);
      siteId = site.id;
    }
    const q = visitQueries(db);
    const rows = q.recent(siteId, since, limit);
    if (!flags.json && !rows.length) io.stdout.write('no visits\n');
    for (const v of rows) {
      const pages = q.pages(v.id);
      if (flags.json) {
        const { id, started_at, last_seen_at, engaged_ms, ...rest } = v;
        io.stdout.write(
          `${JSON.stringify({
            id,
            started_at: iso(started_at),
            last_seen_at: iso(last_seen_at),
            ...rest,
            engaged_seconds: engaged_ms / 1000,
            pages: pages.map((p) => ({ ...p, ts: iso(p.ts) })),
          })}\n`,
        );
        continue;
      }
      const company = v.domain ? `${text(v.company)} (${text(v.domain)})` : text(v.company);
      const utm = [v.utm_source, v.utm_medium, v.utm_campaign].map(text).join('/');
      io.stdout.write(
        `${iso(v.started_at)}\t${v.site}\t${company}\t${v.class}\t${text(v.country)}\t` +
          `${v.pageviews} pv\t${Math.round(v.engaged_ms / 1000)}s\tref ${text(v.referrer)}\t` +
          `utm ${utm}\tlanding ${text(v.landing_path)}\n`,
      );
      for (const p of pages) {
        io.stdout.write(
          `    ${iso(p.ts)}\t${text(p.path)}\t${(p.engaged_ms / 1000).toFixed(1)}s\t${text(p.title)}\n`,
        );
      }
    }
    return 0;
  } finally {
    db.close();
  }
}
