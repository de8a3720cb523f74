import { Elysia, t } from 'elysia';
import type { Auth } from '../auth/index.ts';
import type { Driver } from '../db/index.ts';
import { AttributionLine, SourceInfo } from './model.ts';

/** What createSourceRoutes needs. */
export interface SourceRouteDeps {
  db: Driver;
  auth: Pick<Auth, 'guard'>;
}

type Row = {
  name: string;
  format: string;
  priority: number;
  licence: string | null;
  attribution: string | null;
  attribution_url: string | null;
  imported_at: number | null;
  row_count: number;
  ranges: number;
};

const CC_BY_4 = {
  licence: 'CC BY 4.0',
  licenceUrl: 'https://creativecommons.org/licenses/by/4.0/',
};

/**
 * Credits by format, where one source row's single attribution string is not enough: the
 * bundled ip-location-db data combines three CC BY 4.0 datasets, and each is credited with its
 * own link ("IP Geolocation by DB-IP" is the wording DB-IP's licence asks for).
 */
const FORMAT_CREDITS: Record<string, Omit<AttributionLine, 'sources'>[]> = {
  'ip-location-db': [
    { text: 'IP Geolocation by DB-IP', url: 'https://db-ip.com', ...CC_BY_4 },
    { text: 'RouteViews', url: 'https://www.routeviews.org/routeviews/', ...CC_BY_4 },
    { text: 'NRO', url: 'https://www.nro.net/', ...CC_BY_4 },
  ],
};

/** Where the licences the importers record can be read. */
const LICENCE_URLS: Record<string, string> = {
  'CC BY 4.0': CC_BY_4.licenceUrl,
  'CC0 1.0': 'https://creativecommons.org/publicdomain/zero/1.0/',
  'PDDL 1.0': 'https://opendatacommons.org/licenses/pddl/1-0/',
  'GeoLite2 End User License Agreement': 'https://www.maxmind.com/en/geolite2/eula',
  'RIPE Database Terms and Conditions (no marketing use)':
    'https://www.ripe.net/manage-ips-and-asns/db/support/documentation/terms',
};

/** A link the UI may render: http(s) only; anything else becomes plain text. */
const httpUrl = (u: string | null | undefined): string | null =>
  u && URL.canParse(u) && /^https?:$/.test(new URL(u).protocol) ? u : null;

/**
 * The credits the UI must show for the loaded sources, one per dataset, in source priority
 * order; an operator's own data (no attribution) needs none.
 * @example attributionLines([{ name: 'ip-location-db-asn', format: 'ip-location-db', … }])
 * // [{ text: 'IP Geolocation by DB-IP', url: 'https://db-ip.com', licence: 'CC BY 4.0', … }, …]
 */
export function attributionLines(
  sources: Pick<SourceInfo, 'name' | 'format' | 'licence' | 'attribution' | 'attributionUrl'>[],
): AttributionLine[] {
  const lines = new Map<string, AttributionLine>();
  for (const s of sources) {
    const credits = FORMAT_CREDITS[s.format] ?? [
      {
        text: s.attribution ?? '',
        url: httpUrl(s.attributionUrl),
        licence: s.licence,
        licenceUrl: s.licence ? (LICENCE_URLS[s.licence] ?? null) : null,
      },
    ];
    for (const c of credits) {
      if (!c.text) continue;
      const key = `${c.text}\n${c.url}`;
      const line = lines.get(key);
      if (line) line.sources.push(s.name);
      else lines.set(key, { ...c, sources: [s.name] });
    }
  }
  return [...lines.values()];
}

/** The sources table as Settings and `leadlens sources` show it; the range count walks the
 * ip_ranges_source index. */
export function createSourceCatalog(db: Driver) {
  const list = db.prepare<Row>(
    `SELECT s.name, s.format, s.priority, s.licence, s.attribution, s.attribution_url,
            s.imported_at, s.row_count,
            (SELECT count(*) FROM ip_ranges r WHERE r.source_id = s.id) AS ranges
       FROM sources s ORDER BY s.priority DESC, s.name`,
  );
  return {
    list(): SourceInfo[] {
      return list.all().map((r) => ({
        name: r.name,
        format: r.format,
        priority: r.priority,
        licence: r.licence,
        attribution: r.attribution,
        attributionUrl: r.attribution_url,
        importedAt: r.imported_at === null ? null : new Date(r.imported_at).toISOString(),
        rowCount: r.row_count,
        ranges: r.ranges,
      }));
    },
  };
}

/**
 * Data sources for Settings, mounted under /api behind the session guard; any role may read.
 * GET /sources: what is loaded (licence, import date, rows, ranges).
 * GET /attribution: the credits the UI must show for that data (CC BY 4.0 for the bundled set).
 * @example app.group('/api', (g) => g.use(auth.guard).use(createSourceRoutes({ db, auth })))
 */
export function createSourceRoutes(d: SourceRouteDeps) {
  const catalog = createSourceCatalog(d.db);
  return (
    new Elysia()
      // Also here, not only where the host mounts it: never an answer without a session.
      .use(d.auth.guard)
      .get('/sources', () => catalog.list(), { response: { 200: t.Array(SourceInfo) } })
      .get('/attribution', () => attributionLines(catalog.list()), {
        response: { 200: t.Array(AttributionLine) },
      })
  );
}
