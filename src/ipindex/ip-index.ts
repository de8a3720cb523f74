import { NETWORK_CLASSES, type NetworkClass } from '../classify/index.ts';
import { ipv4ToString, ipv6ToString, wordsToBigInt } from './convert.ts';
import { parseAddress, parseIPv4, parseIPv6 } from './parse.ts';

/** The columns of a built index. Segments are disjoint and sorted; v4 handles come first. */
export interface IndexArrays {
  v4Start: Uint32Array;
  v4End: Uint32Array;
  /** Four big-endian words per segment. */
  v6Start: Uint32Array;
  v6End: Uint32Array;
  /** Per segment (v4 then v6): ip_ranges.id of the winning range, network, company (0 = none), ASN, class code. */
  rangeId: Uint32Array;
  networkId: Uint32Array;
  companyId: Uint32Array;
  asn: Uint32Array;
  cls: Uint8Array;
}

/** What a segment says, for explaining a match (allocates; not for the hot path). */
export interface SegmentInfo {
  family: 4 | 6;
  range: string;
  rangeId: number;
  networkId: number | null;
  companyId: number | null;
  asn: number | null;
  class: NetworkClass;
}

export const NOT_FOUND = -1;
export const INVALID = -2;

const words = new Uint32Array(4);

/**
 * Immutable IP → segment index over typed arrays; lookups allocate nothing.
 * @example const h = index.lookup('198.51.100.7'); if (h >= 0) index.networkIdOf(h);
 */
export class IpIndex {
  readonly v4Count: number;
  readonly v6Count: number;
  // Jump tables: for a key prefix p, the answer lies between jump[p] and jump[p + 1], so the binary
  // search covers a few segments instead of all 400 k (~19 steps → ~3). Derived, never stored.
  private readonly jump4: Int32Array;
  private readonly jump6: Int32Array;

  constructor(readonly a: IndexArrays) {
    this.v4Count = a.v4Start.length;
    this.v6Count = a.v6Start.length / 4;
    this.jump4 = jumpTable(a.v4Start, 1, V4_SHIFT);
    this.jump6 = jumpTable(a.v6Start, 4, V6_SHIFT);
  }

  static empty(): IpIndex {
    const z = new Uint32Array(0);
    return new IpIndex({
      v4Start: z,
      v4End: z,
      v6Start: z,
      v6End: z,
      rangeId: z,
      networkId: z,
      companyId: z,
      asn: z,
      cls: new Uint8Array(0),
    });
  }

  get size(): number {
    return this.v4Count + this.v6Count;
  }

  /** Bytes held by the typed arrays. */
  get byteSize(): number {
    return Object.values(this.a).reduce((n, arr) => n + arr.byteLength, 0);
  }

  /** Segment handle for an address string (as a socket reports it), NOT_FOUND, or INVALID. */
  lookup(ip: string): number {
    // Try IPv4 first: it fails within a few characters on IPv6 text, cheaper than scanning for ':'.
    const v4 = parseIPv4(ip);
    if (v4 >= 0) return this.lookupV4(v4);
    if (!parseIPv6(ip, words)) return INVALID;
    if (words[0] === 0 && words[1] === 0 && words[2] === 0xffff) return this.lookupV4(words[3]);
    return this.lookupV6(words);
  }

  /** Segment handle for an IPv4 address as an unsigned 32-bit number, or NOT_FOUND. */
  lookupV4(ip: number): number {
    const s = this.a.v4Start;
    const p = ip >>> V4_SHIFT;
    let lo = this.jump4[p];
    let hi = this.jump4[p + 1];
    if (lo < 0) lo = 0;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (s[mid] <= ip) lo = mid + 1;
      else hi = mid - 1;
    }
    return hi >= 0 && this.a.v4End[hi] >= ip ? hi : NOT_FOUND;
  }

  /** Segment handle for an IPv6 address given as four big-endian words, or NOT_FOUND. */
  lookupV6(w: Uint32Array): number {
    const s = this.a.v6Start;
    const w0 = w[0];
    const w1 = w[1];
    const w2 = w[2];
    const w3 = w[3];
    const p = w0 >>> V6_SHIFT;
    let lo = this.jump6[p];
    let hi = this.jump6[p + 1];
    if (lo < 0) lo = 0;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const k = mid << 2;
      // start[mid] <= w ?
      const le =
        s[k] !== w0
          ? s[k] < w0
          : s[k + 1] !== w1
            ? s[k + 1] < w1
            : s[k + 2] !== w2
              ? s[k + 2] < w2
              : s[k + 3] <= w3;
      if (le) lo = mid + 1;
      else hi = mid - 1;
    }
    if (hi < 0) return NOT_FOUND;
    const e = this.a.v6End;
    const k = hi << 2;
    const ge =
      e[k] !== w0
        ? e[k] > w0
        : e[k + 1] !== w1
          ? e[k + 1] > w1
          : e[k + 2] !== w2
            ? e[k + 2] > w2
            : e[k + 3] >= w3;
    return ge ? this.v4Count + hi : NOT_FOUND;
  }

  networkIdOf(h: number): number {
    return this.a.networkId[h];
  }

  companyIdOf(h: number): number {
    return this.a.companyId[h];
  }

  asnOf(h: number): number {
    return this.a.asn[h];
  }

  classOf(h: number): NetworkClass {
    return NETWORK_CLASSES[this.a.cls[h]];
  }

  /** Everything the index knows about a segment. */
  describe(h: number): SegmentInfo {
    const a = this.a;
    let family: 4 | 6 = 4;
    let range: string;
    if (h < this.v4Count) {
      range = `${ipv4ToString(a.v4Start[h])}-${ipv4ToString(a.v4End[h])}`;
    } else {
      family = 6;
      const k = (h - this.v4Count) * 4;
      range = `${ipv6ToString(wordsToBigInt(a.v6Start, k))}-${ipv6ToString(wordsToBigInt(a.v6End, k))}`;
    }
    return {
      family,
      range,
      rangeId: a.rangeId[h],
      networkId: a.networkId[h] || null,
      companyId: a.companyId[h] || null,
      asn: a.asn[h] || null,
      class: NETWORK_CLASSES[a.cls[h]],
    };
  }
}

const V4_SHIFT = 16; // 65 536 buckets of a /16
const V6_SHIFT = 12; // 1 M buckets of a /20 (allocations cluster in 2000::/3)

/**
 * jump[p] = index of the last segment starting before prefix p (-1 if none), for p in 0..2^bits;
 * `stride` is 1 for IPv4 starts, 4 for IPv6 (first word is the prefix's word).
 */
function jumpTable(starts: Uint32Array, stride: number, shift: number): Int32Array {
  const buckets = 2 ** (32 - shift);
  const jump = new Int32Array(buckets + 1);
  const n = starts.length / stride;
  let seg = 0;
  for (let p = 0; p <= buckets; p++) {
    // Advance while the segment starts below prefix p (i.e. its top word's prefix is < p).
    while (seg < n && starts[seg * stride] >>> shift < p) seg++;
    jump[p] = seg - 1;
  }
  return jump;
}

/** True when s is an IPv4 or IPv6 address this index can look up. */
export function isIpAddress(s: string): boolean {
  return parseAddress(s, words) !== 0;
}
