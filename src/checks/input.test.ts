// CHECKS.md #1 (oversized bodies) and #3 (deep/huge JSON) against the real server. #2, #4–#7 are
// covered beside the code (src/track/track.test.ts, steps.test.ts, scripts/fuzz).
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { createHarness } from '../testing/harness.ts';
import { type RealServer, startRealServer } from './kit.ts';

let s: RealServer;
beforeAll(async () => {
  s = await startRealServer();
});
afterAll(() => s.close());

const rssBytes = () =>
  Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${s.server.proc.pid}/status`, 'utf8'))?.[1]) *
  1024;

/**
 * Sends a POST body of `size` bytes in 64 KB pieces (chunked, or with Content-Length) and stops as
 * soon as the server answers or closes. The status (0: closed without one) and the time to it.
 */
function pushBody(
  path: string,
  size: number,
  chunked: boolean,
): Promise<{ status: number; ms: number }> {
  const { hostname, port } = new URL(s.base);
  const piece = Buffer.alloc(64 * 1024, 0x61);
  return new Promise((resolve) => {
    const t0 = performance.now();
    let answered = false;
    let got = '';
    const done = (status: number) => {
      if (answered) return;
      answered = true;
      resolve({ status, ms: performance.now() - t0 });
      socket.destroy();
    };
    const socket = connect(Number(port), hostname, async () => {
      const framing = chunked ? 'Transfer-Encoding: chunked' : `Content-Length: ${size}`;
      socket.write(
        `POST ${path} HTTP/1.1\r\nHost: ${hostname}\r\nContent-Type: text/plain\r\n${framing}\r\n\r\n`,
      );
      for (let sent = 0; sent < size && !answered; sent += piece.length) {
        const data = chunked
          ? Buffer.concat([
              Buffer.from(`${piece.length.toString(16)}\r\n`),
              piece,
              Buffer.from('\r\n'),
            ])
          : piece;
        if (!socket.write(data)) {
          await new Promise((r) => {
            socket.once('drain', r);
            socket.once('close', r);
          });
        }
      }
      if (chunked && !answered) socket.write('0\r\n\r\n');
    });
    socket.on('data', (c) => {
      got += c.toString('latin1');
      const m = /^HTTP\/1\.1 (\d{3})/.exec(got);
      if (m) done(Number(m[1]));
    });
    socket.on('error', () => done(0));
    socket.on('close', () => done(0));
    socket.setTimeout(10_000, () => done(-1));
  });
}

describe('#1 oversized bodies are refused early', () => {
  const sizes = [64 * 1024, 1024 * 1024, 200 * 1024 * 1024];
  for (const size of sizes) {
    for (const chunked of [false, true]) {
      const name = `${size >= 1 << 20 ? `${size >> 20} MB` : `${size >> 10} KB`} ${chunked ? 'chunked' : 'with Content-Length'}`;
      test(`#1 POST /e ${name} → 413 (or a close) within 1 s, RSS not grown by the body`, async () => {
        const before = rssBytes();
        const r = await pushBody('/e', size, chunked);
        expect([413, 0]).toContain(r.status);
        expect(r.ms).toBeLessThan(1000);
        // Only the 200 MB cases can tell; small bodies are within the noise of RSS.
        expect(rssBytes() - before).toBeLessThan(32 * 1024 * 1024);
        expect((await fetch(`${s.base}/healthz`)).status).toBe(200);
      });
    }
  }

  test('#1 the JSON API: 200 MB with Content-Length is refused before it is read', async () => {
    const before = rssBytes();
    const r = await pushBody('/api/auth/login', 200 * 1024 * 1024, false);
    expect([413, 0]).toContain(r.status);
    expect(r.ms).toBeLessThan(1000);
    expect(rssBytes() - before).toBeLessThan(32 * 1024 * 1024);
  });
});

describe('#3 deep and huge JSON', () => {
  const n = 100_000;
  const bodies: [string, () => string][] = [
    [`[[[…]]] ${n} deep`, () => `${'['.repeat(n)}${']'.repeat(n)}`],
    [`{…} ${n} deep`, () => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`],
    [
      `an object of ${n} keys`,
      () => JSON.stringify(Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, i]))),
    ],
    ['an array of 1M elements', () => `[${new Array(1_000_000).fill('0').join(',')}]`],
  ];
  const routes: [string, boolean][] = [
    ['/api/auth/login', false],
    ['/api/sites', true],
    ['/api/triggers', true],
    ['/e', false],
  ];
  for (const [name, make] of bodies) {
    test(`#3 ${name}: 400 (413 for /e, 8 KB cap) fast, the process alive and healthy`, async () => {
      const body = make();
      expect(body.length).toBeLessThan(16 * 1024 * 1024); // under the server's body cap
      for (const [path, session] of routes) {
        const t0 = performance.now();
        const res = await fetch(`${s.base}${path}`, {
          method: 'POST',
          headers: {
            origin: s.base,
            'content-type': path === '/e' ? 'text/plain' : 'application/json',
            ...(session ? { cookie: s.cookie } : {}),
          },
          body,
        });
        const text = await res.text();
        const ms = performance.now() - t0;
        const want = path === '/e' ? 413 : 400;
        expect({ path, status: res.status }).toEqual({ path, status: want });
        expect({ path, fast: ms < 2000 }).toEqual({ path, fast: true });
        expect(text).not.toMatch(/at .*\.ts:\d+|RangeError|stack/i);
      }
      expect(s.server.proc.exitCode).toBeNull();
      expect((await fetch(`${s.base}/healthz`)).status).toBe(200);
    });
  }
});

