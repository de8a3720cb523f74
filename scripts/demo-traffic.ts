// Demo traffic: simulated visitors from real business, education and government networks send
// beacons through real HTTP to a running Leadlens, so a new install shows a living dashboard.
//   bun scripts/demo-traffic.ts --url http://127.0.0.1:3000 --site KEY [--db data/leadlens.db]
//     [--minutes 2 | --seconds N] [--rate 5 visitors/s] [--seed N]
// The server must believe X-Forwarded-For from loopback: start it with TRUSTED_PROXIES=127.0.0.1.
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { openDriver } from '../src/db/index.ts';
import { bytes16ToBigInt, ipToString } from '../src/ipindex/index.ts';
import { seededRandom } from '../src/testing/random.ts';

const MAX_REQUESTS = 50_000; // a hard cap, whatever --minutes and --rate say
const ISP_SHARE = 0.3; // roughly the share of non-lead traffic a B2B site sees
const IPV6_SHARE = 0.2;
const TRUST_CHECK_AFTER = 5; // lead landings answered before checking that leads get stored

function fail(msg: string, code = 2): never {
  process.stderr.write(`demo-traffic: ${msg}\n`);
  process.exit(code);
}
const USAGE = 'usage: --url http://127.0.0.1:3000 --site KEY [--db FILE] [--minutes M] [--rate R]';
const a = (() => {
  const s = { type: 'string' } as const;
  const options = { url: s, site: s, db: s, minutes: s, seconds: s, rate: s, seed: s };
  try {
    return parseArgs({ options }).values;
  } catch (e) {
    return fail(`${(e as Error).message}\n${USAGE}`);
  }
})();
function num(name: string, v: string, min: number, max: number): number {
  const n = v.trim() ? Number(v) : Number.NaN;
  if (!(n >= min && n <= max)) fail(`--${name} must be a number from ${min} to ${max}, got "${v}"`);
  return n;
}
if (!a.url || !a.site) fail(USAGE);
// Loopback only: this tool forges X-Forwarded-For, which must never reach someone else's server.
const target = URL.canParse(a.url) ? new URL(a.url) : new URL('invalid:');
if (target.protocol !== 'http:' || !['127.0.0.1', 'localhost', '[::1]'].includes(target.hostname))
  fail(`--url must be http://127.0.0.1, http://localhost or http://[::1] (a port), got "${a.url}"`);
const base = target.origin;
const siteKey = a.site;
const dbPath = a.db ?? 'data/leadlens.db';
const minutes = a.seconds ? 0 : num('minutes', a.minutes ?? '2', 0.1, 60);
const seconds = a.seconds ? num('seconds', a.seconds, 1, 3600) : minutes * 60;
const rate = num('rate', a.rate ?? '5', 0.1, 50);
const seed = a.seed === undefined ? undefined : num('seed', a.seed, 0, 2 ** 31);
const rand = seed === undefined ? Math.random : seededRandom(seed);

// --- what to simulate, read from the server's database (read-only: the server is the writer)
if (!existsSync(dbPath)) fail(`no database at ${dbPath}; pass --db with the server's DB_PATH`);
const db = openDriver(dbPath, { readonly: true });
const siteSql = db.prepare<{ name: string; domains: string }>(
  'SELECT name, domains FROM sites WHERE key = ?',
);
const site = siteSql.get(siteKey) ?? fail(`no site "${siteKey}" in ${dbPath}; see \`sites add\``);
const origin = `https://${JSON.parse(site.domains)[0]}`;

type Range = { family: 4 | 6; start: bigint; span: bigint };
type RangeRow = { start: number | Uint8Array; end: number | Uint8Array };
const big = (v: number | Uint8Array) => (typeof v === 'number' ? BigInt(v) : bytes16ToBigInt(v));
const idBounds = db.prepare<{ lo: number | null; hi: number | null }>(
  'SELECT min(id) AS lo, max(id) AS hi FROM ip_ranges WHERE family = ?',
);
// A random id, then the first matching range at or after it: a walk along the primary key,
// unlike OFFSET (`+r.family` keeps SQLite off the family index, which would sort the whole family).
// Company ranges (operator CSVs) are leads too.
const pick = (where: string) =>
  db.prepare<RangeRow>(
    `SELECT r.start, r.end FROM ip_ranges r LEFT JOIN networks n ON n.id = r.network_id
      WHERE r.id >= ? AND +r.family = ? AND ${where} ORDER BY r.id LIMIT 1`,
  );
