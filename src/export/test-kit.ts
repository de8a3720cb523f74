import { expect } from 'bun:test';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Elysia } from 'elysia';
import Papa from 'papaparse';
import { createClassifier } from '../classify/index.ts';
import { IP, type LeadsKit, leadsKit } from '../leads/test-kit.ts';
import { FORMATS, importSource, silentProgress } from '../sources/index.ts';
import { createExportRoutes } from './routes.ts';
import { createCsvExports } from './service.ts';

export { IP };
export const ORIGIN = 'http://leadlens.test';
export const DAY = 86_400_000;

/**
 * Hostile company names: set through a companies-CSV import (the importer trims cells, so names
 * that start with a tab, CR or LF are set by a direct UPDATE afterwards).
 */
export const HOSTILE: { ip: string; name: string; viaUpdate?: boolean }[] = [
  { ip: '198.51.100.10', name: 'Quote "Inc" GmbH' },
  { ip: '198.51.100.11', name: 'Comma, Semicolon; AG' },
  { ip: '198.51.100.12', name: 'Emoji 🚀 Ünïcødé Société' },
  { ip: '198.51.100.13', name: '=HYPERLINK("http://evil.example","click")' },
  { ip: '198.51.100.14', name: '+49 Plus Corp' },
  { ip: '198.51.100.15', name: '-1 Minus Corp' },
  { ip: '198.51.100.16', name: '@SUM(A1:A2) At Corp' },
  { ip: '198.51.100.17', name: '＝Fullwidth Equals KK' },
  { ip: '198.51.100.18', name: '\tTab Corp', viaUpdate: true },
  { ip: '198.51.100.19', name: '\rCarriage Corp', viaUpdate: true },
  { ip: '198.51.100.20', name: '\nLinefeed Corp', viaUpdate: true },
  { ip: '198.51.100.21', name: 'Multi\r\nline "quoted", name;\nend', viaUpdate: true },
];

/** What a spreadsheet-safe cell looks like, written independently of the code under test. */
export const expectCell = (v: string | number | null): string =>
  v === null
    ? ''
    : typeof v === 'number'
      ? String(v)
      : /^[=+\-@\t\r\n＝＋－＠]/.test(v)
        ? `'${v}`
        : v;

/** Unix ms as the export writes times. */
export const isoS = (ms: number) => `${new Date(ms).toISOString().slice(0, 19)}Z`;

/** Parses CSV text with papaparse (an independent parser): rows of strings, header first. */
export function parseCsv(text: string, delimiter = ','): string[][] {
  const res = Papa.parse<string[]>(text, { delimiter, newline: '\r\n', skipEmptyLines: true });
  expect(res.errors).toEqual([]);
  return res.data;
}

/** Where the chunks are built: both are tested. */
export const MODES = ['inline', 'worker'] as const;
export type ExportMode = (typeof MODES)[number];

export interface ExportKit extends LeadsKit {
  /**
   * GET an /api path on the composed app with the owner's (or the given) session. In 'worker'
   * mode, /api/export/ paths go to the export routes with an export thread instead (mounted as
   * the dashboard mounts them); the composed app of the harness builds them inline.
   */
  get(path: string, cookie?: string, mode?: ExportMode): Promise<Response>;
  /** Company ids by name, hostile ones included. */
  ids: Record<string, number>;
  /** Start of the harness's first fixture day (2026-11-20) and "now". */
  firstDay: number;
}

/**
 * The real app (harness) with: the fixture companies, hostile names from a companies CSV, visits
 * on 2026-11-20 and 2026-11-28/29 (several per company, several pages, hostile titles, referrers
 * and UTM values), a tag and a status. All through real beacons.
 */
export async function exportKit(): Promise<ExportKit> {
  const k = await leadsKit();
  const { h } = k;
  const csv = join(h.dir, 'hostile.csv');
  const rows = HOSTILE.map(
    (x, i) =>
      `${x.ip}/32,"${(x.viaUpdate ? `Placeholder ${i}` : x.name).replaceAll('"', '""')}",hostile${i}.example,FR,"Lyon, Rhône","${i === 3 ? '=cmd|calc' : 'Software'}"`,
  );
  writeFileSync(csv, `range,name,domain,country,city,industry\n${rows.join('\n')}\n`);
  await importSource(h.db, {
    format: 'companies',
    name: 'hostile',
    spec: FORMATS.companies,
    files: [csv],
    classify: createClassifier(),
    progress: silentProgress,
  });
  h.index.reload(h.db);
  const setName = h.db.prepare('UPDATE companies SET name = ? WHERE domain = ?');
  HOSTILE.forEach((x, i) => {
    if (x.viaUpdate) setName.run(x.name, `hostile${i}.example`);
  });

  // Day 1: 2026-11-20, two companies, so a past range has something to export.
  const now = h.now.t;
  const firstDay = Date.UTC(2026, 10, 20, 9, 0, 0);
  h.now.t = firstDay;
  await k.view(IP.manufacturing, '/pricing', 'Pricing', { r: 'https://www.google.com/' });
  await k.view(IP.manufacturing, '/demo', 'Demo');
  await k.engage(IP.manufacturing, 4_000);
  await k.view(IP.canary, '/docs?utm_source=fair&utm_medium=event', '-Docs-');
  // 2026-11-28 and 29: everybody.
  h.now.t = now - DAY;
  for (let v = 0; v < 4; v++) {
    await k.view(IP.manufacturing, '/', 'Home');
    await k.view(IP.manufacturing, v % 2 ? '/pricing' : '/product', '@Product');
    k.wait(3 * 3_600_000); // past the 30-minute session: the next view is a new visit
  }
  await k.view(IP.canary, '/pricing?utm_campaign=%3D1%2B1&utm_term=%2Bterm', '=2+5', {
    r: 'https://evil.example/?q="x",y;z',
  });
  await k.view(IP.university, '/about', 'About, "us"');
  await k.view(IP.isp, '/pricing', 'ISP visitor'); // never a lead, never exported
  for (const [i, x] of HOSTILE.entries()) {
    await k.view(x.ip, `/p${i}`, i % 2 ? '\tTabbed title' : 'Plain 🚀 title');
  }
  h.now.t = now;
  await k.view(IP.canary, '/demo', 'Demo');
  const ids = Object.fromEntries(
    h.db
      .prepare<{ id: number; name: string }>('SELECT id, name FROM companies')
      .all()
      .map((c) => [c.name, c.id]),
  );
  const canary = ids['CanaryCo AG'];
  expect((await k.call('POST', `/companies/${canary}/tags`, { tag: 'Hot' })).status).toBe(200);
  const m = ids['Example Manufacturing GmbH'];
  expect((await k.call('PUT', `/companies/${m}/status`, { status: 'qualified' })).status).toBe(200);
  const onThread = createCsvExports({ db: h.db, clock: () => h.now.t, mode: 'worker' });
  const threadApp = new Elysia()
    .use(h.auth.routes)
    .group('/api', (g) =>
      g.use(h.auth.guard).use(createExportRoutes({ db: h.db, auth: h.auth, exports: onThread })),
    );
  const get = async (path: string, cookie?: string, mode: ExportMode = 'inline') => {
    const request = new Request(`${ORIGIN}${path}`, {
      headers: { origin: ORIGIN, cookie: cookie ?? (await h.ownerCookie()) },
    });
    return mode === 'worker' && path.startsWith('/api/export/')
      ? threadApp.handle(request)
      : h.handle(request);
  };
  const close = async () => {
    onThread.close();
    await k.close();
  };
  return { ...k, get, ids, firstDay, close };
}