describe('#2 the admin API: JSON of the wrong shape is a 400, never a 500', () => {
  const bodies = [
    '{"a":1}',
    '5',
    'null',
    '[]',
    '"x"',
    '{"name":{"x":1},"domains":"x","text":[1]}',
    '{"a":',
  ];
  test('#2 every state-changing /api route × each body → never 5xx; refusals are the envelope', async () => {
    const h = await createHarness();
    try {
      const cookie = await h.ownerCookie();
      const routes = h.app.routes.filter(
        (r) =>
          !['GET', 'HEAD', 'OPTIONS'].includes(r.method) &&
          r.path.startsWith('/api/') &&
          r.path !== '/api/auth/logout',
      );
      expect(routes.length).toBeGreaterThanOrEqual(40);
      for (const r of routes) {
        for (const body of bodies) {
          const res = await h.handle(
            new Request(`http://leadlens.test${r.path.replace(/:[a-z]+/gi, '1')}`, {
              method: r.method,
              headers: {
                origin: 'http://leadlens.test',
                cookie,
                'content-type': 'application/json',
              },
              body,
            }),
          );
          const label = `${r.method} ${r.path} ${body}`;
          expect({ label, status: res.status < 500 }).toEqual({ label, status: true });
          // Some routes take no body and ignore it (POST /api/companies/seen); refusals are envelopes.
          const text = await res.text();
          const json = (text ? JSON.parse(text) : {}) as { error?: unknown };
          if (res.status >= 400)
            expect({ label, envelope: !!json.error }).toEqual({ label, envelope: true });
        }
      }
    } finally {
      await h.close();
    }
  });
});

describe('#4 #6 #15 beacon allow-lists through the composed app', () => {
  test('#4 Content-Type: form, multipart, xml, JSON-ish others → 415; text/plain and JSON pass', async () => {
    const h = await createHarness();
    try {
      const body = { s: h.siteKey, e: 'pageview', u: 'https://example.com/' };
      const cases: [string, number][] = [
        ['application/x-www-form-urlencoded', 415],
        ['multipart/form-data; boundary=x', 415],
        ['application/xml', 415],
        ['text/xml', 415],
        ['application/json-patch+json', 415],
        ['text/html', 415],
        ['text/plain;charset=UTF-8', 202],
        ['application/json', 202],
      ];
      for (const [type, want] of cases) {
        const res = await h.beacon(body, undefined, { 'content-type': type });
        expect({ type, status: res.status }).toEqual({ type, status: want });
      }
    } finally {
      await h.close();
    }
  });

  test('#6 an unknown and a disabled site key get the same answer; nothing is stored', async () => {
    const h = await createHarness();
    try {
      const off = h.tracking.sites.create({ name: 'Off', domains: ['off.example'] });
      h.db.prepare('UPDATE sites SET enabled = 0 WHERE id = ?').run(off.id);
      h.tracking.sitesChanged();
      const count = () =>
        (h.db.prepare('SELECT COUNT(*) AS n FROM visits').get() as { n: number }).n;
      const before = count();
      const answers: string[] = [];
      for (const [key, host] of [
        ['nosuchsitekey', 'example.com'],
        [off.key, 'off.example'],
      ]) {
        const res = await h.beacon({ s: key, e: 'pageview', u: `https://${host}/` });
        answers.push(`${res.status} ${await res.text()}`);
      }
      expect(answers[0]).toBe(answers[1]);
      expect(answers[0]).toStartWith('404');
      expect(count()).toBe(before);
    } finally {
      await h.close();
    }
  });

  test('#15 bots (Googlebot, HeadlessChrome, curl, python-requests) are counted, never stored', async () => {
    const h = await createHarness();
    try {
      const agents = [
        'Googlebot/2.1 (+http://www.google.com/bot.html)',
        'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/126.0 Safari/537.36',
        'curl/8.5.0',
        'python-requests/2.32.3',
      ];
      for (const ua of agents) {
        const res = await h.beacon(
          { s: h.siteKey, e: 'pageview', u: 'https://example.com/' },
          undefined,
          { 'user-agent': ua },
        );
        expect({ ua, status: res.status, drop: res.headers.get('x-leadlens-drop') }).toEqual({
          ua,
          status: 202,
          drop: 'bot',
        });
      }
      expect(h.tracking.metrics.get('bot')).toBe(agents.length);
      expect((h.db.prepare('SELECT COUNT(*) AS n FROM visits').get() as { n: number }).n).toBe(0);
    } finally {
      await h.close();
    }
  });

  test('#15 referrer spam is counted, never stored; a real referrer is kept', async () => {
    const h = await createHarness();
    try {
      const view = (r: string) =>
        h.beacon({ s: h.siteKey, e: 'pageview', u: 'https://example.com/', r });
      const visits = () =>
        (h.db.prepare('SELECT COUNT(*) AS n FROM visits').get() as { n: number }).n;
      for (const r of ['https://semalt.com/', 'http://www.Buttons-For-Website.com./x?y=1']) {
        const res = await view(r);
        expect({ r, status: res.status, drop: res.headers.get('x-leadlens-drop') }).toEqual({
          r,
          status: 202,
          drop: 'referrer_spam',
        });
      }
      expect(h.tracking.metrics.get('referrer_spam')).toBe(2);
      expect(visits()).toBe(0);
      // A look-alike is not on the list: notsemalt.com is someone else's site.
      expect((await view('https://notsemalt.com/')).status).toBe(202);
      expect(visits()).toBe(1);
    } finally {
      await h.close();
    }
  });
});
