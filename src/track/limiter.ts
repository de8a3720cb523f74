import { parseAddress } from '../ipindex/index.ts';
import { DailyKeyer } from '../privacy/index.ts';

/** A token bucket: `perSecond` beacons sustained, up to `burst` at once. */
export interface RateRule {
  perSecond: number;
  burst: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * Token buckets per key in a bounded Map (insertion order = order of first use since the last
 * refill, so the front holds the stalest). Past `maxKeys` the front entries go: someone filling the
 * map can at worst give another client a fresh burst, never grow memory.
 * @example const b = new TokenBuckets({ perSecond: 20, burst: 200 }); b.take('k') // 0: allowed
 */
export class TokenBuckets {
  private readonly map = new Map<string, Bucket>();

  constructor(
    private readonly rule: RateRule,
    private readonly now: () => number = () => performance.now(),
    private readonly maxKeys = 100_000,
  ) {}

  get size(): number {
    return this.map.size;
  }

  /** Takes one token under `key`: 0 when allowed, else the milliseconds until one is free. */
  take(key: string): number {
    const now = this.now();
    const { perSecond, burst } = this.rule;
    let b = this.map.get(key);
    if (!b) {
      b = { tokens: burst, at: now };
      this.map.set(key, b);
      if (this.map.size > this.maxKeys) this.trim();
    } else {
      b.tokens = Math.min(burst, b.tokens + ((now - b.at) * perSecond) / 1000);
      b.at = now;
    }
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - b.tokens) * 1000) / perSecond);
  }

  private trim(): void {
    for (const k of this.map.keys()) {
      if (this.map.size <= this.maxKeys) break;
      this.map.delete(k);
    }
  }
}

/** What the ingest pipeline asks before doing any work for a beacon. */
export interface IngestLimiter {
  /** Milliseconds to wait before this client may send again; 0: go on. */
  client(ip: string | null): number;
  /** Milliseconds to wait before this site takes another beacon; 0: go on. */
  site(siteId: number): number;
}

export interface IngestLimiterOptions {
  client: RateRule;
  site: RateRule;
  /** Monotonic milliseconds for the buckets (real time: rates are about real requests). */
  now?: () => number;
  /** Wall-clock milliseconds for the daily salt (UTC midnight rotation). */
  wallClock?: () => number;
  random?: (n: number) => Uint8Array;
  maxKeys?: number;
}

const words = new Uint32Array(4);

/**
 * The part of an address one client controls: an IPv4 address, or an IPv6 /64 (one host gets a
 * whole /64, so counting single IPv6 addresses would hand out 2^64 buckets).
 */
function clientPart(ip: string | null): string {
  if (!ip) return '-';
  const family = parseAddress(ip, words);
  if (family === 4) return `4|${words[3]}`;
  if (family === 6) return `6|${words[0]}|${words[1]}`;
  return '-';
}

/**
 * Ingest rate limits: a bucket per client and one per site. Clients are keyed like the sessions,
 * by HMAC(daySalt, address part) with a random salt that rotates at UTC midnight and lives only in
 * memory, so the limiter holds no address, not even while a bucket is open. The address is used to
 * compute the key and goes out of scope with the request.
 * @example
 * const limits = createIngestLimiter({ client: { perSecond: 20, burst: 200 }, site: { perSecond: 1000, burst: 10_000 } });
 * limits.client('198.51.100.7') // 0
 */
export function createIngestLimiter(o: IngestLimiterOptions): IngestLimiter {
  const now = o.now ?? (() => performance.now());
  // A bucket left under yesterday's key just starts afresh under today's: no grace needed.
  const keyer = new DailyKeyer(o.wallClock ?? Date.now, 0, o.random);
  const clients = new TokenBuckets(o.client, now, o.maxKeys);
  const sites = new TokenBuckets(o.site, now, o.maxKeys);
  return {
    client: (ip) => clients.take(keyer.keys(clientPart(ip))[0]),
    site: (siteId) => sites.take(String(siteId)),
  };
}
