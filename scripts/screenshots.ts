// README screenshots: a real Leadlens server on a temp data dir, demo companies, a month of demo
// traffic sent over real HTTP (the tracking clock walks through the past 30 days), then Chromium
// captures the main screens at 1440×900 and 360×780.
//   bun scripts/screenshots.ts <outdir>     (PNG files; the README shows four of them, kept in
//   web/screenshots/: inbox-desktop, company-desktop, overview-desktop, inbox-mobile)
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createClassifier } from '../src/classify/index.ts';
import { openDatabase } from '../src/db/index.ts';
import { FORMATS, importSource, silentProgress } from '../src/sources/index.ts';
import { DESKTOP_UA, hasChromium, launchBrowser } from '../src/testing/browser.ts';
import { FIXTURE_ASN } from '../src/testing/harness.ts';
import { seededRandom } from '../src/testing/random.ts';
import { BROWSER_UA } from '../src/testing/server.ts';
import { tempDir } from '../src/testing/tmp.ts';
import { startUiServer } from '../src/ui/testing.ts';

const out = process.argv[2];
if (!out) {
  console.error('usage: bun scripts/screenshots.ts <outdir>');
  process.exit(2);
}
if (!hasChromium) {
  console.error('screenshots: /usr/bin/chromium is not installed');
  process.exit(1);
}

// Fictional companies on documentation address space (2001:db8::/32): one /48 each.
const NAMES =
  `Northwind Logistics GmbH|Contoso Pharma AG|Fabrikam Robotics|Tailspin Aerospace|Woodgrove Bank|Litware Software|Adventure Works Cycles|Proseware Analytics|Wingtip Toys Ltd|Alpine Ski House|Coho Winery|Fourth Coffee|Lucerne Publishing|Margie's Travel|Trey Research|Blue Yonder Airlines|City Power & Light|Humongous Insurance|Graphic Design Institute|Consolidated Messenger|Wide World Importers|Southridge Video|Bellows College|Datum Corporation|Relecloud Energy|VanArsdel Foods|Munson's Pickles|Nod Publishers|Tasmanian Traders|First Up Consultants`.split(
    '|',
  );
const PLACES = [
  ['DE', 'Berlin'],
  ['DE', 'Munich'],
  ['FR', 'Paris'],
  ['FR', 'Lyon'],
  ['GB', 'London'],
  ['NL', 'Amsterdam'],
  ['CH', 'Zurich'],
  ['US', 'Boston'],
  ['SE', 'Stockholm'],
  ['ES', 'Madrid'],
];
const INDUSTRIES = [
  'Logistics',
  'Pharmaceuticals',
  'Robotics',
  'Aerospace',
  'Banking',
  'Software',
  'Manufacturing',
  'Consulting',
  'Retail',
  'Energy',
  'Education',
  'Insurance',
];
const BANDS = ['11-50', '51-200', '201-500', '501-1000', '1001-5000'];
const PAGES: [string, string][] = [
  ['/', 'Acme Analytics — product analytics for B2B'],
  ['/pricing', 'Pricing'],
  ['/product', 'Product tour'],
  ['/product/integrations', 'Integrations'],
  ['/docs/getting-started', 'Getting started'],
  ['/customers', 'Customer stories'],
  ['/blog/b2b-attribution', 'B2B attribution without cookies'],
  ['/demo', 'Book a demo'],
  ['/careers', 'Careers'],
];
const REFERRERS = [
  'https://www.google.com/',
  'https://www.linkedin.com/',
  'https://duckduckgo.com/',
  '',
  '',
];

const rand = seededRandom(7);
const pick = <T>(a: readonly T[]) => a[Math.floor(rand() * a.length)];
const slug = (n: string) =>
  n
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

const tmp = tempDir('leadlens-shots-');
const csv = ['range,name,domain,country,city,industry,employees,phone,linkedin'];
NAMES.forEach((name, i) => {
  const [country, city] = pick(PLACES);
  const d = `${slug(name).split('-')[0]}.example`;
  csv.push(
    `2001:db8:${(i + 16).toString(16)}::/48,"${name}",${d},${country},${city},${pick(INDUSTRIES)},${pick(BANDS)},+00 555 01${String(i).padStart(2, '0')},https://www.linkedin.com/company/${slug(name)}`,
  );
});
{
  const db = openDatabase(tmp.path('leadlens.db'));
  const classify = createClassifier();
  for (const [format, text] of [
    ['ip-location-db', `${FIXTURE_ASN}\n`],
    ['companies', `${csv.join('\n')}\n`],
  ] as const) {
    writeFileSync(tmp.path(`${format}.csv`), text);
    await importSource(db, {
      format,
      spec: FORMATS[format],
      files: [tmp.path(`${format}.csv`)],
      classify,
      progress: silentProgress,
    });
  }
  db.close();
}

