// Invariant 1 end to end (CHECKS.md #24, #26): canary client addresses go through the real server
// on every tracking path (stored, counted, dropped, 400, 404, 413, 415, 500, 503, opted out), then
// every file under the data directory and everything the processes printed is scanned for each
// canary in every encoding we can think of. Any hit fails, naming file, form and offset.
// Phase 1 ends with SIGTERM (drain + checkpoint), phase 2 with kill -9 (the WAL stays behind).
// Phase 2 also signs in through the printed setup link and logs in, opts CanaryCo out through the
// public page, saves company exports, the CSV exports and token-API answers into the data dir,
// sets up a trigger (its outbox messages sit in the database) and runs `leadlens backup` beside the
// running server: those files are scanned like the rest.
import { afterAll, beforeAll, expect, test } from 'bun:test';
import { createHash } from 'node:crypto';
import {
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { connect } from 'node:net';
import { join, relative } from 'node:path';
import { openDriver } from './db/index.ts';
import { ipv6ToString, parseIPv6, parseIp } from './ipindex/index.ts';
import {
  BROWSER_UA,
  CLI,
  prepareFixtureData,
  type Spawned,
  serverEnv,
  spawnServer,
} from './testing/server.ts';
import { tempDir } from './testing/tmp.ts';

/**
 * The server's temp files (SQLite's statement journals and VACUUM INTO scratch, anything Bun
 * spills) go to a folder inside the data dir, so the scans below cover them too.
 */
function scratchEnv(dataDir: string): Record<string, string> {
  const scratch = join(dataDir, 'tmp');
  mkdirSync(scratch, { recursive: true });
  return { TMPDIR: scratch, SQLITE_TMPDIR: scratch };
}

type Kind = 'lead' | 'canaryco' | 'isp';
/** Sent as trusted X-Forwarded-For (the server's peer is 127.0.0.1, a trusted proxy). */
const CANARIES: { ip: string; kind: Kind }[] = [
  { ip: '198.51.100.77', kind: 'lead' }, // Example Manufacturing GmbH
  { ip: '198.51.100.177', kind: 'canaryco' }, // CanaryCo AG's /25; opted out before phase 2
  { ip: '203.0.113.77', kind: 'isp' }, // counted only
  { ip: '2001:db8::beef:77', kind: 'lead' }, // Example University (education)
  { ip: '::ffff:198.51.100.78', kind: 'lead' }, // IPv4-mapped
];
/** The socket peer itself (untrusted, so its X-Forwarded-For is ignored): a client bound to it. */
const SOCKET_CANARY = '127.0.0.77';

// ---------------------------------------------------------------------------------------------
// Encodings. `needle` is searched (ASCII case-folded when `fold`); `plants` are full examples the
// self-check writes to disk, which must contain the needle.

interface Form {
  canary: string;
  name: string;
  needle: Buffer;
  fold: boolean;
  plants: Buffer[];
}

const b = (s: string) => Buffer.from(s, 'latin1');
const pad3 = (n: number) => String(n).padStart(3, '0');
const pairs = (hex: string) => hex.match(/../g) ?? [];

function text(name: string, s: string, variants: string[] = [s]): Omit<Form, 'canary'> {
  return { name, needle: b(s), fold: true, plants: variants.map(b) };
}
function bytes(name: string, raw: Buffer, plants: Buffer[] = [raw]): Omit<Form, 'canary'> {
  return { name, needle: raw, fold: false, plants };
}

/**
 * Base64 (and base64url) of `raw` as it appears inside a longer encoding starting `shift` bytes
 * earlier: only the characters that depend on `raw` alone are searched.
 */
function base64Forms(label: string, raw: Buffer, shifts: number[]): Omit<Form, 'canary'>[] {
  const out: Omit<Form, 'canary'>[] = [];
  for (const k of shifts) {
    const enc = Buffer.concat([Buffer.alloc(k), raw, Buffer.alloc(2)]).toString('base64');
    const first = Math.ceil((8 * k) / 6);
    const last = Math.floor((8 * (k + raw.length)) / 6);
    const plant = Buffer.concat([b('xy').subarray(0, k), raw]).toString('base64');
    const at = k ? ` at byte offset ${k}` : '';
    const needle = enc.slice(first, last);
    out.push(bytes(`base64 of ${label}${at}`, b(needle), [b(plant)]));
    const url = (s: string) => s.replaceAll('+', '-').replaceAll('/', '_');
    if (url(needle) !== needle)
      out.push(bytes(`base64url of ${label}${at}`, b(url(needle)), [b(url(plant))]));
  }
  return out;
}

function hashForms(s: string): Omit<Form, 'canary'>[] {
  return ['md5', 'sha1', 'sha256'].flatMap((alg) => {
    const d = createHash(alg).update(s).digest();
    return [
      text(`${alg}(text) hex`, d.toString('hex')),
      bytes(`${alg}(text) raw`, d),
      ...base64Forms(`${alg}(text)`, d, [0]),
    ];
  });
}

function v4Forms(raw: Buffer): Omit<Form, 'canary'>[] {
  const dotted = [...raw].join('.');
  const hex = raw.toString('hex');
  const le = Buffer.from(raw).reverse();
  const groups = `${parseInt(hex.slice(0, 4), 16).toString(16)}:${parseInt(hex.slice(4), 16).toString(16)}`;
  return [
    text('dotted', dotted),
    text('zero-padded dotted', [...raw].map(pad3).join('.')),
    text('::ffff:-mapped dotted', `::ffff:${dotted}`, [`::ffff:${dotted}`, `::FFFF:${dotted}`]),
    text('::ffff:-mapped hex', `::ffff:${groups}`),
    bytes('4 bytes big-endian', raw),
    bytes('4 bytes little-endian', le),
    text('uint32 decimal', String(raw.readUInt32BE(0))),
    text('uint32 decimal (little-endian)', String(raw.readUInt32LE(0))),
    text('hex', hex, [hex, hex.toUpperCase(), `0x${hex}`]),
    text('hex little-endian', le.toString('hex'), [le.toString('hex').toUpperCase()]),
    ...[':', '-', ' ', '.'].map((sep) =>
      text(`hex separated by "${sep}"`, pairs(hex).join(sep), [
        pairs(hex).join(sep),
        pairs(hex.toUpperCase()).join(sep),
      ]),
    ),
    text('in-addr.arpa', `${[...raw].reverse().join('.')}.in-addr.arpa`),
    bytes('UTF-16LE dotted', Buffer.from(dotted, 'utf16le')),
    // 4 raw bytes give only 5 fixed base64 characters at offset 0, and 4 at other offsets: too
    // short to search in binary files without false alarms. The text forms are long enough.
    ...base64Forms('4 bytes', raw, [0]),
    ...base64Forms('dotted text', b(dotted), [0, 1, 2]),
    ...hashForms(dotted),
  ];
}

function v6Forms(raw: Buffer): Omit<Form, 'canary'>[] {
  const words = raw.toString('hex').match(/.{4}/g) as string[];
  const compressed = ipv6ToString(parseIp(words.join(':'))!.value);
  const expanded = words.join(':');
  const nibbles = [...raw.toString('hex')].reverse().join('.');
  return [
    text('IPv6 compressed', compressed, [compressed, compressed.toUpperCase()]),
    text('IPv6 expanded', expanded, [expanded, expanded.toUpperCase()]),
    text('IPv6 unpadded', words.map((w) => w.replace(/^0+(?=.)/, '')).join(':')),
    bytes('16 bytes', raw),
    text('hex', raw.toString('hex'), [raw.toString('hex'), raw.toString('hex').toUpperCase()]),
    text('ip6.arpa', `${nibbles}.ip6.arpa`, [`${nibbles}.ip6.arpa`, `${nibbles}.IP6.ARPA`]),
    bytes('UTF-16LE compressed', Buffer.from(compressed, 'utf16le')),
    ...base64Forms('16 bytes', raw, [0, 1, 2]),
    ...base64Forms('compressed text', b(compressed), [0, 1, 2]),
    ...hashForms(compressed),
  ];
}

/** Every form of one canary, de-duplicated (IPv4-mapped addresses get IPv4 and IPv6 forms). */
function formsOf(canary: string): Form[] {
  const specs: Omit<Form, 'canary'>[] = [];
  const v4 = parseIp(canary);
  if (v4?.family === 4) {
    specs.push(...v4Forms(Buffer.from(canary.split('.').map(Number))));
  } else {
    const w = new Uint32Array(4);
    if (!parseIPv6(canary, w)) throw new Error(`not an address: ${canary}`);
    const raw = Buffer.alloc(16);
    for (let i = 0; i < 4; i++) raw.writeUInt32BE(w[i], i * 4);
    specs.push(...v6Forms(raw));
    if (w[0] === 0 && w[1] === 0 && w[2] === 0xffff) specs.push(...v4Forms(raw.subarray(12)));
  }
  const byNeedle = new Map<string, Form>();
  for (const s of specs) {
    const key = `${s.fold}:${s.fold ? s.needle.toString('latin1').toLowerCase() : s.needle.toString('hex')}`;
    const seen = byNeedle.get(key);
    if (seen) {
      seen.name += ` / ${s.name}`;
      seen.plants.push(...s.plants);
    } else {
      byNeedle.set(key, {
        ...s,
        canary,
        needle: s.fold ? b(s.needle.toString('latin1').toLowerCase()) : s.needle,
      });
    }
  }
  return [...byNeedle.values()];
}

// ---------------------------------------------------------------------------------------------
// Scanner

interface Hit {
  where: string;
  canary: string;
  form: string;
  offset: number;
}

function asciiLower(buf: Buffer): Buffer {
  const out = Buffer.from(buf);
  for (let i = 0; i < out.length; i++) if (out[i] >= 65 && out[i] <= 90) out[i] += 32;
  return out;
}

function scanBytes(where: string, data: Uint8Array, forms: readonly Form[]): Hit[] {
  const exact = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  let folded: Buffer | null = null;
  const hits: Hit[] = [];
  for (const f of forms) {
    const hay = f.fold ? (folded ??= asciiLower(exact)) : exact;
    for (let i = hay.indexOf(f.needle); i >= 0; i = hay.indexOf(f.needle, i + 1)) {
      hits.push({ where, canary: f.canary, form: f.name, offset: i });
    }
  }
  return hits;
}

/** Every regular file under `dir`, recursively (symlinks are reported, never followed). */
function filesUnder(dir: string): { path: string; size: number }[] {
  const out: { path: string; size: number }[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    const st = lstatSync(p);
    if (st.isDirectory()) out.push(...filesUnder(p));
    else out.push({ path: p, size: st.size });
  }
  return out;
}

function scanTree(dir: string, forms: readonly Form[]): Hit[] {
  return filesUnder(dir).flatMap((f) =>
    scanBytes(relative(dir, f.path), readFileSync(f.path), forms),
  );
}

const FORMS = [...CANARIES.map((c) => c.ip), SOCKET_CANARY].flatMap(formsOf);
const describeHit = (h: Hit) => `${h.where}: ${h.canary} as ${h.form} at offset ${h.offset}`;

/**
 * Proves the scanner can fail: plants every form of every canary in scratch files inside `dir`
 * (one nested, to prove the walk recurses), expects each at its exact offset, removes them.
 */
function selfCheck(dir: string): void {
  const scratch = join(dir, 'selfcheck-scratch.bin');
  const nestedDir = join(dir, 'selfcheck', 'deeper');
  const nested = join(nestedDir, 'scratch.bin');
  const parts: Buffer[] = [];
  const expected: string[] = [];
  let at = 0;
  for (const f of FORMS) {
    for (const plant of f.plants) {
      const inPlant = (f.fold ? asciiLower(plant) : plant).indexOf(f.needle);
      if (inPlant < 0) throw new Error(`bad form ${f.name} of ${f.canary}: plant lacks needle`);
      const filler = Buffer.alloc(7, 0x23);
      parts.push(filler, plant);
      expected.push(
        describeHit({
          where: 'selfcheck-scratch.bin',
          canary: f.canary,
          form: f.name,
          offset: at + filler.length + inPlant,
        }),
      );
      at += filler.length + plant.length;
    }
  }
  try {
    writeFileSync(scratch, Buffer.concat(parts));
    mkdirSync(nestedDir, { recursive: true });
    writeFileSync(nested, Buffer.concat([b('log line: '), FORMS[0].plants[0]]));
    const found = new Set(scanTree(dir, FORMS).map(describeHit));
    const missed = expected.filter((e) => !found.has(e));
    expect(missed).toEqual([]);
    expect([...found].some((h) => h.startsWith(join('selfcheck', 'deeper', 'scratch.bin')))).toBe(
      true,
    );
    // The in-memory path (captured output) is the same function; check it too.
    expect(scanBytes('stderr', Buffer.concat(parts), FORMS).length).toBeGreaterThanOrEqual(
      expected.length,
    );
  } finally {
    rmSync(scratch, { force: true });
    rmSync(join(dir, 'selfcheck'), { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// Traffic

const data = tempDir('leadlens-canary-');
const work = tempDir('leadlens-canary-work-');
const outputs: { label: string; bytes: Uint8Array }[] = [];
let siteKey = '';
let server: Spawned | null = null;

beforeAll(() => {
  const prepared = prepareFixtureData(data.dir, work.dir);
  siteKey = prepared.siteKey;
  for (const [i, o] of prepared.outputs.entries()) {
    outputs.push({ label: `cli import output ${i}`, bytes: o });
  }
});
afterAll(() => {
  server?.proc.kill('SIGKILL');
  data.cleanup();
  work.cleanup();
});

interface Answer {
  status: number;
  outcome: string;
}

async function send(
  path: string,
  init: { xff?: string; body?: string; headers?: Record<string, string>; method?: string },
): Promise<Answer> {
  const headers: Record<string, string> = {
    'content-type': 'text/plain',
    'user-agent': BROWSER_UA,
    ...(init.xff ? { 'x-forwarded-for': init.xff } : {}),
    ...init.headers,
  };
  const res = await fetch(`${server!.base}${path}`, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers,
    body: init.body,
  });
  await res.arrayBuffer();
  return { status: res.status, outcome: res.headers.get('x-leadlens-drop') ?? 'stored' };
}

/**
 * Raw HTTP/1.1 over a socket bound to `localAddress` (the server sees that peer), or aborted after
 * `abortAfterMs` with the body half sent (the server's error path).
 */
function rawHttp(
  head: string[],
  body: string,
  o: { localAddress?: string; abortAfterMs?: number } = {},
): Promise<Answer> {
  const port = Number(new URL(server!.base).port);
  return new Promise((resolve) => {
    const sock = connect({ host: '127.0.0.1', port, localAddress: o.localAddress });
    let out = '';
    sock.setEncoding('latin1');
    sock.on('data', (d) => (out += d));
    sock.on('error', () => {});
    sock.on('close', () =>
      resolve({
        status: Number(/^HTTP\/1\.1 (\d{3})/.exec(out)?.[1] ?? 0),
        outcome: /x-leadlens-drop: ([a-z_]+)/i.exec(out)?.[1] ?? (out ? 'stored' : 'none'),
      }),
    );
    sock.write(`${head.join('\r\n')}\r\n\r\n${body}`);
    setTimeout(() => sock.destroy(), o.abortAfterMs ?? 3000);
  });
}

const pageview = (u: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    s: siteKey,
    e: 'pageview',
    u,
    r: 'https://search.example.net/',
    t: 'T',
    w: 1440,
    ...extra,
  });
const engagement = (m: number) =>
  JSON.stringify({ s: siteKey, e: 'engagement', u: 'https://example.com/c/1', m });

type Case = [label: string, run: () => Promise<Answer>, status: number, outcome: string];

/** The requests one XFF canary makes in a phase, with the answers they must get. */
function casesFor(ip: string, kind: Kind, phase: 1 | 2): Case[] {
  const optedOut = kind === 'canaryco' && phase === 2;
  const pv = optedOut ? 'opted_out' : kind === 'isp' ? 'counted' : 'stored';
  const hop = ip.includes(':') ? `[${ip}]:443` : `${ip}:8080`;
  const bodyWithIp = JSON.stringify({
    s: siteKey,
    u: 'https://example.com/c/5',
    ip,
    remote_ip: ip,
  });
  return [
    [
      'engagement before any pageview',
      () => send('/e', { xff: ip, body: engagement(10) }),
      202,
      optedOut ? 'opted_out' : 'no_visit',
    ],
    ['pageview', () => send('/e', { xff: ip, body: pageview('https://example.com/c/1') }), 202, pv],
    [
      'pageview via two proxies',
      () =>
        send('/e', {
          xff: `${ip}, 127.0.0.1`,
          body: pageview('https://www.example.com/c/2?utm_source=x'),
        }),
      202,
      pv,
    ],
    [
      'pageview, hop with a port',
      () => send('/e', { xff: hop, body: pageview('https://example.com/c/3#h') }),
      202,
      pv,
    ],
    [
      'engagement',
      () => send('/e', { xff: ip, body: engagement(4200) }),
      202,
      optedOut ? 'opted_out' : kind === 'isp' ? 'counted' : 'stored',
    ],
    [
      'noscript pixel',
      () =>
        send(`/p.gif?s=${siteKey}&u=${encodeURIComponent('https://example.com/c/4')}`, { xff: ip }),
      200,
      pv,
    ],
    ['ip fields in the body', () => send('/e', { xff: ip, body: bodyWithIp }), 202, pv],
    [
      'spoofed left-most hop',
      () => send('/e', { xff: `${ip}, 192.0.2.9`, body: pageview('https://example.com/c/6') }),
      202,
      'counted',
    ],
    [
      'Googlebot',
      () =>
        send('/e', {
          xff: ip,
          body: pageview('https://example.com/'),
          headers: { 'user-agent': 'Googlebot/2.1 (+http://www.google.com/bot.html)' },
        }),
      202,
      'bot',
    ],
    [
      'HeadlessChrome',
      () =>
        send('/e', {
          xff: ip,
          body: pageview('https://example.com/'),
          headers: { 'user-agent': 'Mozilla/5.0 HeadlessChrome/126.0' },
        }),
      202,
      'bot',
    ],
    [
      'prefetch',
      () =>
        send('/e', {
          xff: ip,
          body: pageview('https://example.com/'),
          headers: { 'sec-purpose': 'prefetch' },
        }),
      202,
      'prefetch',
    ],
    [
      'Global Privacy Control',
      () =>
        send('/e', {
          xff: ip,
          body: pageview('https://example.com/'),
          headers: { 'sec-gpc': '1' },
        }),
      202,
      'gpc',
    ],
    [
      'invalid JSON naming the address',
      () => send('/e', { xff: ip, body: `{"ip":"${ip}","s":` }),
      400,
      'invalid',
    ],
    [
      'javascript: URL',
      () => send('/e', { xff: ip, body: pageview('javascript:alert(1)') }),
      400,
      'invalid',
    ],
    [
      'oversized body',
      () =>
        send('/e', {
          xff: ip,
          body: pageview('https://example.com/', { pad: `${ip} `.repeat(900) }),
        }),
      413,
      'too_large',
    ],
    [
      'form content type',
      () =>
        send('/e', {
          xff: ip,
          body: pageview('https://example.com/'),
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
        }),
      415,
      'unsupported_type',
    ],
    [
      'unknown site',
      () =>
        send('/e', {
          xff: ip,
          body: JSON.stringify({ s: 'nosuchsite', u: 'https://example.com/' }),
        }),
      404,
      'unknown_site',
    ],
    [
      'page of another domain',
      () => send('/e', { xff: ip, body: pageview('https://evil.test/') }),
      202,
      'host_mismatch',
    ],
    ['unknown route', () => send('/nope', { xff: ip }), 404, 'stored'],
    ['health check', () => send('/healthz', { xff: ip }), 200, 'stored'],
    [
      'body aborted half-way (server error path)',
      () =>
        rawHttp(
          [
            'POST /e HTTP/1.1',
            'Host: leadlens.test',
            'Content-Type: text/plain',
            `User-Agent: ${BROWSER_UA}`,
            `X-Forwarded-For: ${ip}`,
            'Transfer-Encoding: chunked',
          ],
          // The chunk announces 256 bytes and the client hangs up after a few.
          `100\r\n{"ip":"${ip}","s":`,
          { abortAfterMs: 150 },
        ),
      0,
      'none',
    ],
  ];
}

/** The socket canary: the client binds 127.0.0.77; the XFF it sends must be ignored. */
function socketCases(): Case[] {
  const head = (length: number, ua = BROWSER_UA) => [
    'POST /e HTTP/1.1',
    'Host: leadlens.test',
    'Content-Type: text/plain',
    `User-Agent: ${ua}`,
    'X-Forwarded-For: 198.51.100.77',
    `Content-Length: ${length}`,
    'Connection: close',
  ];
  const raw = (body: string, ua?: string) =>
    rawHttp(head(Buffer.byteLength(body), ua), body, { localAddress: SOCKET_CANARY });
  return [
    ['socket: engagement before any pageview', () => raw(engagement(5)), 202, 'no_visit'],
    [
      'socket: pageview (unresolved, XFF ignored)',
      () => raw(pageview('https://example.com/s/1')),
      202,
      'counted',
    ],
    ['socket: engagement', () => raw(engagement(900)), 202, 'counted'],
    ['socket: bot', () => raw(pageview('https://example.com/'), 'curl/8.5.0'), 202, 'bot'],
    ['socket: invalid', () => raw(`{"ip":"${SOCKET_CANARY}"`), 400, 'invalid'],
  ];
}

async function runCases(cases: Case[]): Promise<void> {
  const got: string[] = [];
  const want: string[] = [];
  for (const [label, run, status, outcome] of cases) {
    const a = await run();
    got.push(`${label}: ${a.status} ${a.outcome}`);
    want.push(`${label}: ${status} ${outcome}`);
  }
  expect(got).toEqual(want);
}

function trafficFor(phase: 1 | 2): Case[] {
  return [
    ...CANARIES.flatMap((c) =>
      casesFor(c.ip, c.kind, phase).map(([l, ...r]): Case => [`${c.ip} ${l}`, ...r]),
    ),
    ...socketCases(),
  ];
}

function collect(label: string, s: Spawned): void {
  const o = s.output();
  outputs.push(
    { label: `${label} stdout`, bytes: o.stdout },
    { label: `${label} stderr`, bytes: o.stderr },
  );
}

/** Self-check, then the real scan of every file and every captured stream. */
function assertNoCanary(phase: string): void {
  selfCheck(data.dir);
  const files = filesUnder(data.dir);
  const hits = [
    ...scanTree(data.dir, FORMS),
    ...outputs.flatMap((o) => scanBytes(o.label, o.bytes, FORMS)),
  ];
  console.log(
    `${phase}: ${FORMS.length} forms of ${CANARIES.length + 1} canaries in ` +
      `${files.map((f) => `${relative(data.dir, f.path)} (${f.size} B)`).join(', ')} ` +
      `and ${outputs.length} output streams (${outputs.reduce((n, o) => n + o.bytes.byteLength, 0)} B): ${hits.length} hits`,
  );
  expect(hits.slice(0, 50).map(describeHit)).toEqual([]);
}

const dbPath = () => join(data.dir, 'leadlens.db');
const countOf = (sql: string) => {
  const db = openDriver(dbPath());
  try {
    return db.prepare<{ n: number }>(sql).get()!.n;
  } finally {
    db.close();
  }
};
const CANARYCO_VISITS =
  "SELECT count(*) AS n FROM visits v JOIN companies c ON c.id = v.company_id WHERE c.name = 'CanaryCo AG'";
let canaryCoVisits = 0;

test('phase 1: canary traffic on every path, SIGTERM; no canary in any file or output', async () => {
  server = await spawnServer(data.dir, scratchEnv(data.dir));
  await runCases(trafficFor(1));
  expect(await server.stop()).toBe(0);
  collect('phase 1 server', server);
  server = null;

  assertNoCanary('after SIGTERM');
  // The traffic really was stored: the scan above looked at real rows.
  canaryCoVisits = countOf(CANARYCO_VISITS);
  expect(canaryCoVisits).toBeGreaterThan(0);
  expect(countOf("SELECT count(*) AS n FROM visits WHERE class = 'education'")).toBeGreaterThan(0);
  expect(countOf('SELECT count(*) AS n FROM pageviews')).toBeGreaterThanOrEqual(12);
  expect(countOf("SELECT count(*) AS n FROM daily_counts WHERE class = 'isp'")).toBeGreaterThan(0);
}, 30_000);

// ---------------------------------------------------------------------------------------------
// The admin side of phase 2: sign-in, the public opt-out, exports, backup.

const idOf = (name: string) =>
  countOf(`SELECT id AS n FROM companies WHERE name = '${name.replaceAll("'", "''")}'`);

/** The one-time setup link the server printed on stdout (a plain line, not a log field). */
async function setupToken(s: Spawned): Promise<string> {
  for (const until = Date.now() + 5000; Date.now() < until; await Bun.sleep(20)) {
    const m = /\/setup\?token=([^\s]+)/.exec(new TextDecoder().decode(s.output().stdout));
    if (m) return m[1];
  }
  throw new Error('no setup link on stdout');
}

/** A JSON POST from the canary `xff`, same-origin; the answer and its session cookie. */
async function post(path: string, body: unknown, xff: string) {
  const res = await fetch(`${server!.base}${path}`, {
    method: 'POST',
    headers: { origin: server!.base, 'content-type': 'application/json', 'x-forwarded-for': xff },
    body: JSON.stringify(body),
  });
  await res.arrayBuffer();
  return {
    status: res.status,
    cookie: /ll_session=[^;]+/.exec(res.headers.get('set-cookie') ?? '')?.[0],
  };
}

/** Creates the owner through the printed setup link, then logs in again: the session cookie. */
async function signIn(): Promise<string> {
  const owner = { email: 'owner@example.com', password: 'owner password 123' };
  const setup = await post(
    '/api/setup',
    { token: await setupToken(server!), name: 'Owner', ...owner },
    CANARIES[0].ip,
  );
  expect(setup.status).toBe(200);
  const wrong = await post('/api/auth/login', { ...owner, password: 'wrong' }, CANARIES[3].ip);
  expect(wrong.status).toBe(401);
  const login = await post('/api/auth/login', owner, CANARIES[4].ip);
  expect(login.status).toBe(200);
  return login.cookie!;
}

/** Saves GET /api/companies/:id/export of `name` under <data>/exports/, as a browser would. */
async function saveExport(cookie: string, name: string, xff: string): Promise<void> {
  const res = await fetch(`${server!.base}/api/companies/${idOf(name)}/export`, {
    headers: { cookie, 'x-forwarded-for': xff },
  });
  expect(res.status).toBe(200);
  const file = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')![1];
  mkdirSync(join(data.dir, 'exports'), { recursive: true });
  writeFileSync(join(data.dir, 'exports', file), Buffer.from(await res.arrayBuffer()));
}

/** GET `path` (session cookie or bearer token) saved as <data>/exports/`file`, as a client would. */
async function saveGet(path: string, file: string, auth: Record<string, string>, xff: string) {
  const res = await fetch(`${server!.base}${path}`, {
    headers: { ...auth, 'x-forwarded-for': xff },
  });
  expect(res.status).toBe(200);
  mkdirSync(join(data.dir, 'exports'), { recursive: true });
  writeFileSync(join(data.dir, 'exports', file), Buffer.from(await res.arrayBuffer()));
}

/** A same-origin JSON request with the session cookie from the canary `xff`; the parsed answer. */
async function sessionJson(
  cookie: string,
  method: string,
  path: string,
  body: unknown,
  xff: string,
) {
  const res = await fetch(`${server!.base}${path}`, {
    method,
    headers: {
      cookie,
      origin: server!.base,
      'content-type': 'application/json',
      'x-forwarded-for': xff,
    },
    body: JSON.stringify(body),
  });
  expect(res.status).toBeLessThan(300);
  return (await res.json()) as Record<string, unknown>;
}

/** The files phase 2 saves under <data>/exports/ besides the per-company JSON documents. */
const SAVED_OUTPUTS = [
  'companies.csv',
  'visits.csv',
  'pageviews.csv',
  'v1-companies.json',
  'v1-visits.json',
  'v1-companies.csv',
  'v1-triggers.json',
];

/** `leadlens backup <data>/backup.db` in its own process, beside the running server. */
async function backup(): Promise<number> {
  const proc = Bun.spawn([process.execPath, CLI, 'backup', join(data.dir, 'backup.db')], {
    env: serverEnv(data.dir, scratchEnv(data.dir)),
    stdout: 'pipe',
    stderr: 'pipe',
  });
  const [code, stdout, stderr] = await Promise.all([
    proc.exited,
    new Response(proc.stdout).arrayBuffer(),
    new Response(proc.stderr).arrayBuffer(),
  ]);
  outputs.push(
    { label: 'backup stdout', bytes: new Uint8Array(stdout) },
    { label: 'backup stderr', bytes: new Uint8Array(stderr) },
  );
  return code;
}

test('phase 2: opt-out, exports, backup, failed commits (503), kill -9; no canary anywhere', async () => {
  server = await spawnServer(data.dir, scratchEnv(data.dir));
  const cookie = await signIn();
  // The real opt-out: the public page, from inside CanaryCo's range, via the trusted proxy.
  const optout = await fetch(`${server.base}/opt-out`, {
    method: 'POST',
    headers: {
      origin: server.base,
      'content-type': 'application/x-www-form-urlencoded',
      'x-forwarded-for': CANARIES[1].ip,
    },
    body: 'lang=en',
  });
  await optout.arrayBuffer();
  expect(optout.status).toBe(200);
  expect(countOf(CANARYCO_VISITS)).toBe(0);
  expect(
    countOf(
      "SELECT count(*) AS n FROM optouts o JOIN companies c ON c.id = o.company_id WHERE c.name = 'CanaryCo AG'",
    ),
  ).toBe(1);

  // A trigger on every lead visit with tag, e-mail and webhook actions: its firings and the
  // messages waiting in the outbox (company, pages, never an address) are in the scanned files.
  await sessionJson(
    cookie,
    'POST',
    '/api/triggers',
    {
      name: 'Every lead',
      enabled: true,
      siteId: null,
      frequency: 'visit',
      rules: { match: 'any', conditions: [{ type: 'class', in: ['business', 'education'] }] },
      actions: [
        { type: 'tag', tag: 'seen' },
        { type: 'email', to: ['sales@example.com'] },
        { type: 'webhook', url: 'https://hooks.example.com/leadlens' },
      ],
    },
    CANARIES[0].ip,
  );
  await runCases(trafficFor(2));
  // CSV exports and the token API, saved as files a client would keep.
  const session = { cookie };
  await saveGet('/api/export/companies.csv', 'companies.csv', session, CANARIES[0].ip);
  await saveGet('/api/export/visits.csv', 'visits.csv', session, CANARIES[3].ip);
  await saveGet('/api/export/pageviews.csv', 'pageviews.csv', session, CANARIES[0].ip);
  const token = await sessionJson(
    cookie,
    'POST',
    '/api/tokens',
    { name: 'canary', scope: 'read' },
    CANARIES[0].ip,
  );
  const bearer = { authorization: `Bearer ${token.secret as string}` };
  await saveGet('/api/v1/companies', 'v1-companies.json', bearer, CANARIES[3].ip);
  await saveGet('/api/v1/visits', 'v1-visits.json', bearer, CANARIES[0].ip);
  await saveGet('/api/v1/exports/companies.csv', 'v1-companies.csv', bearer, CANARIES[3].ip);
  await saveGet('/api/v1/triggers', 'v1-triggers.json', bearer, CANARIES[0].ip);
  expect(countOf('SELECT count(*) AS n FROM outbox')).toBeGreaterThan(0);
  expect(readFileSync(join(data.dir, 'exports', 'visits.csv'), 'utf8')).toContain('Example');
  for (const [name, xff] of [
    ['Example Manufacturing GmbH', CANARIES[0].ip],
    ['Example University', CANARIES[3].ip],
  ]) {
    await saveExport(cookie, name, xff);
  }

  // Another connection holds the write lock: the next batch fails after busy_timeout and its
  // beacons get 503; the failure is logged. Then the lock goes and ingest resumes.
  const locker = openDriver(dbPath());
  locker.exec('BEGIN IMMEDIATE');
  const failed = Promise.all([
    send('/e', { xff: CANARIES[0].ip, body: pageview('https://example.com/c/503') }),
    send('/e', { xff: CANARIES[3].ip, body: pageview('https://example.com/c/503') }),
  ]);
  const answers = await failed;
  locker.exec('ROLLBACK');
  locker.close();
  expect(answers.map((a) => `${a.status} ${a.outcome}`)).toEqual([
    '503 unavailable',
    '503 unavailable',
  ]);
  // The backup runs while beacons are still being stored.
  const [backedUp] = await Promise.all([
    backup(),
    runCases([
      [
        'during the backup',
        () => send('/e', { xff: CANARIES[3].ip, body: pageview('https://example.com/c/8') }),
        202,
        'stored',
      ],
    ]),
  ]);
  expect(backedUp).toBe(0);
  expect(statSync(join(data.dir, 'backup.db')).mode & 0o777).toBe(0o600);
  const copy = openDriver(join(data.dir, 'backup.db'), { readonly: true });
  expect(copy.prepare<{ n: number }>(CANARYCO_VISITS).get()!.n).toBe(0);
  expect(copy.prepare<{ n: number }>('SELECT count(*) AS n FROM visits').get()!.n).toBeGreaterThan(
    0,
  );
  copy.close();
  // Last, so the WAL holds a commit at the kill: a connection closing (the backup's, or the
  // locker's) may checkpoint and truncate it while no transaction is open.
  await runCases([
    [
      'after the lock',
      () => send('/e', { xff: CANARIES[0].ip, body: pageview('https://example.com/c/7') }),
      202,
      'stored',
    ],
  ]);

  await server.stop('SIGKILL');
  collect('phase 2 server', server);
  server = null;

  const wal = filesUnder(data.dir).find((f) => f.path.endsWith('-wal'));
  expect(wal?.size ?? 0).toBeGreaterThan(0); // the crash left a WAL behind, and it is scanned
  assertNoCanary('after kill -9');
  // Recovery: a fresh connection replays the WAL into the database file; then scan once more.
  const recover = openDriver(dbPath());
  recover.prepare('PRAGMA wal_checkpoint(TRUNCATE)').run();
  recover.close();
  // The opt-out deleted CanaryCo's past visits (phase 1 stored some) and dropped the new ones.
  expect(canaryCoVisits).toBeGreaterThan(0);
  expect(countOf(CANARYCO_VISITS)).toBe(0);
  expect(readdirSync(join(data.dir, 'exports')).sort()).toEqual(
    [
      ...[idOf('Example Manufacturing GmbH'), idOf('Example University')].map(
        (id) => `company-${id}.json`,
      ),
      ...SAVED_OUTPUTS,
    ].sort(),
  );
  assertNoCanary('after recovery');
}, 40_000);
