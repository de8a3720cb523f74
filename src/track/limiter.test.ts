import { describe, expect, test } from 'bun:test';
import { createIngestLimiter, TokenBuckets } from './limiter.ts';
import { limitStep } from './pipeline.ts';

describe('TokenBuckets', () => {
  // [what, rule, ms between takes, takes, allowed]
  const cases: [string, { perSecond: number; burst: number }, number, number, number][] = [
    ['a burst, then nothing at the same instant', { perSecond: 1, burst: 5 }, 0, 8, 5],
    ['refills at the sustained rate', { perSecond: 10, burst: 1 }, 100, 20, 20],
    ['twice the rate: every other one', { perSecond: 10, burst: 1 }, 50, 20, 10],
    ['never more than the burst after a long pause', { perSecond: 1000, burst: 3 }, 0, 6, 3],
  ];
  test.each(cases)('%s', (_name, rule, gap, takes, allowed) => {
    let t = 1_000_000;
    const b = new TokenBuckets(rule, () => t);
    let ok = 0;
    for (let i = 0; i < takes; i++) {
      if (b.take('k') === 0) ok++;
      t += gap;
    }
    expect(ok).toBe(allowed);
  });

  test('the wait says when the next token comes', () => {
    const t = 0;
    const b = new TokenBuckets({ perSecond: 2, burst: 1 }, () => t);
    expect(b.take('k')).toBe(0);
    expect(b.take('k')).toBe(500);
  });

  test('bounded: past maxKeys the stalest buckets go (and start full again)', () => {
    const b = new TokenBuckets({ perSecond: 1, burst: 1 }, () => 0, 3);
    for (const k of ['a', 'b', 'c', 'd']) b.take(k);
    expect(b.size).toBe(3);
    expect(b.take('a')).toBe(0); // evicted, so full again
    expect(b.take('d')).toBeGreaterThan(0);
  });
});

describe('createIngestLimiter', () => {
  const make = () => {
    const limits = createIngestLimiter({
      client: { perSecond: 1, burst: 2 },
      site: { perSecond: 1, burst: 3 },
      now: () => 0,
    });
    const allowed = (ip: string | null, n = 5) => {
      let ok = 0;
      for (let i = 0; i < n; i++) if (limits.client(ip) === 0) ok++;
      return ok;
    };
    return { limits, allowed };
  };

  test('one bucket per IPv4 address; the IPv4-mapped spelling is the same client', () => {
    const { allowed } = make();
    expect(allowed('198.51.100.7')).toBe(2);
    expect(allowed('::ffff:198.51.100.7')).toBe(0);
    expect(allowed('198.51.100.8')).toBe(2);
  });

  test('IPv6: one bucket per /64, so rotating the interface id does not help', () => {
    const { allowed, limits } = make();
    let ok = 0;
    for (let i = 1; i <= 50; i++) if (limits.client(`2001:db8:1:2::${i.toString(16)}`) === 0) ok++;
    expect(ok).toBe(2);
    expect(allowed('2001:db8:1:3::1')).toBe(2);
  });

  test('no address (unresolved) shares one bucket; sites have their own', () => {
    const { allowed, limits } = make();
    expect(allowed(null)).toBe(2);
    let ok = 0;
    for (let i = 0; i < 5; i++) if (limits.site(1) === 0) ok++;
    expect(ok).toBe(3);
    expect(limits.site(2)).toBe(0);
  });
});

describe('limitStep', () => {
  const cases: [string, () => number, unknown][] = [
    ['allowed', () => 0, null],
    ['limited: Retry-After in whole seconds, at least 1', () => 1, 1],
    ['limited for 1.5 s: Retry-After 2', () => 1500, 2],
    [
      'the limiter throws: refused, not let through',
      () => {
        throw new Error('broken');
      },
      'limiter_error',
    ],
    ['the limiter answers nonsense: refused', () => Number.NaN, 'limiter_error'],
  ];
  test.each(cases)('%s', (_name, check, want) => {
    const errors: unknown[] = [];
    const r = limitStep(check, 'rate_limited', (e) => errors.push(e));
    if (want === null) expect(r).toBeNull();
    else if (typeof want === 'number')
      expect(r).toEqual({ outcome: 'rate_limited', retryAfter: want });
    else expect(r?.outcome).toBe('limiter_error');
  });
});
