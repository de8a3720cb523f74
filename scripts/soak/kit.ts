// Shared pieces of `npm run soak`: the server under test, a signed-in dashboard client, process
// and WAL samples, latency percentiles, and wrk runs of real beacons.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { integrityCheck, openDriver, walBytes } from '../../src/db/index.ts';
import {
  BROWSER_UA,
  prepareFixtureData,
  type Spawned,
  spawnServer,
} from '../../src/testing/server.ts';

/** One phase's verdict: the line printed for it, and whether it passed. */
export interface PhaseResult {
  name: string;
  ok: boolean;
  /** `name: PASS|FAIL — numbers`; extra lines (per-check details) after it. */
  lines: string[];
}

/** Lead addresses of the fixture's business networks (Example Manufacturing, CanaryCo). */
export const LEADS = Array.from({ length: 250 }, (_, i) => `198.51.100.${i + 2}`);

// The soak measures capacity and the writer's own shedding, so the per-client and per-site ingest
// limits (checked elsewhere, CHECKS #12/#16) are set out of the way: 250 addresses at 5 k/s would
// otherwise be a flood by design.
const NO_INGEST_LIMITS = {
  INGEST_CLIENT_RATE: '1000000',
  INGEST_CLIENT_BURST: '10000000',
  INGEST_SITE_RATE: '1000000',
  INGEST_SITE_BURST: '10000000',
};

const pinned = !!Bun.which('taskset');
/** `taskset -c cpu` where available: the server on CPU 0, load generators on CPU 1. */
export const pin = (cpu: number) => (pinned ? ['taskset', '-c', String(cpu)] : []);

export interface SoakServer {
  spawned: Spawned;
  base: string;
  pid: number;
  dataDir: string;
  dbPath: string;
  siteKey: string;
  /** A session cookie of the owner account (created through the printed setup link). */
  cookie: string;
}

/**
 * The real CLI server on `dataDir` (fixture networks imported and a site made unless `siteKey` is
 * given: a restart on the same data), signed in as the owner.
 */
export async function startSoakServer(o: {
  dataDir: string;
  workDir: string;
  siteKey?: string;
  env?: Record<string, string>;
}): Promise<SoakServer> {
  const siteKey = o.siteKey ?? prepareFixtureData(o.dataDir, o.workDir).siteKey;
  const spawned = await spawnServer(
    o.dataDir,
    { LOG_LEVEL: 'info', ...NO_INGEST_LIMITS, ...o.env },
    pin(0),
  );
  const s = {
    spawned,
    base: spawned.base,
    pid: spawned.proc.pid,
    dataDir: o.dataDir,
    dbPath: join(o.dataDir, 'leadlens.db'),
    siteKey,
    cookie: '',
  };
  s.cookie = await signIn(s);
  return s;
}

export const OWNER = { email: 'soak@example.com', password: 'soak password 123', name: 'Soak' };

/** The setup link on a fresh database, a login otherwise; the session cookie. */
export async function signIn(s: { base: string; spawned: Spawned }): Promise<string> {
  const stdout = () => new TextDecoder().decode(s.spawned.output().stdout);
  let token: string | null = null;
  for (const until = Date.now() + 2000; !token && Date.now() < until; await Bun.sleep(20)) {
    token = /\/setup\?token=(\S+)/.exec(stdout())?.[1] ?? null;
  }
  const res = token
    ? await postJson(s.base, '/api/setup', { token, ...OWNER })
    : await postJson(s.base, '/api/auth/login', { email: OWNER.email, password: OWNER.password });
  const cookie = /(?:__Host-)?ll_session=[^;]+/.exec(res.headers.get('set-cookie') ?? '')?.[0];
  await res.arrayBuffer();
  if (!res.ok || !cookie) throw new Error(`sign-in failed: ${res.status}`);
  return cookie;
}