const DAY = 86_400_000;
let now = Date.now() - 30 * DAY;
const server = await startUiServer(tmp.dir, { clock: () => now });
const base = server.base;
let cookie = '';
async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(base + path, {
    method,
    headers: { origin: base, cookie, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  cookie = /ll_session=[^;]+/.exec(res.headers.get('set-cookie') ?? '')?.[0] ?? cookie;
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return (res.status === 204 ? undefined : await res.json()) as T;
}

const token = new URL(server.setupPath!, base).searchParams.get('token');
await api('POST', '/api/setup', {
  token,
  name: 'Camille Martin',
  email: 'camille@acme.example',
  password: 'demo password 2026',
});
const site = await api<{ id: number; key: string }>('POST', '/api/sites', {
  name: 'Acme Analytics',
  domains: ['acme.example'],
});
await api('POST', '/api/sites', { name: 'Acme Docs', domains: ['docs.acme.example'] });
await api('PUT', `/api/sites/${site.id}/key-pages`, { patterns: ['/pricing', '/demo'] });

async function beacon(ip: string, body: Record<string, unknown>) {
  await fetch(`${base}/e`, {
    method: 'POST',
    headers: {
      'content-type': 'text/plain',
      'user-agent': BROWSER_UA,
      origin: 'https://acme.example',
      'x-forwarded-for': ip,
    },
    body: JSON.stringify({ s: site.key, w: 1440, ...body }),
  });
}

/** One visit: a few pages with time on each, a referrer or UTM campaign on the landing page. */
async function visit(ip: string) {
  const n = 1 + Math.floor(rand() * 5);
  const utm =
    rand() < 0.25 ? '?utm_source=newsletter&utm_medium=email&utm_campaign=spring-launch' : '';
  for (let i = 0; i < n; i++) {
    const [path, t] = i === 0 ? pick(PAGES.slice(0, 7)) : pick(PAGES);
    const u = `https://acme.example${path}${i === 0 ? utm : ''}`;
    await beacon(ip, { e: 'pageview', u, t, r: i === 0 ? pick(REFERRERS) : '' });
    const ms = 5_000 + Math.floor(rand() * 90_000);
    now += ms;
    await beacon(ip, { e: 'engagement', u, t, m: ms });
  }
}

// Hot leads visit often; most companies now and then; home and cloud networks are "other".
const weight = NAMES.map((_, i) => (i < 5 ? 0.5 : i < 15 ? 0.15 : 0.05));
for (let day = 29; day >= 0; day--) {
  now = Date.now() - day * DAY - 8 * 3_600_000;
  for (let i = 0; i < NAMES.length; i++) {
    if (rand() < weight[i])
      await visit(`2001:db8:${(i + 16).toString(16)}::${1 + Math.floor(rand() * 200)}`);
    now += 60_000;
  }
  for (let k = 0; k < 3 + Math.floor(rand() * 6); k++)
    await visit(`203.0.113.${1 + Math.floor(rand() * 250)}`);
  for (let k = 0; k < Math.floor(rand() * 3); k++)
    await visit(`192.0.2.${1 + Math.floor(rand() * 250)}`);
}
// Everything so far counts as seen; then a few companies arrive now: "new" and in the live view.
await api('POST', '/api/companies/seen');
for (const [i, path] of [
  [3, 5],
  [7, 1],
  [0, 7],
] as const) {
  now = Date.now();
  await beacon(`2001:db8:${(i + 16).toString(16)}::9`, {
    e: 'pageview',
    u: `https://acme.example${PAGES[path][0]}`,
    t: PAGES[path][1],
    r: '',
  });
}

type Row = { id: number; name: string };
const top = (await api<{ items: Row[] }>('GET', '/api/companies?sort=score&limit=10')).items;
await api('PUT', `/api/companies/${top[0].id}/status`, { status: 'qualified' });
await api('PUT', `/api/companies/${top[2].id}/status`, { status: 'customer' });
for (const [i, tag] of [
  [0, 'enterprise'],
  [0, 'eu'],
  [1, 'trial'],
  [3, 'enterprise'],
] as const)
  await api('POST', `/api/companies/${top[i].id}/tags`, { tag });
await api('POST', `/api/companies/${top[0].id}/notes`, {
  text: 'Pricing page three times this week. Sent a follow-up to their head of data.',
});

// --- screenshots
mkdirSync(out, { recursive: true });
const screens: [string, string][] = [
  ['inbox', '/?sort=score'],
  ['company', `/companies/${top[0].id}`],
  ['live', '/live'],
  ['overview', '/overview'],
  ['sites', `/sites?site=${site.id}`],
  ['settings', '/settings'],
];
const { context, close } = await launchBrowser({ userAgent: DESKTOP_UA });
const page = await context.newPage();
await page.goto(`${base}/login`);
await page.fill('ll-login #email', 'camille@acme.example');
await page.fill('ll-login #password', 'demo password 2026');
await page.click('ll-login button.primary');
await page.waitForURL((u) => u.pathname === '/');
for (const [w, h, suffix] of [
  [1440, 900, 'desktop'],
  [360, 780, 'mobile'],
] as const) {
  await page.setViewportSize({ width: w, height: h });
  for (const [name, path] of screens) {
    await page.goto(base + path);
    await page.locator('main h1').first().waitFor();
    await page.waitForLoadState('networkidle').catch(() => {}); // the live view never idles
    await page.waitForTimeout(300);
    const file = join(out, `${name}-${suffix}.png`);
    await page.screenshot({ path: file });
    console.log(file);
  }
}
await close();
await server.stop();
tmp.cleanup();
