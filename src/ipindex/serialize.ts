import { type IndexArrays, IpIndex } from './ip-index.ts';

const MAGIC = 0x4c4c4958; // "LLIX"
const FORMAT = 1;
const HEADER_WORDS = 4;

/** Lays the index's typed arrays out in one buffer: header, 32-bit columns, then class bytes. */
export function serializeIndex(index: IpIndex): Uint8Array {
  const a = index.a;
  const n = index.size;
  const words = HEADER_WORDS + 2 * index.v4Count + 8 * index.v6Count + 4 * n;
  const buf = new ArrayBuffer(words * 4 + n);
  const u32 = new Uint32Array(buf, 0, words);
  u32.set([MAGIC, FORMAT, index.v4Count, index.v6Count]);
  let at = HEADER_WORDS;
  for (const col of [
    a.v4Start,
    a.v4End,
    a.v6Start,
    a.v6End,
    a.rangeId,
    a.networkId,
    a.companyId,
    a.asn,
  ]) {
    u32.set(col, at);
    at += col.length;
  }
  new Uint8Array(buf, words * 4, n).set(a.cls);
  return new Uint8Array(buf);
}

/** Rebuilds an index from serializeIndex() output without copying the columns (when aligned). */
export function deserializeIndex(blob: Uint8Array): IpIndex {
  // Typed-array views need 4-byte alignment; drivers usually hand out fresh buffers, copy if not.
  const bytes = blob.byteOffset % 4 === 0 ? blob : blob.slice();
  const { buffer, byteOffset } = bytes;
  if (bytes.byteLength < HEADER_WORDS * 4) throw new Error('index cache: too short');
  const head = new Uint32Array(buffer, byteOffset, HEADER_WORDS);
  if (head[0] !== MAGIC || head[1] !== FORMAT) throw new Error('index cache: unknown format');
  const n4 = head[2];
  const n6 = head[3];
  const n = n4 + n6;
  const words = HEADER_WORDS + 2 * n4 + 8 * n6 + 4 * n;
  if (bytes.byteLength !== words * 4 + n) throw new Error('index cache: size mismatch');
  let at = byteOffset + HEADER_WORDS * 4;
  const take = (len: number) => {
    const v = new Uint32Array(buffer, at, len);
    at += len * 4;
    return v;
  };
  const arrays: IndexArrays = {
    v4Start: take(n4),
    v4End: take(n4),
    v6Start: take(4 * n6),
    v6End: take(4 * n6),
    rangeId: take(n),
    networkId: take(n),
    companyId: take(n),
    asn: take(n),
    cls: new Uint8Array(buffer, at, n),
  };
  return new IpIndex(arrays);
}
