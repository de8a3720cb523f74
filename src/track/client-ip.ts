import { parseAddress } from '../ipindex/index.ts';

interface Cidr {
  family: 4 | 6;
  words: Uint32Array;
  bits: number;
}

const scratch = new Uint32Array(4);

/**
 * Compiles a CIDR list (canonical text from config) into a matcher, once; matching is a pure
 * loop over words. IPv4-mapped IPv6 addresses match IPv4 entries (dual-stack sockets report them).
 * @example const trusted = createCidrMatcher(['127.0.0.0/8']); trusted('::ffff:127.0.0.1') // true
 */
export function createCidrMatcher(cidrs: readonly string[]): (ip: string) => boolean {
  const list: Cidr[] = cidrs.map((c) => {
    const [addr, len] = c.split('/');
    const words = new Uint32Array(4);
    const family = parseAddress(addr, words);
    if (family === 0) throw new Error(`not a CIDR: ${c}`);
    return { family, words, bits: Number(len) };
  });
  if (list.length === 0) return () => false;
  return (ip) => {
    const family = parseAddress(ip, scratch);
    if (family === 0) return false;
    for (const c of list) {
      if (c.family !== family) continue;
      if (
        family === 4
          ? inPrefix4(scratch[3], c.words[3], c.bits)
          : inPrefix6(scratch, c.words, c.bits)
      ) {
        return true;
      }
    }
    return false;
  };
}

function inPrefix4(ip: number, net: number, bits: number): boolean {
  if (bits === 0) return true;
  const mask = bits === 32 ? 0xffffffff : ~(0xffffffff >>> bits) >>> 0;
  return (ip & mask) >>> 0 === (net & mask) >>> 0;
}

function inPrefix6(ip: Uint32Array, net: Uint32Array, bits: number): boolean {
  for (let i = 0; i < 4 && bits > 0; i++, bits -= 32) {
    const b = Math.min(32, bits);
    const mask = b === 32 ? 0xffffffff : ~(0xffffffff >>> b) >>> 0;
    if ((ip[i] & mask) >>> 0 !== (net[i] & mask) >>> 0) return false;
  }
  return true;
}

/** Strips what proxies add around an address in X-Forwarded-For: a port, IPv6 brackets. */
export function normalizeHop(raw: string): string | null {
  const s = raw.trim();
  if (!s) return null;
  let addr = s;
  if (s.startsWith('[')) {
    const close = s.indexOf(']');
    if (close < 0) return null;
    addr = s.slice(1, close);
  } else if (s.indexOf(':') === s.lastIndexOf(':') && s.includes('.') && s.includes(':')) {
    addr = s.slice(0, s.indexOf(':')); // 198.51.100.7:8080
  }
  return parseAddress(addr, scratch) === 0 ? null : addr;
}

/**
 * The client address of a request: the socket peer, unless the peer is a trusted proxy; then the
 * right-most X-Forwarded-For hop that is not itself trusted. A spoofed left-most entry can never
 * win, and an unparseable hop ends the walk (null: unresolved) rather than trusting what precedes it.
 * Other headers (X-Real-IP, Forwarded, CF-Connecting-IP, a body field) are never read.
 */
export function clientIp(
  peer: string | null,
  xff: string | null,
  trusted: (ip: string) => boolean,
): string | null {
  if (!peer) return null;
  if (!trusted(peer) || !xff) return peer;
  const hops = xff.split(',');
  let last: string = peer;
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = normalizeHop(hops[i]);
    if (hop === null) {
      if (hops[i].trim() === '') continue; // "a, , b": an empty entry is noise, not a hop
      return null;
    }
    if (!trusted(hop)) return hop;
    last = hop;
  }
  // Every hop is a trusted proxy: the left-most is the nearest thing to a client we have.
  return last;
}
