/** Conversions used at import, build and explain time (they allocate; keep them off the hot path). */
import { parseIPv4, parseIPv6 } from './parse.ts';

export const IPV4_MAX = 0xffffffff;
export const IPV6_MAX = (1n << 128n) - 1n;

/** Dotted quad from an unsigned 32-bit number. @example ipv4ToString(3325256704) // '198.51.100.0' */
export function ipv4ToString(n: number): string {
  return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

/** Canonical RFC 5952 text of a 128-bit value. @example ipv6ToString(0x20010db8n << 96n) // '2001:db8::' */
export function ipv6ToString(v: bigint): string {
  const g: number[] = [];
  for (let i = 7; i >= 0; i--) g.push(Number((v >> BigInt(i * 16)) & 0xffffn));
  let bestAt = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (g[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen) {
      bestAt = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = g.map((x) => x.toString(16));
  if (bestAt < 0) return hex.join(':');
  return `${hex.slice(0, bestAt).join(':')}::${hex.slice(bestAt + bestLen).join(':')}`;
}

/** 128-bit value from four big-endian 32-bit words. */
export function wordsToBigInt(w: ArrayLike<number>, at = 0): bigint {
  return (
    (BigInt(w[at]) << 96n) |
    (BigInt(w[at + 1]) << 64n) |
    (BigInt(w[at + 2]) << 32n) |
    BigInt(w[at + 3])
  );
}

/** Writes a 128-bit value as four big-endian 32-bit words into out[at..at+3]. */
export function bigIntToWords(v: bigint, out: Uint32Array, at = 0): void {
  out[at] = Number((v >> 96n) & 0xffffffffn);
  out[at + 1] = Number((v >> 64n) & 0xffffffffn);
  out[at + 2] = Number((v >> 32n) & 0xffffffffn);
  out[at + 3] = Number(v & 0xffffffffn);
}

/** 16-byte big-endian BLOB (how ip_ranges stores IPv6 bounds) from a 128-bit value. */
export function bigIntToBytes16(v: bigint): Uint8Array {
  const b = new Uint8Array(16);
  for (let i = 15; i >= 0; i--) {
    b[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return b;
}

/** 128-bit value from a 16-byte big-endian BLOB. */
export function bytes16ToBigInt(b: Uint8Array): bigint {
  if (b.length !== 16) throw new Error(`IPv6 bound must be 16 bytes, got ${b.length}`);
  let v = 0n;
  for (let i = 0; i < 16; i++) v = (v << 8n) | BigInt(b[i]);
  return v;
}

export interface ParsedIp {
  family: 4 | 6;
  /** IPv4 as 0..2^32-1, IPv6 as 0..2^128-1. */
  value: bigint;
}

const scratch = new Uint32Array(4);

/**
 * Parses one address for import-time use; null when invalid. The family is literal: text with a
 * colon is IPv6 (a data file's `::ffff:0:0/96` range stays IPv6; lookups map it, imports don't).
 * @example parseIp('2001:db8::1') // { family: 6, value: 0x20010db8000000000000000000000001n }
 */
export function parseIp(s: string): ParsedIp | null {
  if (s.indexOf(':') < 0) {
    const v4 = parseIPv4(s);
    return v4 < 0 ? null : { family: 4, value: BigInt(v4) };
  }
  return parseIPv6(s, scratch) ? { family: 6, value: wordsToBigInt(scratch) } : null;
}

/** Text of an address value in its family. */
export function ipToString(family: 4 | 6, value: bigint): string {
  return family === 4 ? ipv4ToString(Number(value)) : ipv6ToString(value);
}
