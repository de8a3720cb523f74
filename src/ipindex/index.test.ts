import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { seededRandom } from '../testing/random.ts';
import { IndexBuilder, type RangeIn } from './build.ts';
import { IPV6_MAX, ipv4ToString, ipv6ToString, parseIp } from './convert.ts';
import { INVALID, IpIndex, NOT_FOUND } from './ip-index.ts';
import { deserializeIndex, serializeIndex } from './serialize.ts';

type R = { family: 4 | 6; start: bigint; end: bigint; priority: number; rangeId: number };

function build(ranges: R[]): IpIndex {
  const b = new IndexBuilder();
  for (const r of ranges) {
    const v4 = r.family === 4;
    const inp: RangeIn = {
      family: r.family,
      start: v4 ? Number(r.start) : r.start,
      end: v4 ? Number(r.end) : r.end,
      priority: r.priority,
      rangeId: r.rangeId,
      networkId: r.rangeId + 1000,
      companyId: 0,
      asn: r.rangeId + 64000,
      cls: r.rangeId % 7,
    };
    b.add(inp);
  }
  return b.build();
}

/** The specification, by brute force: most specific, then higher priority, then newer row. */
function reference(ranges: R[], family: 4 | 6, x: bigint): number {
  let best: R | undefined;
  for (const r of ranges) {
    if (r.family !== family || x < r.start || x > r.end) continue;
    if (!best) {
      best = r;
      continue;
    }
    const sr = r.end - r.start;
    const sb = best.end - best.start;
    if (
      sr < sb ||
      (sr === sb &&
        (r.priority > best.priority || (r.priority === best.priority && r.rangeId > best.rangeId)))
    ) {
      best = r;
    }
  }
  return best ? best.rangeId : -1;
}

const text = (family: 4 | 6, v: bigint) =>
  family === 4 ? ipv4ToString(Number(v)) : ipv6ToString(v);

function check(index: IpIndex, ranges: R[], family: 4 | 6, x: bigint) {
  const h = index.lookup(text(family, x));
  const got = h >= 0 ? index.describe(h).rangeId : -1;
  assert.equal(got, reference(ranges, family, x), `${text(family, x)}`);
  if (h >= 0) {
    assert.equal(index.networkIdOf(h), got + 1000);
    assert.equal(index.asnOf(h), got + 64000);
  }
}

function randomRanges(
  rand: () => number,
  family: 4 | 6,
  n: number,
  base: bigint,
  span: number,
): R[] {
  const out: R[] = [];
  for (let i = 0; i < n; i++) {
    if (out.length && rand() < 0.2) {
      // The same block again from another source: equal size, so priority (then row) decides.
      const twin = out[Math.floor(rand() * out.length)];
      out.push({ ...twin, priority: Math.floor(rand() * 3), rangeId: i + 1 });
      continue;
    }
    const s = BigInt(Math.floor(rand() * span));
    const len = BigInt(Math.floor(rand() ** 3 * span * 0.3));
    const e = s + len < BigInt(span) ? s + len : BigInt(span - 1);
    out.push({
      family,
      start: base + s,
      end: base + e,
      priority: Math.floor(rand() * 3),
      rangeId: i + 1,
    });
  }
  return out;
}

/** Every edge: bounds of every range, one either side, plus the family's extremes. */
function edges(ranges: R[], family: 4 | 6): bigint[] {
  const max = family === 4 ? 0xffffffffn : IPV6_MAX;
  const pts = new Set<bigint>([0n, 1n, max, max - 1n]);
  for (const r of ranges) {
    for (const p of [r.start - 1n, r.start, r.start + 1n, r.end - 1n, r.end, r.end + 1n]) {
      if (p >= 0n && p <= max) pts.add(p);
    }
  }
  return [...pts];
}