/** A same-origin JSON POST (the dashboard's CSRF guard wants the Origin). */
export function postJson(base: string, path: string, body: unknown, cookie?: string) {
  const headers: Record<string, string> = { origin: base, 'content-type': 'application/json' };
  if (cookie) headers.cookie = cookie;
  return fetch(`${base}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
}

/**
 * GET with the session cookie; status and milliseconds (the body is read to its end). Gives up
 * (status 0) after `timeoutMs` in all, or — with `idleMs` — as soon as no byte came for that long:
 * a CSV export of millions of rows may stream for many minutes, but one that stops sending has
 * failed whatever its length.
 */
export async function timedGet(
  base: string,
  path: string,
  cookie?: string,
  timeoutMs = 30_000,
  idleMs = timeoutMs,
): Promise<{ status: number; ms: number; bytes: number }> {
  const t0 = performance.now();
  const ctl = new AbortController();
  const total = setTimeout(() => ctl.abort(), timeoutMs);
  let idle = setTimeout(() => ctl.abort(), idleMs);
  const heard = () => {
    clearTimeout(idle);
    idle = setTimeout(() => ctl.abort(), idleMs);
  };
  try {
    const res = await fetch(`${base}${path}`, {
      headers: cookie ? { cookie, origin: base } : {},
      signal: ctl.signal,
    });
    heard();
    let bytes = 0;
    const reader = res.body?.getReader();
    for (;;) {
      const step = await reader?.read();
      if (!step || step.done) break;
      bytes += step.value.byteLength;
      heard();
    }
    return { status: res.status, ms: performance.now() - t0, bytes };
  } catch {
    return { status: 0, ms: performance.now() - t0, bytes: 0 };
  } finally {
    clearTimeout(total);
    clearTimeout(idle);
  }
}

/**
 * Why beacons were refused, from the server's /metrics: the non-zero refusal outcomes
 * (`overloaded`: the event-loop shedder; `unavailable`: the writer's queue full or too slow) and
 * the writer's shed counter, e.g. "overloaded 12, unavailable 3 (writer shed 3)"; "none" if none.
 */
export async function refusals(base: string): Promise<string> {
  const text = await (await fetch(`${base}/metrics`)).text();
  const n = (re: RegExp) => Number(re.exec(text)?.[1] ?? 0);
  const parts = ['overloaded', 'unavailable', 'rate_limited', 'site_rate_limited', 'limiter_error']
    .map(
      (o) =>
        [o, n(new RegExp(`^leadlens_beacons_total\\{outcome="${o}"\\} (\\d+)$`, 'm'))] as const,
    )
    .filter(([, v]) => v > 0)
    .map(([o, v]) => `${o} ${v}`);
  const shed = n(/^leadlens_writer_shed_total (\d+)$/m);
  return parts.length ? `${parts.join(', ')} (writer shed ${shed})` : 'none';
}

/** One beacon of a unique path; true when it was acknowledged (202). */
export async function sendBeacon(
  base: string,
  siteKey: string,
  path: string,
  address: string,
): Promise<{ status: number; ms: number }> {
  const t0 = performance.now();
  try {
    const res = await fetch(`${base}/e`, {
      method: 'POST',
      headers: {
        'content-type': 'text/plain',
        'user-agent': BROWSER_UA,
        'x-forwarded-for': address,
      },
      body: JSON.stringify({ s: siteKey, e: 'pageview', u: `https://example.com${path}`, w: 1440 }),
      signal: AbortSignal.timeout(10_000),
    });
    await res.arrayBuffer();
    return { status: res.status, ms: performance.now() - t0 };
  } catch {
    return { status: 0, ms: performance.now() - t0 };
  }
}

/** The p-th percentile (0–100) of `values`, nearest rank; NaN for none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

/** A process and its database, as sampled from /proc and the file system. */
export interface Sample {
  at: number;
  rssKb: number;
  fds: number;
  walBytes: number;
}

/**
 * Anonymous RSS (RssAnon: the heap and stacks, what a leak grows), open file descriptors of
 * `pid`, and the size of `dbPath`-wal right now. Not VmRSS: it also counts database pages the
 * export thread maps (mmap) and the page cache they share, which come and go with each export.
 */
export function sample(pid: number, dbPath: string): Sample {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const rssKb = Number(/^RssAnon:\s+(\d+)/m.exec(status)?.[1] ?? Number.NaN);
  const fds = readdirSync(`/proc/${pid}/fd`).length;
  return { at: Date.now(), rssKb, fds, walBytes: walBytes(dbPath) };
}

/** Samples every `everyMs` until `stop()`; the samples so far. */
export function sampler(pid: number, dbPath: string, everyMs: number) {
  const samples: Sample[] = [];
  const take = () => {
    try {
      samples.push(sample(pid, dbPath));
    } catch {
      // The process is gone; the phase notices through its requests.
    }
  };
  take();
  const timer = setInterval(take, everyMs);
  return {
    samples,
    stop() {
      clearInterval(timer);
      take();
      return samples;
    },
  };
}

