/**
 * Allocation-free IP address parsers for the lookup hot path. They read the string in place and
 * write into caller-owned typed arrays; ip-num stays at import time (CIDR maths, validation).
 */

/**
 * Parses dotted-quad IPv4 in s[from, to). Returns the address as an unsigned 32-bit number, or -1.
 * Leading zeros are refused ("010.0.0.1" is octal to some parsers, decimal to others).
 * @example parseIPv4('198.51.100.7') // 3325256711
 */
export function parseIPv4(s: string, from = 0, to = s.length): number {
  let value = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (digits > 0 && octet === 0) return -1;
      octet = octet * 10 + (c - 48);
      if (++digits > 3 || octet > 255) return -1;
    } else if (c === 46) {
      if (digits === 0 || dots === 3) return -1;
      value = value * 256 + octet;
      octet = 0;
      digits = 0;
      dots++;
    } else {
      return -1;
    }
  }
  if (digits === 0 || dots !== 3) return -1;
  return value * 256 + octet;
}

const groups = new Uint16Array(8);

/**
 * Parses textual IPv6 (RFC 4291 forms: full, `::`-compressed, embedded IPv4 tail; a `%zone` suffix
 * is ignored) into four big-endian 32-bit words in `out`. Returns false when s is not IPv6.
 * One pass over the characters, no allocation: this runs once per beacon.
 * @example const w = new Uint32Array(4); parseIPv6('2001:db8::1', w) // w = [0x20010db8, 0, 0, 1]
 */
export function parseIPv6(s: string, out: Uint32Array, from = 0, to = s.length): boolean {
  if (to - from < 2) return false;
  let n = 0; // groups written
  let gap = -1; // group index where '::' stands
  let v = 0; // current group's value
  let d = 0; // current group's digit count
  let i = from;
  if (s.charCodeAt(i) === 58) {
    if (s.charCodeAt(i + 1) !== 58) return false;
    gap = 0;
    i += 2;
  }
  let groupStart = i;
  for (; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      v = (v << 4) | (c - 48);
    } else if ((c | 32) >= 97 && (c | 32) <= 102) {
      v = (v << 4) | ((c | 32) - 87);
    } else if (c === 58) {
      if (d === 0 || n === 8) return false;
      groups[n++] = v;
      v = 0;
      d = 0;
      if (i + 1 === to) return false; // trailing single colon
      if (s.charCodeAt(i + 1) === 58) {
        if (gap >= 0) return false;
        gap = n;
        i++;
      }
      groupStart = i + 1;
      continue;
    } else if (c === 46) {
      // Embedded IPv4 tail (::ffff:198.51.100.7): two groups from the dotted quad.
      if (n > 6) return false;
      const v4 = parseIPv4(s, groupStart, to);
      if (v4 < 0) return false;
      groups[n++] = v4 >>> 16;
      groups[n++] = v4 & 0xffff;
      d = -1;
      break;
    } else if (c === 37 && i > from) {
      break; // %zone
    } else {
      return false;
    }
    if (++d > 4) return false;
  }
  if (d > 0) {
    if (n === 8) return false;
    groups[n++] = v;
  } else if (d === 0 && !(gap === n && i >= from + 2 && s.charCodeAt(i - 1) === 58)) {
    // Nothing after the last colon is only valid when that colon closed a '::'.
    return false;
  }
  if (gap < 0) {
    if (n !== 8) return false;
  } else {
    if (n > 7) return false;
    const tail = n - gap;
    for (let k = tail - 1; k >= 0; k--) groups[8 - tail + k] = groups[gap + k];
    for (let k = gap; k < 8 - tail; k++) groups[k] = 0;
  }
  out[0] = ((groups[0] << 16) | groups[1]) >>> 0;
  out[1] = ((groups[2] << 16) | groups[3]) >>> 0;
  out[2] = ((groups[4] << 16) | groups[5]) >>> 0;
  out[3] = ((groups[6] << 16) | groups[7]) >>> 0;
  return true;
}

/**
 * Parses an IPv4 or IPv6 address into `out` (four words). Returns 4 (address in out[3]), 6, or 0
 * when invalid. IPv4-mapped IPv6 (`::ffff:a.b.c.d`, what dual-stack sockets report) returns 4.
 */
export function parseAddress(s: string, out: Uint32Array): 0 | 4 | 6 {
  if (s.indexOf(':') < 0) {
    const v4 = parseIPv4(s);
    if (v4 < 0) return 0;
    out[0] = 0;
    out[1] = 0;
    out[2] = 0;
    out[3] = v4;
    return 4;
  }
  if (!parseIPv6(s, out)) return 0;
  return out[0] === 0 && out[1] === 0 && out[2] === 0xffff ? 4 : 6;
}
