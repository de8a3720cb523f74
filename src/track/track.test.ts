import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { openDriver } from '../db/index.ts';
import { createHarness, type Harness } from '../testing/harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

const pv = (extra: Record<string, unknown> = {}) => ({
  s: h.siteKey,
  e: 'pageview',
  u: 'https://www.example.com/pricing?utm_source=newsletter&utm_campaign=spring',
  r: 'https://search.example.net/results?q=secret',
  t: 'Pricing',
  w: 1440,
  ...extra,
});

const count = (sql: string, ...p: (string | number)[]) =>
  (h.db.prepare<{ n: number }>(`SELECT count(*) AS n FROM (${sql})`).get(...p) as { n: number }).n;

describe('POST /e: a lead', () => {
  test('first pageview: 202 only once committed, visit + pageview + company from the network', async () => {
    const res = await h.beacon(pv(), '198.51.100.7');
    expect(res.status).toBe(202);
    expect(res.headers.get('x-leadlens-drop')).toBeNull();
    // Read through a second connection: the rows are committed, not just in this connection's view.
    const other = openDriver(`${h.dir}/leadlens.db`);
    const v = other
      .prepare<Record<string, unknown>>(
        `SELECT v.*, c.name AS company FROM visits v JOIN companies c ON c.id = v.company_id`,
      )
      .get()!;
    other.close();
    expect(v).toMatchObject({
      company: 'Example Manufacturing GmbH',
      class: 'business',
      pageviews: 1,
      referrer: 'https://search.example.net/results',
      utm_source: 'newsletter',
      utm_campaign: 'spring',
      landing_path: '/pricing',
      device: 'desktop',
    });
    expect(
      count('SELECT 1 FROM pageviews WHERE path = ? AND title = ?', '/pricing', 'Pricing'),
    ).toBe(1);
  });

  test('same visitor: same visit; engagement adds time; another company gets its own visit', async () => {
    h.now.t += 60_000;
    expect((await h.beacon(pv({ u: 'https://example.com/contact', r: '' }))).status).toBe(202);
    expect(
      (await h.beacon({ s: h.siteKey, e: 'engagement', u: 'https://example.com/contact', m: 4200 }))
        .status,
    ).toBe(202);
    const v = h.db
      .prepare<{ pageviews: number; engaged_ms: number }>(
        'SELECT pageviews, engaged_ms FROM visits WHERE id = 1',
      )
      .get()!;
    expect(v).toEqual({ pageviews: 2, engaged_ms: 4200 });
    expect(
      h.db
        .prepare<{ e: number }>("SELECT engaged_ms AS e FROM pageviews WHERE path = '/contact'")
        .get()!.e,
    ).toBe(4200);
    // CanaryCo's /25 inside the same network: the company range wins, a separate visit.
    expect((await h.beacon(pv(), '198.51.100.200')).status).toBe(202);
    const names = h.db
      .prepare<{ name: string }>(
        'SELECT c.name FROM visits v JOIN companies c ON c.id = v.company_id ORDER BY v.id',
      )
      .all()
      .map((r) => r.name);
    expect(names).toEqual(['Example Manufacturing GmbH', 'CanaryCo AG']);
  });

  test('a new visit after 30 idle minutes', async () => {
    h.now.t += 31 * 60_000;
    await h.beacon(pv(), '198.51.100.7');
    expect(
      count(
        "SELECT 1 FROM visits v JOIN companies c ON c.id = v.company_id WHERE c.name = 'Example Manufacturing GmbH'",
      ),
    ).toBe(2);
  });

  test('IPv6 and IPv4-mapped addresses resolve', async () => {
    await h.beacon(pv(), '2001:db8::beef:77');
    expect(count("SELECT 1 FROM visits WHERE class = 'education'")).toBe(1);
  });
});

describe('POST /e: not a lead', () => {
  test('ISP, hosting and unresolved traffic only bump daily counters', async () => {
    const visitsBefore = count('SELECT 1 FROM visits');
    for (const ip of ['203.0.113.9', '192.0.2.9', '10.0.0.1', '::1']) {
      const r = await h.beacon(pv(), ip);
      expect(r.status).toBe(202);
      expect(r.headers.get('x-leadlens-drop')).toBe('counted');
    }
    expect(count('SELECT 1 FROM visits')).toBe(visitsBefore);
    const day = new Date(h.now.t).toISOString().slice(0, 10);
    const rows = h.db
      .prepare<{ class: string; pageviews: number; visits: number }>(
        "SELECT class, pageviews, visits FROM daily_counts WHERE day = ? AND class IN ('isp', 'hosting', 'unresolved') ORDER BY class",
      )
      .all(day);
    expect(rows).toEqual([
      { class: 'hosting', pageviews: 1, visits: 1 },
      { class: 'isp', pageviews: 1, visits: 1 },
      { class: 'unresolved', pageviews: 2, visits: 2 },
    ]);
  });
});

