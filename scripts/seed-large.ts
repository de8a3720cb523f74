// Builds a large Leadlens database for the dashboard bench, fast (direct SQL in big transactions):
//   bun scripts/seed-large.ts --db PATH [--companies 200000] [--pageviews 10000000] [--sites 5]
//                              [--days 365] [--seed 1] [--force]
// A long tail of companies (a few visit daily, most a handful of times a year), 1–20 pages per
// visit, business hours and quieter weekends over a year up to now, several sites with a few
// hundred paths each, countries, industries, sizes, and some tags, statuses and notes. The rollups
// are then built by the same SQL as the migration's backfill, and every score is computed.
import { existsSync, rmSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { type Driver, migrate, openDriver } from '../src/db/index.ts';
import { createRefresher, rebuildRollups, setKeyPages } from '../src/leads/index.ts';
import { seededRandom } from '../src/testing/random.ts';

const { values } = parseArgs({
  options: {
    db: { type: 'string' },
    companies: { type: 'string' },
    pageviews: { type: 'string' },
    sites: { type: 'string' },
    days: { type: 'string' },
    seed: { type: 'string' },
    force: { type: 'boolean' },
  },
});
if (!values.db) {
  console.error(
    'usage: bun scripts/seed-large.ts --db PATH [--companies N] [--pageviews N] [--force]',
  );
  process.exit(2);
}
const PATH = values.db;
const COMPANIES = Number(values.companies ?? 200_000);
const PAGEVIEWS = Number(values.pageviews ?? 10_000_000);
const SITES = Number(values.sites ?? 5);
const DAYS = Number(values.days ?? 365);
const rand = seededRandom(Number(values.seed ?? 1));
const NOW = Date.now();
const DAY = 86_400_000;
const t0 = performance.now();
const elapsed = () => `${((performance.now() - t0) / 1000).toFixed(1)} s`;
const log = (s: string) => console.log(`[${elapsed().padStart(8)}] ${s}`);

if (existsSync(PATH)) {
  if (!values.force) {
    console.error(`${PATH} exists; pass --force to replace it`);
    process.exit(2);
  }
  for (const f of [PATH, `${PATH}-wal`, `${PATH}-shm`]) rmSync(f, { force: true });
}

const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
/** Picks by weight: `[[value, weight], …]`. */
function weighted<T>(table: readonly (readonly [T, number])[]): () => T {
  const total = table.reduce((s, [, w]) => s + w, 0);
  return () => {
    let r = rand() * total;
    for (const [v, w] of table) if ((r -= w) < 0) return v;
    return table[table.length - 1][0];
  };
}

/** "DE:25|FR:15" → a weighted picker ("" is a value too). */
const table = (spec: string) =>
  weighted(
    spec.split('|').map((x) => {
      const at = x.lastIndexOf(':');
      return [x.slice(0, at), Number(x.slice(at + 1))] as const;
    }),
  );
const country = table('DE:25|FR:15|US:15|GB:12|NL:6|CH:5|AT:4|BE:4|IT:4|ES:4|SE:3|PL:3');
const industry = table(
  'Manufacturing:15|Software:14|Financial Services:13|Healthcare:12|Retail:11|Logistics:10|Chemicals:9|' +
    'Automotive:8|Energy:7|Consulting:6|Education:5|Public Sector:4|Media:3|Telecommunications:2|Construction:1',
);
const employees = table('1-10:10|11-50:25|51-200:25|201-500:15|501-1000:10|1001-5000:10|5001+:5');
const cls = table('business:85|education:8|government:7');
const WORDS =
  'Alpen Nord Sud Blue Green Rhein Atlas Vector Delta Orion Helix Summit Pioneer Quantum Falcon Cedar Granite Silver Harbor Crown'.split(
    ' ',
  );
const NOUNS =
  'Systems Werke Logistik Bank Chemie Software Energie Motors Labs Solutions Industries Pharma Foods Metall Textil Media Consulting'.split(
    ' ',
  );
const SUFFIX = 'GmbH AG SE SA SAS Ltd Inc BV KG plc'.split(' ');

function openFast(path: string): Driver {
  const db = openDriver(path);
  // A throw-away build: no journal, no fsync, a big cache; WAL is switched on at the end.
  for (const p of [
    'journal_mode = OFF',
    'synchronous = OFF',
    'cache_size = -1000000',
    'temp_store = MEMORY',
    'foreign_keys = OFF',
  ])
    db.prepare(`PRAGMA ${p}`).all();
  migrate(db);
  return db;
}

const db = openFast(PATH);
log(
  `seeding ${PATH}: ${COMPANIES} companies, ${PAGEVIEWS} pageviews, ${SITES} sites, ${DAYS} days`,
);

// --- sources, networks, companies, ranges ---------------------------------------------------
db.exec(`INSERT INTO sources (id, name, format, priority, licence, attribution, attribution_url, imported_at)
  VALUES (1, 'seed-asn', 'ip-location-db', 0, 'CC BY 4.0', 'IP Geolocation by DB-IP', 'https://db-ip.com', ${NOW}),
         (2, 'seed-companies', 'companies', 10, NULL, NULL, NULL, ${NOW})`);
// Companies from a CSV range count as businesses, as in the IP index.
const classes: string[] = Array(COMPANIES + 1).fill('business');
db.transaction(() => {
  const net = db.prepare(
    'INSERT INTO networks (id, asn, name, country, class, class_source) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const com = db.prepare(
    `INSERT INTO companies (id, name, domain, country, city, industry, employees, phone, linkedin,
       source_id, created_at, updated_at, network_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const range = db.prepare(
    'INSERT INTO ip_ranges (source_id, family, start, end, network_id, company_id, priority) VALUES (?, 4, ?, ?, ?, ?, ?)',
  );
  for (let id = 1; id <= COMPANIES; id++) {
    const name = `${pick(WORDS)} ${pick(NOUNS)} ${id} ${pick(SUFFIX)}`;
    const c = country();
    const start = 0x0b000000 + id * 256;
    // One company in ten comes from a companies CSV (no network); the rest stand for a network.
    const fromCsv = id % 10 === 0;
    if (!fromCsv) {
      classes[id] = cls();
      net.run(id, 100_000 + id, name, c, classes[id], 'category');
      range.run(1, start, start + 255, id, null, 0);
    } else range.run(2, start, start + 127, null, id, 10);
    com.run(
      id,
      name,
      `${name.split(' ').slice(0, 2).join('-').toLowerCase()}-${id}.example`,
      c,
      rand() < 0.7
        ? pick(['Berlin', 'Paris', 'London', 'Munich', 'Lyon', 'Zurich', 'Boston'])
        : null,
      rand() < 0.8 ? industry() : null,
      rand() < 0.7 ? employees() : null,
      rand() < 0.3 ? `+49 30 ${100000 + id}` : null,
      rand() < 0.4 ? `https://www.linkedin.com/company/c${id}` : null,
      fromCsv ? 2 : null,
      NOW - 400 * DAY,
      NOW - 400 * DAY,
      fromCsv ? null : id,
    );
  }
  // Access providers: in the index, never in the inbox (their traffic is only counted).
  for (let i = 1; i <= 2000; i++)
    net.run(COMPANIES + i, 200_000 + i, `Broadband ${i}`, country(), 'isp', 'category');
})();
log('companies, networks and ranges inserted');

