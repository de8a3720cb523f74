import { lookup as dnsLookup } from 'node:dns/promises';
import { ipv4ToString, parseAddress } from '../../ipindex/index.ts';
import { createCidrMatcher } from '../../track/index.ts';

/**
 * The SSRF guard for webhook and Slack targets. A target URL is checked for syntax and scheme,
 * its host resolved ONCE, and refused when any address it resolves to is not a public unicast
 * address — unless the operator's WEBHOOK_ALLOW names the host or the address. The sender then
 * connects to the pinned address (see http.ts), so a second DNS answer (rebinding) never counts.
 */

/** Special-purpose IPv4 blocks (IANA registry), first match wins. */
const V4_BLOCKS: [string, string][] = [
  ['255.255.255.255/32', 'broadcast'],
  ['0.0.0.0/8', 'this-network'],
  ['127.0.0.0/8', 'loopback'],
  ['10.0.0.0/8', 'private'],
  ['172.16.0.0/12', 'private'],
  ['192.168.0.0/16', 'private'],
  ['100.64.0.0/10', 'shared (CGNAT)'],
  ['169.254.0.0/16', 'link-local'],
  ['192.0.0.0/24', 'reserved'],
  ['192.0.2.0/24', 'documentation'],
  ['198.51.100.0/24', 'documentation'],
  ['203.0.113.0/24', 'documentation'],
  ['192.88.99.0/24', 'reserved'],
  ['198.18.0.0/15', 'reserved'],
  ['224.0.0.0/4', 'multicast'],
  ['240.0.0.0/4', 'reserved'],
];

/** Special-purpose IPv6 blocks; anything outside 2000::/3 (global unicast) is refused too. */
const V6_BLOCKS: [string, string][] = [
  ['::/128', 'unspecified'],
  ['::1/128', 'loopback'],
  ['fe80::/10', 'link-local'],
  ['fec0::/10', 'private'],
  ['fc00::/7', 'private'],
  ['ff00::/8', 'multicast'],
  ['64:ff9b:1::/48', 'private'],
  ['2001:db8::/32', 'documentation'],
  ['3fff::/20', 'documentation'],
  ['2001::/23', 'reserved'],
  ['100::/64', 'reserved'],
  ['5f00::/16', 'reserved'],
];

const compile = (blocks: [string, string][]) =>
  blocks.map(([cidr, reason]) => ({ match: createCidrMatcher([cidr]), reason }));
const v4 = compile(V4_BLOCKS);
const v6 = compile(V6_BLOCKS);
const globalUnicast = createCidrMatcher(['2000::/3']);
const nat64 = createCidrMatcher(['64:ff9b::/96']);
const sixToFour = createCidrMatcher(['2002::/16']);
const words = new Uint32Array(4);

/**
 * Why an address must not be a webhook target ('loopback', 'private', …), or null for a public
 * unicast address. IPv4-mapped (::ffff:a.b.c.d), NAT64 (64:ff9b::/96) and 6to4 (2002::/16) forms
 * are judged by the IPv4 address they carry. Text that is not an address is 'invalid'.
 * @example addressBlockReason('169.254.169.254') // 'link-local'
 * @example addressBlockReason('::ffff:10.0.0.1') // 'private'
 * @example addressBlockReason('93.184.216.34') // null
 */
export function addressBlockReason(ip: string): string | null {
  const family = parseAddress(ip, words);
  if (family === 0) return 'invalid';
  if (family === 4) {
    // parseAddress reads an IPv4-mapped address as IPv4; its value is in the last word.
    const text = ipv4ToString(words[3]);
    return v4.find((b) => b.match(text))?.reason ?? null;
  }
  if (nat64(ip)) return addressBlockReason(ipv4ToString(words[3]));
  if (sixToFour(ip)) {
    const embedded = (((words[0] & 0xffff) << 16) | (words[1] >>> 16)) >>> 0;
    return addressBlockReason(ipv4ToString(embedded));
  }
  const hit = v6.find((b) => b.match(ip));
  if (hit) return hit.reason;
  return globalUnicast(ip) ? null : 'reserved';
}

/** The operator's exceptions (config WEBHOOK_ALLOW): host names and CIDRs. */
export interface AllowList {
  host(hostname: string): boolean;
  address(ip: string): boolean;
}

/**
 * Compiles WEBHOOK_ALLOW entries (lower-case host names and canonical CIDRs) once.
 * @example createAllowList(['hooks.internal', '10.1.0.0/16']).address('10.1.2.3') // true
 */