const leadSql = pick(
  "(r.company_id IS NOT NULL OR n.class IN ('business', 'education', 'government'))",
);
const ispSql = pick("r.company_id IS NULL AND n.class = 'isp'");
function pool(stmt: ReturnType<typeof pick>, family: 4 | 6, n: number): Range[] {
  const b = idBounds.get(family);
  const out: Range[] = [];
  for (let i = 0; b?.lo != null && b.hi != null && i < n; i++) {
    const from = b.lo + Math.floor(rand() * (b.hi - b.lo + 1));
    const r = stmt.get(from, family) ?? stmt.get(b.lo, family);
    if (!r) break; // none of this kind in this family at all
    out.push({ family, start: big(r.start), span: big(r.end) - big(r.start) + 1n });
  }
  return out;
}
const pools = {
  lead: { 4: pool(leadSql, 4, 40), 6: pool(leadSql, 6, 10) },
  isp: { 4: pool(ispSql, 4, 12), 6: pool(ispSql, 6, 4) },
};
db.close();
if (!pools.lead[4].length && !pools.lead[6].length)
  fail(`no business/education/government ranges in ${dbPath}: start the server once first`);

const choose = <T>(r: () => number, list: readonly T[]): T => list[Math.floor(r() * list.length)];
const randBig = (r: () => number, below: bigint) => {
  let v = 0n;
  for (let i = 0; i < 4; i++) v = (v << 32n) | BigInt(Math.floor(r() * 2 ** 32));
  return v % below;
};
function address(r: () => number): { ip: string; lead: boolean } {
  const lead = !(pools.isp[4].length || pools.isp[6].length) || r() >= ISP_SHARE;
  const p = lead ? pools.lead : pools.isp;
  const family = p[6].length && (r() < IPV6_SHARE || !p[4].length) ? 6 : 4;
  const range = choose(r, p[family]);
  return { ip: ipToString(family, range.start + randBig(r, range.span)), lead };
}

// Tables as text, one entry a line, so the data reads as data. Each browser is a real User-Agent
// string after screen widths that go with it (the width decides the visit's device class).
const rows = (text: string) =>
  text
    .trim()
    .split('\n')
    .map((l) => l.trim().split(/ (.*)/));
const BROWSERS = rows(`
  1920,1536,1366 Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36
  1920,1600 Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0
  1920,1280 Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0
  1440,1512,1728 Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15
  1920,2560 Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36
  390,393,430 Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1
  412 Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36
  820,1024 Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1
`).map(([widths, ua]) => ({ ua, widths: widths.split(',').map(Number) }));
// The first ten are landing pages; /contact and /careers are reached by navigating.
const PAGES = rows(`
  / Home
  /pricing Pricing
  /product/visitor-identification Visitor identification
  /product/integrations Integrations
  /product/security Security and compliance
  /case-studies/logistics Case study: a logistics group finds 40 % more accounts
  /case-studies/manufacturing Case study: a machine builder shortens its sales cycle
  /blog/intent-signals Reading buying intent without cookies
  /blog/gdpr-ip-addresses GDPR and IP addresses
  /docs/getting-started Docs: getting started
  /docs/api Docs: API reference
  /contact Contact sales
  /careers Careers
`);
// Where visitors come from (- is none): search, LinkedIn, newsletters with utm_*, direct.
const ENTRIES = rows(`
  https://www.google.com/ -
  https://www.google.de/ -
  https://www.bing.com/ -
  https://duckduckgo.com/ -
  https://www.google.com/ ?utm_source=google&utm_medium=cpc&utm_campaign=brand
  https://www.linkedin.com/ ?utm_source=linkedin&utm_medium=social&utm_campaign=launch-week
  - ?utm_source=newsletter&utm_medium=email&utm_campaign=monthly-digest
  - -
`).map((e) => e.map((v) => (v === '-' ? '' : v)));

// --- sending
const tally = new Map<string, number>();
let sent = 0;
let visitors = 0;
let leadLandings = 0;
let stopping = false;
let explained = false; // seen an X-Leadlens-Drop header: a 2xx without one was stored
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function metrics(): Promise<Map<string, number> | null> {
  try {
    const text = await (await fetch(`${base}/metrics`)).text();
    const found = text.matchAll(/^leadlens_beacons_total\{outcome="(\w+)"\} (\d+)$/gm);
    return new Map([...found].map((m) => [m[1], Number(m[2])]));
  } catch {
    return null;
  }
}
const before = (await metrics()) ?? fail(`no Leadlens answering at ${base}; is it running?`, 1);