// --- sites and their paths ------------------------------------------------------------------
const siteWeights = [0.4, 0.25, 0.15, 0.12, 0.08, 0.05, 0.05, 0.05].slice(0, SITES);
const sitePick = weighted(siteWeights.map((w, i) => [i + 1, w] as const));
const paths: string[][] = [];
for (let s = 1; s <= SITES; s++) {
  db.prepare(`INSERT INTO sites (id, key, name, domains, created_at) VALUES (?, ?, ?, ?, ?)`).run(
    s,
    `seedsite${s}`.padEnd(20, 'x'),
    `Site ${s}`,
    JSON.stringify([`site${s}.example`]),
    NOW - 400 * DAY,
  );
  const p = ['/', '/pricing', '/demo', '/contact', '/about', '/product', '/customers', '/careers'];
  for (let i = 0; i < 20; i++) p.push(`/product/feature-${i}`);
  for (let i = 0; i < 80; i++) p.push(`/docs/topic-${i}`);
  for (let i = 0; i < 300; i++) p.push(`/blog/post-${i}-${pick(WORDS).toLowerCase()}`);
  paths.push(p);
  setKeyPages(db, s, ['/pricing', '/demo*', '/contact']);
}
// Page popularity falls off with rank (the home page and /pricing lead, blog posts trail).
const pathPick = (site: number) => {
  const p = paths[site - 1];
  return p[Math.min(p.length - 1, Math.floor(p.length * rand() ** 3))];
};

