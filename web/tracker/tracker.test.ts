/**
 * Tracker tests: the size budget, the frozen SRI copy, and the script's behaviour in a real
 * browser (Debian's /usr/bin/chromium driven by playwright-core) against a local Bun server that
 * serves the HTML fixtures in ./fixtures and records every beacon.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { CHROMIUM, hasChromium, launchBrowser } from '../../src/testing/browser.ts';
import { buildTracker } from './build.ts';
import versions from './versions.json';

const BUDGET = 1024; // bytes, gzipped
const dir = import.meta.dir;

const gzipSize = (code: string) => Bun.gzipSync(new TextEncoder().encode(code)).length;

describe('size budget', () => {
  test(`built t.js is at most ${BUDGET} bytes gzipped`, async () => {
    const code = await buildTracker();
    expect(code.length).toBeGreaterThan(500);
    expect(gzipSize(code)).toBeLessThanOrEqual(BUDGET);
  });

  test(`frozen t.v1.js is at most ${BUDGET} bytes gzipped`, async () => {
    expect(gzipSize(await Bun.file(join(dir, 't.v1.js')).text())).toBeLessThanOrEqual(BUDGET);
  });
});

describe('frozen versions (Subresource Integrity)', () => {
  test.each(Object.entries(versions))('%s: file matches its recorded sha384', async (_, v) => {
    const bytes = await Bun.file(join(dir, v.file)).bytes();
    const digest = new Bun.CryptoHasher('sha384').update(bytes).digest('base64');
    expect(`sha384-${digest}`).toBe(v.sri);
  });
});

// ---------------------------------------------------------------------------------------------
// Real browser

type Beacon = { s: string; e: string; u: string; r: string; t: string; w: number; m?: number };
type Received = {
  server: 'main' | 'other';
  path: string;
  contentType: string | null;
  cookie: boolean;
  body: Beacon;
};

const SCREEN_WIDTH = 1366;
const received: Received[] = [];
const requests: { server: string; method: string; path: string }[] = [];
let fixture = 'basic';

if (!hasChromium) {
  console.warn(`tracker.test.ts: ${CHROMIUM} is missing, skipping the real-browser tests`);
}

const until = async (pred: () => boolean, what: string, timeout = 5000) => {
  const end = Date.now() + timeout;
  while (!pred()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await Bun.sleep(20);
  }
};

/** Beacons whose server-side arrival order may differ from the send order: compare sorted. */
const sorted = (list: Beacon[]) =>
  [...list].sort((a, b) => `${a.e} ${a.u}`.localeCompare(`${b.e} ${b.u}`));

