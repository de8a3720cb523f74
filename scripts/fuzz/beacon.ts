// Fuzzes POST /e through the real app (app.handle, a real SQLite file): random and mutated bodies,
// content types and peers. Invariants: never a 5xx; a refused beacon (4xx) adds no visit or
// pageview row; no answer ever contains the peer's address.
import type { Harness } from '../../src/testing/harness.ts';
import { INTERESTING, int, mutate, pick, type Rand } from './mutate.ts';

const PEERS = [
  '198.51.100.7',
  '198.51.100.200',
  '2001:db8::1',
  '203.0.113.5',
  '192.0.2.9',
  '10.0.0.1',
  '127.0.0.1',
  '::1',
];
const TYPES = [
  'text/plain',
  'text/plain;charset=UTF-8',
  'application/json',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/xml',
  '',
  'text/plain; charset=latin1',
];
// A real browser's user agent: without one every case would stop at the bot step.
const UA =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36';
const FIELDS = ['s', 'e', 'u', 'r', 't', 'w', 'm', 'ip', 'remote_ip', '__proto__', 'constructor'];

function randomValue(rand: Rand, depth = 0): unknown {
  switch (int(rand, depth > 3 ? 5 : 8)) {
    case 0:
      return pick(rand, INTERESTING);
    case 1:
      return pick(rand, [0, -1, 1.5, 2 ** 53, -(2 ** 31), 100_001, 86_400_001, Number.MAX_VALUE]);
    case 2:
      return pick(rand, [true, false, null]);
    case 3:
      return `https://example.com/${pick(rand, INTERESTING)}`;
    case 4:
      return pick(rand, ['pageview', 'engagement', 'click']);
    case 5:
      return Array.from({ length: int(rand, 4) }, () => randomValue(rand, depth + 1));
    default:
      return Object.fromEntries(
        Array.from({ length: int(rand, 4) }, () => [
          pick(rand, FIELDS),
          randomValue(rand, depth + 1),
        ]),
      );
  }
}

/** One case: a body (text or bytes), a content type, a peer. */
export function beaconCase(rand: Rand, siteKey: string) {
  const valid = {
    s: siteKey,
    u: `https://example.com/page-${int(rand, 50)}`,
    r: 'https://www.google.com/',
    t: 'Title',
    w: 1280,
  };
  let body: string | Uint8Array;
  switch (int(rand, 10)) {
    case 0:
    case 1:
    case 2:
    case 3: {
      // Structured: a valid beacon with a few fields replaced or added.
      const o: Record<string, unknown> = { ...valid };
      for (let n = 1 + int(rand, 3); n > 0; n--) o[pick(rand, FIELDS)] = randomValue(rand);
      body = JSON.stringify(o);
      break;
    }
    case 4:
    case 5:
    case 6:
    case 7:
      body = mutate(rand, JSON.stringify(valid));
      break;
    case 8:
      body = Uint8Array.from({ length: int(rand, 300) }, () => int(rand, 256));
      break;
    default:
      // Deep nesting or a big document under and over the 8 KB cap.
      body =
        rand() < 0.5
          ? `${'['.repeat(2000 + int(rand, 50_000))}`
          : JSON.stringify({ ...valid, t: 'x'.repeat(int(rand, 12_000)) });
  }
  const type = rand() < 0.7 ? 'text/plain' : pick(rand, TYPES);
  return { body, type, peer: pick(rand, PEERS) };
}

export interface FuzzResult {
  passed: number;
  /** Cases the product took (a 202, an import that committed): the rest were refused. */
  accepted: number;
  failed: number;
  failures: string[];
}

const maxId = (h: Harness, table: 'visits' | 'pageviews') =>
  Number(h.db.prepare<{ n: number | null }>(`SELECT max(id) AS n FROM ${table}`).get()?.n ?? 0);

/** Runs cases [from, from + count) of the sequence for `seed`; each case is replayable by index. */
export async function fuzzBeacons(
  h: Harness,
  rand: Rand,
  count: number,
  label = 'beacon',
): Promise<FuzzResult> {
  const r: FuzzResult = { passed: 0, accepted: 0, failed: 0, failures: [] };
  for (let i = 0; i < count; i++) {
    const c = beaconCase(rand, h.siteKey);
    h.now.t += 1000;
    const before = [maxId(h, 'visits'), maxId(h, 'pageviews')];
    let problem: string | null = null;
    try {
      const headers: Record<string, string> = { origin: 'https://example.com', 'user-agent': UA };
      if (c.type) headers['content-type'] = c.type;
      const res = await h.handle(
        new Request('http://leadlens.test/e', {
          method: 'POST',
          headers,
          body: c.body as BodyInit,
        }),
        c.peer,
      );
      const text = await res.text();
      const after = [maxId(h, 'visits'), maxId(h, 'pageviews')];
      if (res.status === 202) r.accepted++;
      if (res.status >= 500) problem = `status ${res.status}: ${text.slice(0, 200)}`;
      else if (res.status >= 400 && (after[0] !== before[0] || after[1] !== before[1]))
        problem = `refused with ${res.status} but rows were written`;
      else if (text.includes(c.peer) && c.peer.length > 3)
        problem = 'the answer contains the peer address';
    } catch (e) {
      problem = `threw: ${(e as Error).message}`;
    }
    if (problem) {
      r.failed++;
      if (r.failures.length < 20) r.failures.push(`${label} case ${i}: ${problem}`);
    } else r.passed++;
  }
  return r;
}