// --- visits and pageviews -------------------------------------------------------------------
// Company popularity: rank r = n·u^2.5 gives a heavy head (a few companies visit daily) and a long
// tail (most visit a few times a year). A shuffle maps ranks to ids so the head is spread out.
const rankToId = Array.from({ length: COMPANIES }, (_, i) => i + 1);
for (let i = rankToId.length - 1; i > 0; i--) {
  const j = Math.floor(rand() * (i + 1));
  [rankToId[i], rankToId[j]] = [rankToId[j], rankToId[i]];
}
const companyPick = () => rankToId[Math.floor(COMPANIES * rand() ** 2.5)];
const pagesPerVisit = () => Math.min(20, 1 + Math.floor(-Math.log(1 - rand()) * 3.5));
// E[1 + floor(Exp(mean 3.5))] ≈ 4.02, so the day volumes below add up to about --pageviews.
const MEAN_PAGES = 4.02;
const today = Math.floor(NOW / DAY);
const firstDay = today - DAYS + 1;
const dayWeight = (d: number) => {
  const dow = new Date(d * DAY).getUTCDay();
  const growth = 0.7 + (0.6 * (d - firstDay)) / DAYS;
  return (dow === 0 || dow === 6 ? 0.35 : 1) * growth;
};
let weightSum = 0;
for (let d = firstDay; d <= today; d++) weightSum += dayWeight(d);
const totalVisits = PAGEVIEWS / MEAN_PAGES;
const countryOf = db.prepare<{ country: string | null }>(
  'SELECT country FROM companies WHERE id = ?',
);
const countries = new Map<number, string | null>();
const insVisit = db.prepare(
  `INSERT INTO visits (id, site_id, company_id, network_id, class, started_at, last_seen_at, pageviews,
     engaged_ms, referrer, utm_source, utm_medium, utm_campaign, landing_path, country, device)
   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
);
const insPv = db.prepare(
  'INSERT INTO pageviews (id, visit_id, ts, path, title, engaged_ms) VALUES (?, ?, ?, ?, ?, ?)',
);
const referrer = table(
  ':50|https://www.google.com/:30|https://www.linkedin.com/:10|https://news.example.net/article:10',
);
const device = table('desktop:80|mobile:12|tablet:8');
let visitId = 0;
let pvId = 0;
const writeDay = db.transaction((d: number) => {
  const n = Math.round((totalVisits * dayWeight(d)) / weightSum);
  // Business hours in Europe: starts spread around 11:00 UTC, sorted so ids follow time.
  const starts: number[] = [];
  for (let i = 0; i < n; i++) {
    const h = Math.max(0, Math.min(23.9, 11 + (rand() + rand() + rand() - 1.5) * 6));
    starts.push(d * DAY + Math.floor(h * 3_600_000 + rand() * 60_000));
  }
  starts.sort((a, b) => a - b);
  for (const start of starts) {
    if (start > NOW) continue;
    const id = ++visitId;
    const company = companyPick();
    const site = sitePick();
    let c = countries.get(company);
    if (c === undefined) countries.set(company, (c = countryOf.get(company)?.country ?? null));
    const k = pagesPerVisit();
    let ts = start;
    let engaged = 0;
    let landing = '';
    for (let i = 0; i < k; i++) {
      const path = i === 0 && rand() < 0.4 ? '/' : pathPick(site);
      if (i === 0) landing = path;
      const ms = rand() < 0.6 ? Math.floor(2_000 + rand() * 178_000) : 0;
      insPv.run(
        ++pvId,
        id,
        ts,
        path,
        path === '/' ? 'Home' : path.slice(1).replaceAll('/', ' · '),
        ms,
      );
      engaged += ms;
      if (i < k - 1) ts += Math.floor(5_000 + rand() * 115_000);
    }
    const utm = rand() < 0.15;
    insVisit.run(
      id,
      site,
      company,
      company % 10 === 0 ? null : company,
      classes[company],
      start,
      Math.min(NOW, ts),
      k,
      engaged,
      referrer() || null,
      utm ? pick(['newsletter', 'linkedin', 'google']) : null,
      utm ? pick(['email', 'cpc', 'social']) : null,
      utm ? pick(['spring', 'launch', 'webinar']) : null,
      landing,
      c,
      device(),
    );
  }
});
for (let d = firstDay; d <= today; d++) {
  writeDay(d);
  if ((d - firstDay) % 30 === 29 || d === today)
    log(`day ${d - firstDay + 1}/${DAYS}: ${visitId} visits, ${pvId} pageviews`);
}

// --- operator state -------------------------------------------------------------------------
db.transaction(() => {
  const tag = db.prepare(
    'INSERT OR IGNORE INTO company_tags (company_id, tag, created_at) VALUES (?, ?, ?)',
  );
  const status = db.prepare(
    'INSERT INTO company_status (company_id, status, updated_at) VALUES (?, ?, ?)',
  );
  const note = db.prepare(
    'INSERT INTO company_notes (company_id, author, text, created_at) VALUES (?, ?, ?, ?)',
  );
  const st = table(':94|qualified:3|customer:1|ignored:2');
  for (let id = 1; id <= COMPANIES; id++) {
    if (rand() < 0.03)
      tag.run(id, pick(['hot', 'partner', 'competitor', 'enterprise', 'follow-up']), NOW);
    if (rand() < 0.01) tag.run(id, 'hot', NOW);
    const s = st();
    if (s) status.run(id, s, NOW);
    if (rand() < 0.01) note.run(id, 'Seed', 'Called, interested in a demo next quarter.', NOW);
  }
})();
log('tags, statuses and notes inserted');

// --- rollups and scores (the migration's backfill SQL, then the scorer) -----------------------
rebuildRollups(db);
log('rollups built');
const scored = createRefresher({ db, clock: () => NOW }).refreshAll();
log(`scores computed (${scored} companies)`);
db.prepare('PRAGMA journal_mode = WAL').all();
db.close();
const mb = (statSync(PATH).size / 1e6).toFixed(0);
log(`done: ${visitId} visits, ${pvId} pageviews, ${mb} MB in ${elapsed()}`);