describe('POST /e: drops', () => {
  const cases: [string, () => Promise<Response>, number, string][] = [
    ['invalid JSON', () => h.beacon('{"s":'), 400, 'invalid'],
    ['top-level array', () => h.beacon('[1,2]'), 400, 'invalid'],
    ['missing url', () => h.beacon({ s: h.siteKey }), 400, 'invalid'],
    ['javascript: URL', () => h.beacon(pv({ u: 'javascript:alert(1)' })), 400, 'invalid'],
    ['data: URL', () => h.beacon(pv({ u: 'data:text/html,hi' })), 400, 'invalid'],
    [
      'URL over 2 KB',
      () => h.beacon(pv({ u: `https://example.com/${'a'.repeat(2100)}` })),
      400,
      'invalid',
    ],
    ['title over 512', () => h.beacon(pv({ t: 'x'.repeat(513) })), 400, 'invalid'],
    ['negative width', () => h.beacon(pv({ w: -1 })), 400, 'invalid'],
    ['body over 8 KB', () => h.beacon(pv({ pad: 'x'.repeat(9000) })), 413, 'too_large'],
    [
      'form content type',
      () => h.beacon(pv(), undefined, { 'content-type': 'application/x-www-form-urlencoded' }),
      415,
      'unsupported_type',
    ],
    ['unknown site', () => h.beacon(pv({ s: 'nosuchsitekey' })), 404, 'unknown_site'],
    [
      'page of another domain',
      () => h.beacon(pv({ u: 'https://evil.test/' })),
      202,
      'host_mismatch',
    ],
    [
      'look-alike domain',
      () => h.beacon(pv({ u: 'https://notexample.com/' })),
      202,
      'host_mismatch',
    ],
    [
      'bot user agent',
      () =>
        h.beacon(pv(), undefined, {
          'user-agent': 'Googlebot/2.1 (+http://www.google.com/bot.html)',
        }),
      202,
      'bot',
    ],
    [
      'headless chrome',
      () => h.beacon(pv(), undefined, { 'user-agent': 'Mozilla/5.0 HeadlessChrome/126.0' }),
      202,
      'bot',
    ],
    ['no user agent', () => h.beacon(pv(), undefined, { 'user-agent': '' }), 202, 'bot'],
    ['prefetch', () => h.beacon(pv(), undefined, { 'sec-purpose': 'prefetch' }), 202, 'prefetch'],
    ['Global Privacy Control', () => h.beacon(pv(), undefined, { 'sec-gpc': '1' }), 202, 'gpc'],
    [
      'engagement without a visit',
      () =>
        h.beacon(
          { s: h.siteKey, e: 'engagement', u: 'https://example.com/', m: 5 },
          '198.51.100.99',
        ),
      202,
      'no_visit',
    ],
  ];
  for (const [name, send, status, reason] of cases) {
    test(`${name} → ${status} ${reason}; nothing stored`, async () => {
      const before = count('SELECT 1 FROM pageviews') + count('SELECT 1 FROM daily_counts');
      const res = await send();
      expect(res.status).toBe(status);
      expect(res.headers.get('x-leadlens-drop')).toBe(reason);
      if (status >= 400) {
        const body = await res.json();
        expect(body.error.code).toBe(reason);
        expect(typeof body.error.message).toBe('string');
      }
      expect(count('SELECT 1 FROM pageviews') + count('SELECT 1 FROM daily_counts')).toBe(before);
    });
  }

  test('Do Not Track is ignored by default and honoured when the site says so', async () => {
    expect(
      (await h.beacon(pv(), undefined, { dnt: '1' })).headers.get('x-leadlens-drop'),
    ).toBeNull();
    h.db.prepare('UPDATE sites SET honor_dnt = 1 WHERE id = ?').run(h.siteId);
    // The site cache holds sites for 10 s of the (fake) clock.
    h.now.t += 11_000;
    expect((await h.beacon(pv(), undefined, { dnt: '1' })).headers.get('x-leadlens-drop')).toBe(
      'dnt',
    );
  });

  test('an opted-out company is dropped before anything is written', async () => {
    const canary = h.db
      .prepare<{ id: number }>("SELECT id FROM companies WHERE name = 'CanaryCo AG'")
      .get()!.id;
    h.db.prepare('INSERT INTO optouts (company_id, created_at) VALUES (?, 0)').run(canary);
    h.tracking.optouts.reload();
    const before = count('SELECT 1 FROM daily_counts') + count('SELECT 1 FROM pageviews');
    expect((await h.beacon(pv(), '198.51.100.201')).headers.get('x-leadlens-drop')).toBe(
      'opted_out',
    );
    expect(count('SELECT 1 FROM daily_counts') + count('SELECT 1 FROM pageviews')).toBe(before);
  });

  test('X-Forwarded-For is ignored without trusted proxies; an ip field in the body too', async () => {
    const before = count("SELECT 1 FROM visits WHERE class = 'isp'");
    const r = await h.beacon(
      pv({ ip: '198.51.100.7', remote_ip: '198.51.100.7' }),
      '203.0.113.50',
      {
        'x-forwarded-for': '198.51.100.7',
        'x-real-ip': '198.51.100.7',
        forwarded: 'for=198.51.100.7',
      },
    );
    expect(r.headers.get('x-leadlens-drop')).toBe('counted');
    expect(count("SELECT 1 FROM visits WHERE class = 'isp'")).toBe(before);
  });
});