describe('index vs brute-force reference', () => {
  for (const seed of [1, 2, 3, 42, 1234]) {
    test(`IPv4 overlapping ranges, seed ${seed}`, () => {
      const rand = seededRandom(seed);
      const ranges = randomRanges(rand, 4, 300, 3325256704n - 5000n, 20000);
      // Ranges at the very edges of the address space.
      ranges.push({ family: 4, start: 0n, end: 255n, priority: 0, rangeId: 9001 });
      ranges.push({ family: 4, start: 0xffffff00n, end: 0xffffffffn, priority: 0, rangeId: 9002 });
      ranges.push({ family: 4, start: 0n, end: 0xffffffffn, priority: 0, rangeId: 9003 });
      const index = build(ranges);
      for (const x of edges(ranges, 4)) check(index, ranges, 4, x);
      for (let i = 0; i < 3000; i++) check(index, ranges, 4, BigInt(Math.floor(rand() * 2 ** 32)));
      for (let i = 0; i < 3000; i++)
        check(index, ranges, 4, 3325256704n - 5000n + BigInt(Math.floor(rand() * 20000)));
    });

    test(`IPv6 overlapping ranges, seed ${seed}`, () => {
      const rand = seededRandom(seed + 100);
      const base = parseIp('2001:db8::')!.value;
      const ranges = randomRanges(rand, 6, 200, base, 50000);
      ranges.push({ family: 6, start: 0n, end: 0xffffn, priority: 1, rangeId: 9001 });
      ranges.push({
        family: 6,
        start: IPV6_MAX - 0xffffn,
        end: IPV6_MAX,
        priority: 1,
        rangeId: 9002,
      });
      const index = build(ranges);
      for (const x of edges(ranges, 6)) check(index, ranges, 6, x);
      for (let i = 0; i < 2000; i++)
        check(index, ranges, 6, base + BigInt(Math.floor(rand() * 50000)));
    });
  }
});

describe('lookup', () => {
  const ranges: R[] = [
    {
      family: 4,
      start: parseIp('198.51.100.0')!.value,
      end: parseIp('198.51.100.255')!.value,
      priority: 10,
      rangeId: 1,
    },
    // Same block from a higher-priority source: wins over rangeId 1.
    {
      family: 4,
      start: parseIp('198.51.100.0')!.value,
      end: parseIp('198.51.100.255')!.value,
      priority: 50,
      rangeId: 2,
    },
    // More specific, lower priority: still wins inside its /25.
    {
      family: 4,
      start: parseIp('198.51.100.0')!.value,
      end: parseIp('198.51.100.127')!.value,
      priority: 1,
      rangeId: 3,
    },
    {
      family: 6,
      start: parseIp('2001:db8::')!.value,
      end: parseIp('2001:db8:ffff:ffff:ffff:ffff:ffff:ffff')!.value,
      priority: 1,
      rangeId: 4,
    },
  ];
  const index = build(ranges);
  const cases: [string, number][] = [
    ['198.51.100.0', 3],
    ['198.51.100.127', 3],
    ['198.51.100.128', 2],
    ['198.51.100.255', 2],
    ['198.51.101.0', NOT_FOUND],
    ['198.51.99.255', NOT_FOUND],
    ['::ffff:198.51.100.200', 2],
    ['::ffff:c633:64c8', 2],
    ['2001:db8::1', 4],
    ['2001:db8:ffff:ffff:ffff:ffff:ffff:ffff', 4],
    ['2001:db9::', NOT_FOUND],
    ['::', NOT_FOUND],
    ['0.0.0.0', NOT_FOUND],
    ['255.255.255.255', NOT_FOUND],
    ['not an ip', INVALID],
    ['198.51.100.256', INVALID],
  ];
  for (const [ip, want] of cases) {
    test(ip, () => {
      const h = index.lookup(ip);
      assert.equal(h < 0 ? h : index.describe(h).rangeId, want);
    });
  }

  test('describe explains the segment', () => {
    const info = index.describe(index.lookup('198.51.100.200'));
    assert.deepEqual(info, {
      family: 4,
      range: '198.51.100.128-198.51.100.255',
      rangeId: 2,
      networkId: 1002,
      companyId: null,
      asn: 64002,
      class: ['business', 'education', 'government', 'isp', 'mobile', 'hosting', 'unknown'][2],
    });
    assert.equal(
      index.describe(index.lookup('2001:db8::5')).range,
      '2001:db8::-2001:db8:ffff:ffff:ffff:ffff:ffff:ffff',
    );
  });

  test('an empty index finds nothing', () => {
    const e = IpIndex.empty();
    assert.equal(e.lookup('198.51.100.1'), NOT_FOUND);
    assert.equal(e.lookup('2001:db8::1'), NOT_FOUND);
  });

  test('serialize/deserialize round-trips, also from an unaligned buffer', () => {
    const blob = serializeIndex(index);
    const shifted = new Uint8Array(blob.length + 1);
    shifted.set(blob, 1);
    for (const copy of [deserializeIndex(blob), deserializeIndex(shifted.subarray(1))]) {
      for (const [ip] of cases)
        assert.equal(
          copy.lookup(ip) >= 0 ? copy.describe(copy.lookup(ip)).rangeId : -1,
          index.lookup(ip) >= 0 ? index.describe(index.lookup(ip)).rangeId : -1,
        );
      assert.deepEqual(copy.describe(0), index.describe(0));
    }
    assert.throws(() => deserializeIndex(blob.subarray(0, blob.length - 1)), /size mismatch/);
    assert.throws(() => deserializeIndex(new Uint8Array(32)), /unknown format/);
  });
});
