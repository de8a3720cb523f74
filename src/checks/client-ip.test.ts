// CHECKS.md #12 (the rate limit cannot be bypassed) and #16 (per-site flood), through the composed
// app. #8–#11 are table tests beside the code (src/track/client-ip.test.ts, track.test.ts, steps).
import { afterEach, describe, expect, test } from 'bun:test';
import { loadConfig } from '../config/index.ts';
import { IP } from '../leads/test-kit.ts';
import { createHarness, type Harness } from '../testing/harness.ts';
import { createTracking } from '../track/index.ts';

const open: Harness[] = [];
afterEach(async () => {
  for (const h of open.splice(0)) await h.close();
});

async function harness(env: Record<string, string>) {
  const h = await createHarness({ env });
  open.push(h);
  return h;
}

const LIMITS = {
  INGEST_CLIENT_RATE: '1',
  INGEST_CLIENT_BURST: '20',
  INGEST_SITE_RATE: '1000000',
  INGEST_SITE_BURST: '10000000',
};

const metric = async (h: Harness, outcome: string) => {
  const text = await (await h.handle(new Request('http://leadlens.test/metrics'))).text();
  return Number(
    new RegExp(`leadlens_beacons_total\\{outcome="${outcome}"\\} (\\d+)`).exec(text)?.[1],
  );
};

/** n beacons; each gets its own X-Forwarded-For when `xff` says so. Statuses counted. */
async function send(
  h: Harness,
  n: number,
  peer: string,
  xff?: (i: number) => string,
  key?: string,
) {
  const counts: Record<number, number> = {};
  let retryAfter: string | null = null;
  for (let i = 0; i < n; i++) {
    const headers: Record<string, string> = xff ? { 'x-forwarded-for': xff(i) } : {};
    const res = await h.beacon(
      { s: key ?? h.siteKey, e: 'pageview', u: `https://example.com/p${i}` },
      peer,
      headers,
    );
    counts[res.status] = (counts[res.status] ?? 0) + 1;
    if (res.status === 429) retryAfter ??= res.headers.get('retry-after');
  }
  return { counts, retryAfter };
}

const rotate = (i: number) => `198.51.100.${(i % 250) + 1}, 10.${i >> 8}.${i & 255}.1`;

describe('#12 the ingest rate limit cannot be bypassed', () => {
  test('#12 untrusted instance: rotating X-Forwarded-For over 1000 values, the limiter still trips', async () => {
    const h = await harness({ ...LIMITS, TRUSTED_PROXIES: '' });
    const { counts, retryAfter } = await send(h, 1000, IP.manufacturing, rotate);
    expect(counts[202]).toBeLessThanOrEqual(21); // the burst (+1 if a second passed)
    expect(counts[429]).toBeGreaterThanOrEqual(979);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    expect(await metric(h, 'rate_limited')).toBe(counts[429]);
    // Another client is not affected.
    expect((await send(h, 5, IP.canary)).counts[202]).toBe(5);
  });

  test('#12 trusted instance: two clients behind one proxy get separate buckets', async () => {
    const h = await harness({ ...LIMITS, TRUSTED_PROXIES: '127.0.0.1' });
    const a = await send(h, 30, '127.0.0.1', () => IP.manufacturing);
    const b = await send(h, 30, '127.0.0.1', () => IP.canary);
    for (const r of [a, b]) {
      expect(r.counts[202]).toBeGreaterThanOrEqual(20);
      expect(r.counts[202]).toBeLessThanOrEqual(21);
      expect(r.counts[429]).toBeGreaterThanOrEqual(9);
    }
  });

  test('#12 IPv6: rotating addresses inside one /64 is one client', async () => {
    const h = await harness({ ...LIMITS, TRUSTED_PROXIES: '127.0.0.1' });
    const r = await send(h, 60, '127.0.0.1', (i) => `2001:db8:0:1::${(i + 1).toString(16)}`);
    expect(r.counts[202]).toBeLessThanOrEqual(21);
    expect(r.counts[429]).toBeGreaterThanOrEqual(39);
  });
});

describe('#16 per-site flood', () => {
  test('#16 one site key at 10× its threshold gets 429s; a second site is unaffected', async () => {
    const h = await harness({
      INGEST_CLIENT_RATE: '1000000',
      INGEST_CLIENT_BURST: '10000000',
      INGEST_SITE_RATE: '1',
      INGEST_SITE_BURST: '50',
      TRUSTED_PROXIES: '127.0.0.1',
    });
    const other = h.tracking.sites.create({ name: 'Other', domains: ['other.example'] });
    // 500 beacons from 500 different clients: only the site bucket can stop them.
    const flood = await send(h, 500, '127.0.0.1', (i) => `198.51.100.${(i % 250) + 1}`);
    expect(flood.counts[202]).toBeLessThanOrEqual(51);
    expect(flood.counts[429]).toBeGreaterThanOrEqual(449);
    expect(Number(flood.retryAfter)).toBeGreaterThanOrEqual(1);
    expect(await metric(h, 'site_rate_limited')).toBe(flood.counts[429]);
    const res = await h.beacon(
      { s: other.key, e: 'pageview', u: 'https://other.example/' },
      '127.0.0.1',
      { 'x-forwarded-for': IP.canary },
    );
    expect(res.status).toBe(202);
    // Refused beacons wrote nothing: the stored pageviews are the accepted ones.
    const n = h.db
      .prepare('SELECT SUM(pageviews) AS n FROM daily_counts WHERE site_id = ?')
      .get(h.siteId) as { n: number };
    expect(n.n).toBe(flood.counts[202]);
  });

  test('#16 the limiter failing refuses beacons (503), it does not fail open', async () => {
    const h = await harness({});
    const errors: string[] = [];
    const tracking = await createTracking({
      db: h.db,
      index: h.index,
      config: loadConfig({}, { LEADLENS_ENV: 'test' }),
      writer: { mode: 'inline', windowMs: 1 },
      peerOf: () => IP.manufacturing,
      log: { error: (msg) => errors.push(msg) },
      limits: {
        client: () => {
          throw new Error('limiter state lost');
        },
        site: () => 0,
      },
    });
    try {
      const before = h.db.prepare('SELECT COUNT(*) AS n FROM visits').get() as { n: number };
      const res = await tracking.routes.handle(
        new Request('http://leadlens.test/e', {
          method: 'POST',
          headers: { 'content-type': 'text/plain', 'user-agent': 'Mozilla/5.0 Chrome/126.0' },
          body: JSON.stringify({ s: h.siteKey, e: 'pageview', u: 'https://example.com/' }),
        }),
      );
      expect(res.status).toBe(503);
      expect(tracking.metrics.get('limiter_error')).toBe(1);
      expect(errors).toEqual(['rate limiter failed']);
      const after = h.db.prepare('SELECT COUNT(*) AS n FROM visits').get() as { n: number };
      expect(after.n).toBe(before.n);
    } finally {
      await tracking.close();
    }
  });
});