describe('other routes', () => {
  test("CORS preflight allows the sites' origins only", async () => {
    const pre = (origin: string) =>
      h.app.handle(
        new Request('http://leadlens.test/e', { method: 'OPTIONS', headers: { origin } }),
      );
    expect((await pre('https://www.example.com')).headers.get('access-control-allow-origin')).toBe(
      'https://www.example.com',
    );
    expect((await pre('https://evil.test')).headers.get('access-control-allow-origin')).toBeNull();
  });

  test('/p.gif counts a noscript pageview and always answers with a GIF', async () => {
    const before = count('SELECT 1 FROM pageviews');
    const res = await h.handle(
      new Request(
        `http://leadlens.test/p.gif?s=${h.siteKey}&u=${encodeURIComponent('https://example.com/noscript')}`,
        {
          headers: { 'user-agent': 'Mozilla/5.0 (Windows NT 10.0) Firefox/128.0' },
        },
      ),
    );
    expect(res.headers.get('content-type')).toBe('image/gif');
    expect(new TextDecoder().decode((await res.arrayBuffer()).slice(0, 6))).toBe('GIF89a');
    expect(count('SELECT 1 FROM pageviews')).toBe(before + 1);
    const bad = await h.app.handle(new Request('http://leadlens.test/p.gif?s=nope'));
    expect(bad.status).toBe(200);
    expect(bad.headers.get('x-leadlens-drop')).toBe('invalid');
  });

  test('/t.js and /t.v1.js serve the tracker', async () => {
    const js = await h.app.handle(new Request('http://leadlens.test/t.js'));
    expect(js.headers.get('content-type')).toContain('javascript');
    expect((await js.text()).length).toBeGreaterThan(100);
    const v1 = await h.app.handle(new Request('http://leadlens.test/t.v1.js'));
    expect(v1.headers.get('cache-control')).toContain('immutable');
  });

  test('/metrics: outcomes, latency histogram, gauges', async () => {
    const text = await (await h.app.handle(new Request('http://leadlens.test/metrics'))).text();
    expect(text).toMatch(/^leadlens_beacons_total\{outcome="stored"\} [1-9]\d*$/m);
    expect(text).toMatch(/^leadlens_beacons_total\{outcome="bot"\} 3$/m);
    expect(text).toMatch(/^leadlens_ingest_seconds_count \d+$/m);
    expect(text).toMatch(/^leadlens_index_ipv4_segments 4$/m);
    // Nothing was shed here; overload tests drive the count (writer.test.ts).
    expect(text).toMatch(
      /^# TYPE leadlens_writer_shed_total counter\nleadlens_writer_shed_total 0$/m,
    );
  });

  test('/healthz reports the writer and the index', async () => {
    const body = await (await h.app.handle(new Request('http://leadlens.test/healthz'))).json();
    expect(body).toMatchObject({
      status: 'ok',
      writer: { ok: true },
      index: { ipv4Segments: 4, ipv6Segments: 1 },
    });
  });

  test('unknown routes: the JSON error envelope', async () => {
    const res = await h.app.handle(new Request('http://leadlens.test/nope'));
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: 'not_found', message: 'no such route' } });
  });
});