async function send(ua: string, ip: string, body: Record<string, unknown>): Promise<string | null> {
  if (stopping || sent >= MAX_REQUESTS) return null;
  sent++;
  const res = await fetch(`${base}/e`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain', 'user-agent': ua, origin, 'x-forwarded-for': ip },
    body: JSON.stringify({ s: siteKey, ...body }),
  }).catch(() => null);
  if (!res) return stop(`lost the server at ${base}`);
  await res.arrayBuffer();
  // Outside production the server names every outcome but `stored` in X-Leadlens-Drop.
  const drop = res.headers.get('x-leadlens-drop');
  explained ||= drop !== null;
  const outcome = drop ?? (res.ok ? 'ok' : `http ${res.status}`);
  tally.set(outcome, (tally.get(outcome) ?? 0) + 1);
  if (res.status === 404)
    return stop(`the server does not know site ${siteKey}: is --db its database?`);
  return outcome;
}
function stop(msg: string): null {
  if (!stopping) process.stderr.write(`demo-traffic: ${msg}\n`);
  stopping = true;
  process.exitCode = 1;
  return null;
}

/** Leads must be stored; if none is, the server saw every beacon come from 127.0.0.1. */
async function checkTrust(): Promise<void> {
  const now = await metrics();
  if (!now || (now.get('stored') ?? 0) > (before.get('stored') ?? 0)) return;
  stop(
    `no beacon from a company network was stored (${line()}): the server ignores\n` +
      '  X-Forwarded-For from this machine. Restart it with TRUSTED_PROXIES=127.0.0.1, e.g.\n' +
      '  TRUSTED_PROXIES=127.0.0.1 npm start',
  );
}

async function visitor(n: number): Promise<void> {
  const r = seed === undefined ? Math.random : seededRandom(seed * 7919 + n);
  const { ip, lead } = address(r);
  const { ua, widths } = choose(r, BROWSERS);
  const w = choose(r, widths);
  const [referrer, query] = choose(r, ENTRIES);
  let [path, title] = choose(r, PAGES.slice(0, 10));
  let url = `${origin}${path}${query}`;
  let ref = referrer;
  const pages = 1 + Math.floor(r() * 6);
  for (let i = 0; i < pages && !stopping; i++) {
    const outcome = await send(ua, ip, { u: url, r: ref, t: `${title} | ${site.name}`, w });
    if (outcome === null) return;
    if (i === 0 && lead && ++leadLandings === TRUST_CHECK_AFTER) await checkTrust();
    // Time on the page is reported as 5–120 s but passes 0.2–1 s here: the demo fills a
    // dashboard in a minute, and the server only counts what the beacons say.
    await sleep(200 + r() * 800);
    const m = 5000 + Math.floor(r() * 115_000); // sent before leaving the page, as the tracker does
    if ((await send(ua, ip, { e: 'engagement', u: url, r: '', m })) === null) return;
    ref = url;
    const next = PAGES.filter(([p]) => p !== path);
    [path, title] = choose(r, next);
    url = `${origin}${path}`;
  }
}

process.on('SIGINT', () => {
  if (stopping) process.exit(130); // a second Ctrl-C does not wait for requests in flight
  stopping = true;
  process.stdout.write('stopping…\n');
});
const t0 = Date.now();
const line = () =>
  `[${String(Math.round((Date.now() - t0) / 1000)).padStart(4)}s] ${visitors} visitors, ${sent} beacons: ` +
  ([...tally]
    .map(([k, v]) => `${k === 'ok' ? (explained ? 'stored' : 'accepted') : k} ${v}`)
    .join(', ') || 'no answers yet');
process.stdout.write(`sending ${rate} visitors/s for ${seconds}s to ${base} as ${origin}\n`);
const ticker = setInterval(() => process.stdout.write(`${line()}\n`), 3000);
const running = new Set<Promise<void>>();
while (!stopping && Date.now() - t0 < seconds * 1000 && sent < MAX_REQUESTS) {
  const p: Promise<void> = visitor(visitors++).finally(() => running.delete(p));
  running.add(p);
  await sleep(1000 / rate);
}
stopping = true; // visitors in flight stop at their next beacon: the run ends on time
await Promise.all(running);
clearInterval(ticker);
// The server's own counters are exact even where it sends no X-Leadlens-Drop (production).
const delta = [...((await metrics()) ?? [])].map(([k, v]) => [k, v - (before.get(k) ?? 0)]);
const counts = delta.filter(([, d]) => +d > 0).map(([k, d]) => `${k} +${d}`);
process.stdout.write(`done ${line()}\nserver /metrics: ${counts.join(', ') || '-'}\n`);