export function createAllowList(entries: readonly string[]): AllowList {
  const hosts = new Set(entries.filter((e) => !e.includes('/')));
  const cidrs = createCidrMatcher(entries.filter((e) => e.includes('/')));
  return { host: (h) => hosts.has(h.toLowerCase()), address: (ip) => cidrs(ip) };
}

const NO_EXCEPTIONS = createAllowList([]);

/** A URL that passed checkTargetUrl, with its host ready to resolve. */
export interface CheckedUrl {
  url: URL;
  /** The host without IPv6 brackets, lower-case. */
  host: string;
  /** The host is an IP literal. */
  literal: boolean;
}

export type TargetCheck = ({ ok: true } & CheckedUrl) | { ok: false; error: string };

const hint = 'not allowed for webhooks (the operator can allow it with WEBHOOK_ALLOW)';

/**
 * Checks a webhook/Slack URL without DNS: http(s) only, no credentials, and an IP-literal host
 * (in any form the URL parser accepts: 2130706433, 0x7f.1, [::ffff:127.0.0.1]) must be public
 * unless allow-listed. `localhost` names are refused here too. Use it when a trigger is saved;
 * resolveTarget() repeats it and adds the DNS check at send time.
 * @example checkTargetUrl('http://169.254.169.254/latest') // { ok: false, error: '… link-local …' }
 */
export function checkTargetUrl(raw: string, allow: AllowList = NO_EXCEPTIONS): TargetCheck {
  if (typeof raw !== 'string' || raw.length > 2000 || !URL.canParse(raw)) {
    return { ok: false, error: 'not a valid URL' };
  }
  const url = new URL(raw);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ok: false, error: 'only http and https URLs are allowed' };
  }
  if (url.username || url.password) {
    return {
      ok: false,
      error: 'credentials in the URL are not allowed; the signature authenticates',
    };
  }
  // "localhost." is localhost: the trailing root dot goes before any name comparison.
  const host = url.hostname
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/\.$/, '')
    .toLowerCase();
  if (!host) return { ok: false, error: 'the URL has no host' };
  const literal = parseAddress(host, words) !== 0;
  if (!allow.host(host)) {
    if (literal) {
      const reason = addressBlockReason(host);
      if (reason && !allow.address(host)) {
        return { ok: false, error: `a ${reason} address is ${hint}` };
      }
    } else if (host === 'localhost' || host.endsWith('.localhost')) {
      return { ok: false, error: `localhost is ${hint}` };
    }
  }
  return { ok: true, url, host, literal };
}

/** One DNS answer. */
export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Resolves a host name to all its addresses (node:dns lookup by default; tests pass their own). */
export type Resolver = (host: string) => Promise<ResolvedAddress[]>;

/** node:dns lookup with every address, in the order the system resolver gives them. */
export const systemResolver: Resolver = async (host) => {
  const list = await dnsLookup(host, { all: true, verbatim: true });
  return list.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
};

/** A target the sender may connect to: the checked URL and the one address to connect to. */
export interface PinnedTarget extends CheckedUrl {
  address: string;
  family: 4 | 6;
}

/** Why a target was refused or could not be resolved; `permanent` ones are not retried. */
export class TargetError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
  }
}

/**
 * Checks the URL, resolves its host once, refuses it when ANY address is not public (unless the
 * host or that address is allow-listed), and returns the first address to connect to.
 * Messages never contain an address.
 * @example const t = await resolveTarget('https://hooks.example.com/x', allow); // t.address pinned
 */
export async function resolveTarget(
  raw: string,
  allow: AllowList = NO_EXCEPTIONS,
  resolve: Resolver = systemResolver,
): Promise<PinnedTarget> {
  const checked = checkTargetUrl(raw, allow);
  if (!checked.ok) throw new TargetError(checked.error, true);
  const { url, host, literal } = checked;
  if (literal) return { url, host, literal, address: host, family: host.includes(':') ? 6 : 4 };
  let answers: ResolvedAddress[];
  try {
    answers = await resolve(host);
  } catch {
    // NXDOMAIN and SERVFAIL look alike here; both may heal (a DNS change), so both are retried.
    throw new TargetError('host name not found', false);
  }
  if (answers.length === 0) throw new TargetError('host name not found', false);
  if (!allow.host(host)) {
    for (const a of answers) {
      const reason = addressBlockReason(a.address);
      if (reason && !allow.address(a.address)) {
        throw new TargetError(`the host resolves to a ${reason} address, ${hint}`, true);
      }
    }
  }
  const first = answers[0];
  return { url, host, literal, address: first.address, family: first.family };
}