/** With a fresh connection: `PRAGMA integrity_check`, and how many pageviews' paths start with prefix. */
export function inspectDb(dbPath: string, prefix: string): { integrity: string; stored: number } {
  const db = openDriver(dbPath);
  try {
    const integrity = integrityCheck(db);
    const stored = db
      .prepare<{ n: number }>('SELECT count(*) AS n FROM pageviews WHERE substr(path, 1, ?) = ?')
      .get(prefix.length, prefix)!.n;
    return { integrity, stored };
  } finally {
    db.close();
  }
}

/** The set of `prefix<n>` paths stored (for exact acked ⊆ stored checks). */
export function storedPaths(dbPath: string, prefix: string): Set<string> {
  const db = openDriver(dbPath);
  try {
    return new Set(
      db
        .prepare<{ path: string }>('SELECT path FROM pageviews WHERE substr(path, 1, ?) = ?')
        .all(prefix.length, prefix)
        .map((r) => r.path),
    );
  } finally {
    db.close();
  }
}

/** What one wrk run reported (the WRK_RESULT line of beacons.lua). */
export type WrkResult = Record<string, number> & {
  requests: number;
  rps: number;
  s2xx: number;
  s429: number;
  s503: number;
  non2xx: number;
};

/** ", 15 non-2xx (429: 0, 503: 15, other: 0)" when there were any; "" otherwise. */
export const non2xxNote = (r: { non2xx: number; s429: number; s503: number }) =>
  r.non2xx
    ? `, ${r.non2xx} non-2xx (429: ${r.s429}, 503: ${r.s503}, other: ${r.non2xx - r.s429 - r.s503})`
    : '';

const LUA = join(import.meta.dir, 'beacons.lua');

/** Parses beacons.lua's `WRK_RESULT k=v …` line. */
export function parseWrk(out: string): WrkResult {
  const line = /^WRK_RESULT (.*)$/m.exec(out)?.[1];
  if (!line) throw new Error(`wrk printed no result:\n${out}`);
  const r: Record<string, number> = {};
  for (const kv of line.split(' ')) {
    const [k, v] = kv.split('=');
    r[k] = Number(v);
  }
  r.rps = r.requests / (r.duration_us / 1e6);
  r.non2xx = r.s3xx + r.s4xx + r.s5xx + r.sother;
  return r as WrkResult;
}

/**
 * wrk on CPU 1 sending beacons: with `pages` 0 (the default) each a unique path
 * `prefix/<thread>/<n>`, otherwise a site's mix of `pages` pages under `pagesPrefix` and 2 %
 * one-off URLs (see beacons.lua); `rate` (beacons/s over all connections) paces each connection
 * with a delay, 0 = as fast as the server answers.
 */
export async function wrkBeacons(o: {
  base: string;
  siteKey: string;
  workDir: string;
  seconds: number;
  connections: number;
  prefix: string;
  rate?: number;
  threads?: number;
  pages?: number;
  pagesPrefix?: string;
}): Promise<WrkResult> {
  if (!Bun.which('wrk')) throw new Error('wrk is not installed (apt-get install wrk)');
  const addresses = join(o.workDir, 'addresses.lua');
  if (!existsSync(addresses)) {
    writeFileSync(addresses, `return {${LEADS.map((a) => `"${a}"`).join(',')}}\n`);
  }
  const delayMs = o.rate ? (o.connections * 1000) / o.rate : 0;
  const threads = o.threads ?? 1;
  const p = Bun.spawn(
    [
      ...pin(1),
      'wrk',
      `-t${threads}`,
      `-c${Math.max(threads, o.connections)}`,
      `-d${Math.max(1, Math.round(o.seconds))}s`,
      '--timeout',
      '10s',
      '-s',
      LUA,
      `${o.base}/e`,
      '--',
      addresses,
      o.siteKey,
      o.prefix,
      String(delayMs),
      String(o.pages ?? 0),
      o.pagesPrefix ?? o.prefix,
    ],
    { stdout: 'pipe', stderr: 'pipe' },
  );
  const [out, err] = await Promise.all([
    new Response(p.stdout).text(),
    new Response(p.stderr).text(),
  ]);
  await p.exited;
  return parseWrk(out + err);
}

/** Formats bytes as MiB with one decimal. */
export const mib = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MiB`;
/** Formats milliseconds with one decimal. */
export const ms = (v: number) => `${Number.isFinite(v) ? v.toFixed(1) : '–'} ms`;

/** Runs `fn` in `n` parallel loops until `signal` aborts. */
export async function loops(n: number, signal: AbortSignal, fn: (i: number) => Promise<unknown>) {
  await Promise.all(
    Array.from({ length: n }, async (_, i) => {
      while (!signal.aborted) await fn(i);
    }),
  );
}