describe.skipIf(!hasChromium)('in a real browser', () => {
  let browser: Awaited<ReturnType<typeof launchBrowser>> | undefined;
  let context: BrowserContext;
  let main: ReturnType<typeof Bun.serve>;
  let other: ReturnType<typeof Bun.serve>;
  let base = '';
  let otherBase = '';
  let downBase = '';
  let code = '';

  const handler = (server: Received['server']) => async (req: Request) => {
    const url = new URL(req.url);
    requests.push({ server, method: req.method, path: url.pathname });
    const cors = { 'Access-Control-Allow-Origin': '*' };
    if (req.method === 'POST' && (url.pathname === '/e' || url.pathname === '/collect')) {
      received.push({
        server,
        path: url.pathname,
        contentType: req.headers.get('content-type'),
        cookie: req.headers.has('cookie'),
        body: JSON.parse(await req.text()),
      });
      return new Response(null, { status: 204, headers: cors });
    }
    if (req.method === 'OPTIONS') return new Response(null, { status: 204, headers: cors });
    if (url.pathname === '/t.js') {
      const headers = { 'Content-Type': 'text/javascript', 'Cache-Control': 'no-store' };
      return new Response(code, { headers });
    }
    if (url.pathname === '/favicon.ico' || server !== 'main')
      return new Response(null, { status: 404 });
    // Every other path on the main server is the current fixture, so tests choose real paths.
    const html = (await Bun.file(join(dir, 'fixtures', `${fixture}.html`)).text())
      .replaceAll('{{OTHER}}', otherBase)
      .replaceAll('{{DOWN}}', downBase);
    return new Response(html, { headers: { 'Content-Type': 'text/html; charset=utf-8' } });
  };

  beforeAll(async () => {
    code = await buildTracker();
    main = Bun.serve({ port: 0, hostname: '127.0.0.1', fetch: handler('main') });
    other = Bun.serve({ port: 0, hostname: '127.0.0.1', fetch: handler('other') });
    base = `http://127.0.0.1:${main.port}`;
    otherBase = `http://127.0.0.1:${other.port}`;
    const down = Bun.serve({ port: 0, hostname: '127.0.0.1', fetch: () => new Response() });
    downBase = `http://127.0.0.1:${down.port}`;
    await down.stop(true);
    // 20 s to launch leaves room for the rest of this 30 s hook.
    browser = await launchBrowser({
      timeout: 20_000,
      screen: { width: SCREEN_WIDTH, height: 768 },
      viewport: { width: 1000, height: 700 },
    });
    context = browser.context;
    context.setDefaultTimeout(5000);
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    await main?.stop(true);
    await other?.stop(true);
  }, 15_000);

  /**
   * A fresh page on `name` fixture with cleared recordings; `issued` lists POST bodies in the
   * order the page sent them, `errors` every exception that reached the page.
   */
  const open = async (name: string) => {
    fixture = name;
    received.length = 0;
    requests.length = 0;
    const page = await context.newPage();
    const errors: string[] = [];
    const issued: Beacon[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('request', (r) => {
      if (r.method() === 'POST') issued.push(JSON.parse(r.postData() ?? 'null'));
    });
    return { page, errors, issued };
  };

  const setVisibility = (page: Page, state: 'hidden' | 'visible') =>
    page.evaluate((s) => {
      Object.defineProperty(document, 'visibilityState', { value: s, configurable: true });
      document.dispatchEvent(new Event('visibilitychange'));
    }, state);

  /** Waits for `n` beacons, then a little longer to catch any unexpected extra one. */
  const settle = async (n: number) => {
    await until(() => received.length >= n, `${n} beacon(s), got ${received.length}`);
    await Bun.sleep(300);
    expect(received.length).toBe(n);
  };

  const noPreflight = () => expect(requests.filter((r) => r.method === 'OPTIONS')).toEqual([]);

  test('pageview on load: exact payload, utm_* kept in order, other params dropped', async () => {
    const { page, errors, issued } = await open('basic');
    await page.goto(
      `${base}/products/widget?id=5&utm_source=news&ref=x&utm_campaign=spring%20sale#top`,
      { referer: 'http://news.example.com/story' },
    );
    await settle(1);
    const pageview: Beacon = {
      s: 'site-basic',
      e: 'pageview',
      u: `${base}/products/widget?utm_source=news&utm_campaign=spring%20sale`,
      r: await page.evaluate(() => document.referrer),
      t: 'Basic fixture',
      w: SCREEN_WIDTH,
    };
    expect(pageview.r).toStartWith('http://news.example.com/');
    expect(received).toEqual([
      { server: 'main', path: '/e', contentType: 'text/plain', cookie: false, body: pageview },
    ]);
    expect(issued).toEqual([pageview]);
    noPreflight();
    expect(errors).toEqual([]);
    await page.close();
  }, 20_000);

  test('SPA: pushState sends the engagement then a pageview; replaceState on the same path and hash-only changes do not; popstate does', async () => {
    const { page, errors, issued } = await open('basic');
    await page.goto(`${base}/app/one`, { referer: `${base}/landing` });
    await settle(1);
    await Bun.sleep(1100);
    await page.evaluate(() => history.pushState({}, '', '/app/two?utm_medium=mail&q=1'));
    await settle(3);
    // Same kept URL (q is dropped), then a hash-only change (not tracked without data-hash),
    // then back to /app/one: a pageview, and no engagement for /app/two (< 1 s visible).
    await page.evaluate(() => {
      history.replaceState({}, '', '/app/two?utm_medium=mail&q=2');
      history.replaceState({}, '', '/app/two?utm_medium=mail&q=2#details');
      history.back();
    });
    await settle(4);
    const common = { s: 'site-basic', r: '', t: 'Basic fixture', w: SCREEN_WIDTH };
    const one = `${base}/app/one`;
    const two = `${base}/app/two?utm_medium=mail`;
    const expected = [
      { ...common, e: 'pageview', u: one, r: `${base}/landing` },
      { ...common, e: 'engagement', u: one, m: expect.any(Number) },
      { ...common, e: 'pageview', u: two },
      { ...common, e: 'pageview', u: one },
    ];
    expect(issued).toEqual(expected);
    expect(sorted(received.map((b) => b.body))).toEqual(sorted(expected));
    const m = issued[1]?.m ?? 0;
    expect(m).toBeGreaterThanOrEqual(1000);
    expect(m).toBeLessThan(4000);
    expect(errors).toEqual([]);
    await page.close();
  }, 20_000);

  test('data-hash: the hash is part of the URL and hashchange is a navigation', async () => {
    const { page, errors, issued } = await open('hash');
    await page.goto(`${base}/spa?x=1&utm_source=ads#/home`);
    await settle(1);
    await page.evaluate(() => {
      location.hash = '#/settings';
    });
    await settle(2);
    await page.evaluate(() => history.replaceState({}, '', '#/settings')); // unchanged
    await page.evaluate(() => history.pushState({}, '', '/spa?x=2&utm_source=ads#/billing'));
    await settle(3);
    // Only the hashchange listener sees this one: the prototype method is not the wrapped one.
    await page.evaluate(() => {
      History.prototype.replaceState.call(history, {}, '', '#/team');
      window.dispatchEvent(new HashChangeEvent('hashchange'));
    });
    await settle(4);
    const common = { s: 'site-hash', e: 'pageview', r: '', t: 'Hash fixture', w: SCREEN_WIDTH };
    expect(issued).toEqual([
      { ...common, u: `${base}/spa?utm_source=ads#/home` },
      { ...common, u: `${base}/spa?utm_source=ads#/settings` },
      { ...common, u: `${base}/spa?utm_source=ads#/billing` },
      { ...common, u: `${base}/spa?utm_source=ads#/team` },
    ]);
    expect(errors).toEqual([]);
    await page.close();
  }, 20_000);

  test('data-exclude: nothing is sent for matching paths', async () => {
    const { page, errors, issued } = await open('exclude');
    await page.goto(`${base}/admin/users`);
    await until(() => requests.some((r) => r.path === '/t.js'), 't.js request');
    await page.waitForLoadState('load');
    for (const path of ['/pricing', '/preview-draft', '/admin', '/admin/x', '/administrator']) {
      await page.evaluate((p) => history.pushState({}, '', p), path);
    }
    await settle(3);
    const common = { s: 'site-exclude', e: 'pageview', t: 'Exclude fixture', w: SCREEN_WIDTH };
    expect(issued).toEqual([
      { ...common, u: `${base}/pricing`, r: '' },
      { ...common, u: `${base}/admin`, r: '' },
      { ...common, u: `${base}/administrator`, r: '' },
    ]);
    expect(errors).toEqual([]);
    await page.close();
  }, 20_000);

  test('hiding the page sends the visible time since the last send, once', async () => {
    const { page, errors, issued } = await open('basic');
    await page.goto(`${base}/read`);
    await settle(1);
    await Bun.sleep(1100);
    await setVisibility(page, 'hidden');
    await settle(2);
    await setVisibility(page, 'hidden'); // a repeated event must not resend the same time
    await Bun.sleep(1100); // hidden time does not count
    await setVisibility(page, 'visible');
    await Bun.sleep(1200);
    await setVisibility(page, 'hidden');
    await settle(3);
    const engaged = issued.filter((b) => b.e === 'engagement');
    expect(engaged).toHaveLength(2);
    for (const b of engaged) {
      expect(b).toEqual({
        s: 'site-basic',
        e: 'engagement',
        u: `${base}/read`,
        r: '',
        t: 'Basic fixture',
        w: SCREEN_WIDTH,
        m: expect.any(Number),
      });
    }
    expect(engaged[0]!.m!).toBeGreaterThanOrEqual(1000);
    expect(engaged[0]!.m!).toBeLessThan(2000);
    // not cumulative, and without the 1.1 s spent hidden
    expect(engaged[1]!.m!).toBeGreaterThanOrEqual(1150);
    expect(engaged[1]!.m!).toBeLessThan(2000);
    expect(errors).toEqual([]);
    await page.close();
  }, 20_000);

  test('pagehide sends the engagement; a back/forward-cache restore is a new pageview', async () => {
    const { page, errors, issued } = await open('basic');
    await page.goto(`${base}/leave`);
    await settle(1);
    await Bun.sleep(1100);
    // Synthetic events isolate the listeners (a real navigation also fires visibilitychange).
    await page.evaluate(() =>
      window.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: true })),
    );
    await settle(2);
    await page.evaluate(() =>
      window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true })),
    );
    await settle(3);
    const common = { s: 'site-basic', r: '', t: 'Basic fixture', w: SCREEN_WIDTH };
    expect(issued).toEqual([
      { ...common, e: 'pageview', u: `${base}/leave` },
      { ...common, e: 'engagement', u: `${base}/leave`, m: expect.any(Number) },
      { ...common, e: 'pageview', u: `${base}/leave` },
    ]);
    expect(issued[1]!.m!).toBeGreaterThanOrEqual(1000);

    // A real navigation away, received by the server.
    await Bun.sleep(1100);
    await page.goto('about:blank');
    await settle(4);
    const last = received[3]!;
    expect(last.body).toEqual({
      ...common,
      e: 'engagement',
      u: `${base}/leave`,
      m: expect.any(Number),
    });
    expect(last.body.m).toBeGreaterThanOrEqual(1000);
    expect(last.body.m).toBeLessThan(4000);
    expect(last.contentType).toBe('text/plain');
    expect(errors).toEqual([]);
    await page.close();
  }, 20_000);

  test('data-api override: beacons go cross-origin, text/plain, without preflight', async () => {
    const { page, errors } = await open('api');
    await page.goto(`${base}/with-api`);
    await settle(1);
    expect(received[0]).toEqual({
      server: 'other',
      path: '/collect',
      contentType: 'text/plain',
      cookie: false,
      body: {
        s: 'site-api',
        e: 'pageview',
        u: `${base}/with-api`,
        r: '',
        t: 'API fixture',
        w: SCREEN_WIDTH,
      },
    });
    noPreflight();
    expect(errors).toEqual([]);
    await page.close();
  }, 20_000);

  test("default endpoint is the script's own origin + /e, not the page's", async () => {
    const { page, errors } = await open('cross');
    await page.goto(`${base}/elsewhere`);
    await settle(1);
    expect(received[0]).toMatchObject({
      server: 'other',
      path: '/e',
      contentType: 'text/plain',
      body: { s: 'site-cross', e: 'pageview', u: `${base}/elsewhere` },
    });
    noPreflight();
    expect(errors).toEqual([]);
    await page.close();
  }, 20_000);

  test('endpoint down: failed sends never throw into the page', async () => {
    const { page, errors } = await open('down');
    const failed: string[] = [];
    page.on('requestfailed', (r) => failed.push(r.url()));
    await page.goto(`${base}/down`);
    await until(() => failed.length >= 1, 'the failed pageview');
    await page.evaluate(() => history.pushState({}, '', '/down/2'));
    await until(() => failed.length >= 2, 'the second failed pageview');
    await Bun.sleep(200);
    expect(failed.every((u) => u === `${downBase}/e`)).toBe(true);
    expect(received).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  }, 20_000);

  test('skipped: no data-site, and a non-http(s) page', async () => {
    const { page, errors } = await open('nosite');
    // Spy on the transports: about: pages may not reach 127.0.0.1 at all (local network access).
    await page.addInitScript(() => {
      const calls: unknown[] = [];
      const w = window as unknown as { calls: unknown[] };
      w.calls = calls;
      const f = window.fetch;
      window.fetch = ((...a: Parameters<typeof fetch>) => {
        calls.push(a[0]);
        return f(...a);
      }) as typeof fetch;
      const b = navigator.sendBeacon.bind(navigator);
      navigator.sendBeacon = (...a: Parameters<typeof b>) => {
        calls.push(a[0]);
        return b(...a);
      };
    });
    await page.goto(`${base}/no-site`);
    await page.waitForLoadState('load');
    expect(requests.filter((r) => r.path === '/t.js')).toHaveLength(1);
    await page.goto('about:blank');
    await page.setContent(
      `<title>about</title><script data-site="site-about" data-api="${base}/e">${code}</script>`,
    );
    expect(await page.evaluate(() => location.protocol)).toBe('about:');
    await Bun.sleep(300);
    expect(await page.evaluate(() => (window as unknown as { calls: unknown[] }).calls)).toEqual(
      [],
    );
    expect(received).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  }, 20_000);

  test('prerendering: the pageview waits for prerenderingchange', async () => {
    const { page, errors, issued } = await open('basic');
    await page.addInitScript(() =>
      Object.defineProperty(document, 'prerendering', { value: true, configurable: true }),
    );
    await page.goto(`${base}/prerendered`);
    await page.waitForLoadState('load');
    await Bun.sleep(300);
    expect(received).toEqual([]);
    await page.evaluate(() => {
      Object.defineProperty(document, 'prerendering', { value: false, configurable: true });
      document.dispatchEvent(new Event('prerenderingchange'));
    });
    await settle(1);
    expect(issued).toEqual([
      {
        s: 'site-basic',
        e: 'pageview',
        u: `${base}/prerendered`,
        r: '',
        t: 'Basic fixture',
        w: SCREEN_WIDTH,
      },
    ]);
    expect(errors).toEqual([]);
    await page.close();
  }, 20_000);

  test('no cookies, no storage, no cookie reads', async () => {
    const { page, errors } = await open('basic');
    // Record any touch of document.cookie or Web Storage by any script on the page.
    await page.addInitScript(() => {
      const touched: string[] = [];
      (window as unknown as { touched: string[] }).touched = touched;
      const cookie = Object.getOwnPropertyDescriptor(Document.prototype, 'cookie')!;
      Object.defineProperty(Document.prototype, 'cookie', {
        get() {
          touched.push('cookie get');
          return cookie.get!.call(this);
        },
        set(v) {
          touched.push('cookie set');
          cookie.set!.call(this, v);
        },
      });
      for (const k of ['getItem', 'setItem', 'removeItem', 'key', 'clear'] as const) {
        const original = Storage.prototype[k] as (...a: unknown[]) => unknown;
        Storage.prototype[k] = function (this: Storage, ...a: unknown[]) {
          touched.push(`storage ${k}`);
          return original.apply(this, a);
        } as never;
      }
    });
    await page.goto(`${base}/private`);
    await settle(1);
    await Bun.sleep(1100);
    await page.evaluate(() => history.pushState({}, '', '/private/2'));
    await settle(3);
    await setVisibility(page, 'hidden');
    expect(await page.evaluate(() => (window as unknown as { touched: string[] }).touched)).toEqual(
      [],
    );
    expect(await page.evaluate(() => [localStorage.length, sessionStorage.length])).toEqual([0, 0]);
    expect(await context.cookies()).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  }, 20_000);

  test("credentials are omitted: the site's own cookies are not sent with beacons", async () => {
    await context.addCookies([{ name: 'session', value: 'secret', url: base }]);
    try {
      const { page, errors } = await open('basic');
      await page.goto(`${base}/logged-in`);
      await settle(1);
      expect(await page.evaluate(() => document.cookie)).toBe('session=secret');
      expect(received[0]).toMatchObject({ path: '/e', cookie: false });
      expect(errors).toEqual([]);
      await page.close();
    } finally {
      await context.clearCookies();
    }
  }, 20_000);
});
