import { bigIntToWords, bytes16ToBigInt } from './convert.ts';
import { flatten } from './flatten.ts';
import { IpIndex } from './ip-index.ts';

/** One input range, as read from ip_ranges. IPv4 bounds are numbers; IPv6 bounds bigint or 16-byte BLOBs. */
export interface RangeIn {
  family: 4 | 6;
  start: number | bigint | Uint8Array;
  end: number | bigint | Uint8Array;
  priority: number;
  rangeId: number;
  networkId: number;
  companyId: number;
  asn: number;
  cls: number;
}

class Column<T extends Float64Array | Uint32Array | Int32Array | Uint8Array> {
  n = 0;
  constructor(
    public data: T,
    private readonly make: (cap: number) => T,
  ) {}
  push(v: number): void {
    if (this.n === this.data.length) {
      const next = this.make(Math.max(1024, this.data.length * 2));
      next.set(this.data as never);
      this.data = next;
    }
    this.data[this.n++] = v;
  }
  view(): T {
    return this.data.subarray(0, this.n) as T;
  }
}

const f64 = () => new Column(new Float64Array(0), (c) => new Float64Array(c));
const u32 = () => new Column(new Uint32Array(0), (c) => new Uint32Array(c));
const i32 = () => new Column(new Int32Array(0), (c) => new Int32Array(c));
const u8 = () => new Column(new Uint8Array(0), (c) => new Uint8Array(c));

function attrs() {
  return {
    priority: i32(),
    rangeId: u32(),
    networkId: u32(),
    companyId: u32(),
    asn: u32(),
    cls: u8(),
  };
}

/**
 * Collects ranges, then builds an IpIndex: flattens overlaps (most specific wins, then higher
 * priority, then the newer row) and lays segments out as typed arrays.
 */
export class IndexBuilder {
  private v4 = { start: f64(), end: f64(), ...attrs() };
  private v6 = { start: [] as bigint[], end: [] as bigint[], ...attrs() };

  add(r: RangeIn): void {
    const t = r.family === 4 ? this.v4 : this.v6;
    if (r.family === 4) {
      this.v4.start.push(Number(r.start));
      this.v4.end.push(Number(r.end));
    } else {
      this.v6.start.push(toBig(r.start));
      this.v6.end.push(toBig(r.end));
    }
    t.priority.push(r.priority);
    t.rangeId.push(r.rangeId);
    t.networkId.push(r.networkId);
    t.companyId.push(r.companyId);
    t.asn.push(r.asn);
    t.cls.push(r.cls);
  }

  build(): IpIndex {
    const v4 = this.buildV4();
    const v6 = this.buildV6();
    const n4 = v4.winner.length;
    const n = n4 + v6.winner.length;
    const out = {
      rangeId: new Uint32Array(n),
      networkId: new Uint32Array(n),
      companyId: new Uint32Array(n),
      asn: new Uint32Array(n),
      cls: new Uint8Array(n),
    };
    const copy = (src: ReturnType<typeof attrs>, winner: Uint32Array, at: number) => {
      const rid = src.rangeId.view();
      const nid = src.networkId.view();
      const cid = src.companyId.view();
      const asn = src.asn.view();
      const cls = src.cls.view();
      for (let i = 0; i < winner.length; i++) {
        const w = winner[i];
        out.rangeId[at + i] = rid[w];
        out.networkId[at + i] = nid[w];
        out.companyId[at + i] = cid[w];
        out.asn[at + i] = asn[w];
        out.cls[at + i] = cls[w];
      }
    };
    copy(this.v4, v4.winner, 0);
    copy(this.v6, v6.winner, n4);
    return new IpIndex({
      v4Start: v4.start,
      v4End: v4.end,
      v6Start: v6.start,
      v6End: v6.end,
      ...out,
    });
  }

  private buildV4() {
    const start = this.v4.start.view();
    const end = this.v4.end.view();
    const n = start.length;
    const endExcl = new Float64Array(n);
    for (let i = 0; i < n; i++) endExcl[i] = end[i] + 1;
    const size = (i: number) => end[i] - start[i];
    const seg = flatten(start, endExcl, rankBy(n, size, this.v4));
    const s = new Uint32Array(seg.count);
    const e = new Uint32Array(seg.count);
    for (let i = 0; i < seg.count; i++) {
      s[i] = seg.start[i];
      e[i] = seg.endExcl[i] - 1;
    }
    return { start: s, end: e, winner: seg.winner };
  }

  private buildV6() {
    const { start, end } = this.v6;
    const n = start.length;
    // Compress 128-bit bounds to ranks of the distinct boundary points, so flatten() works on numbers.
    const points = new Set<bigint>();
    for (let i = 0; i < n; i++) {
      points.add(start[i]);
      points.add(end[i] + 1n);
    }
    const sorted = [...points].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const rankOf = new Map<bigint, number>();
    for (let i = 0; i < sorted.length; i++) rankOf.set(sorted[i], i);
    const s = new Float64Array(n);
    const x = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      s[i] = rankOf.get(start[i])!;
      x[i] = rankOf.get(end[i] + 1n)!;
    }
    const sizes = start.map((v, i) => end[i] - v);
    const seg = flatten(
      s,
      x,
      rankBy(n, (i) => sizes[i], this.v6),
    );
    const ws = new Uint32Array(seg.count * 4);
    const we = new Uint32Array(seg.count * 4);
    for (let i = 0; i < seg.count; i++) {
      bigIntToWords(sorted[seg.start[i]], ws, i * 4);
      bigIntToWords(sorted[seg.endExcl[i]] - 1n, we, i * 4);
    }
    return { start: ws, end: we, winner: seg.winner };
  }
}

/** Rank per range: smaller size first, then higher priority, then higher (newer) range id. */
function rankBy<S extends number | bigint>(
  n: number,
  size: (i: number) => S,
  t: ReturnType<typeof attrs>,
): Uint32Array {
  const prio = t.priority.view();
  const rid = t.rangeId.view();
  const order = Array.from({ length: n }, (_, i) => i);
  order.sort((a, b) => {
    const sa = size(a);
    const sb = size(b);
    if (sa !== sb) return sa < sb ? -1 : 1;
    if (prio[a] !== prio[b]) return prio[b] - prio[a];
    return rid[b] - rid[a];
  });
  const rank = new Uint32Array(n);
  for (let i = 0; i < n; i++) rank[order[i]] = i;
  return rank;
}

function toBig(v: number | bigint | Uint8Array): bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number') return BigInt(v);
  return bytes16ToBigInt(v);
}
