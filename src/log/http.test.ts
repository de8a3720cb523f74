import { afterAll, describe, expect, test } from 'bun:test';
import { Elysia } from 'elysia';
import { AuthError } from '../auth/index.ts';
import { composeApp } from '../compose.ts';
import { loadConfig } from '../config/index.ts';
import { openDatabase } from '../db/index.ts';
import { IndexHolder } from '../ipindex/index.ts';
import { tempDir } from '../testing/tmp.ts';
import { createRequestLog, maskAddresses } from './http.ts';
import { createLogger } from './index.ts';

/** A logger at `level` whose lines land in an array, parsed. */
function capture(level: 'debug' | 'info' = 'debug') {
  const lines: string[] = [];
  const log = createLogger(level, { write: (s: string) => lines.push(s) });
  return { log, lines, parsed: () => lines.map((l) => JSON.parse(l)) };
}

const settle = () => Bun.sleep(5); // onAfterResponse runs after the response is returned

describe('request log plugin', () => {
  const out = capture();
  const requests = createRequestLog({ log: out.log });
  const app = new Elysia()
    .use(requests.plugin)
    .onError(({ code, error, set, request }) => {
      if (code === 'NOT_FOUND') {
        set.status = 404;
        return { error: { code: 'not_found', message: 'no such route' } };
      }
      const own = error as { toResponse?: () => Response };
      if (typeof own?.toResponse === 'function') return own.toResponse();
      set.status = 500;
      return {
        error: { code: 'internal', message: 'internal', requestId: requests.idOf(request) },
      };
    })
    .get('/companies/:id', () => ({ ok: true }))
    .get('/setup', () => 'page')
    .get('/raw', () => new Response('x', { status: 201 }))
    .get('/denied', () => {
      throw new AuthError('forbidden', 'no');
    })
    .get('/boom', () => {
      throw new Error('db on fire');
    })
    .post('/e', ({ set }) => {
      set.status = 202;
      return '';
    });

  test.each([
    ['GET', '/companies/42?token=s3cret', 200, '/companies/:id', 'info'],
    ['GET', '/setup?token=s3cret-setup', 200, '/setup', 'info'],
    ['GET', '/raw', 201, '/raw', 'info'],
    ['GET', '/denied', 403, '/denied', 'info'],
    ['GET', '/nope/198.51.100.7?ip=198.51.100.8', 404, '/nope/<addr>', 'info'],
    ['GET', '/x/2001:db8::1', 404, '/x/<addr>', 'info'],
    ['POST', '/e', 202, '/e', 'debug'],
  ])('%s %s → %d, logged as %s at %s', async (method, path, status, route, level) => {
    out.lines.length = 0;
    const res = await app.handle(new Request(`http://localhost${path}`, { method }));
    await settle();
    expect(res.status).toBe(status);
    const id = res.headers.get('x-request-id');
    expect(id).toMatch(/^[0-9a-f]{16}$/);
    const [line] = out.parsed();
    expect(line).toMatchObject({ level, msg: 'request', method, route, status, requestId: id });
    expect(typeof line.ms).toBe('number');
    expect(out.lines.join('')).not.toMatch(/s3cret|198\.51\.100|2001:db8|token=|\?/);
  });

  test('a 500 carries the request id in its envelope; ids differ per request', async () => {
    const a = await app.handle(new Request('http://localhost/boom'));
    const b = await app.handle(new Request('http://localhost/boom'));
    const body = await a.json();
    expect(a.status).toBe(500);
    expect(body.error.requestId).toBe(a.headers.get('x-request-id'));
    expect(a.headers.get('x-request-id')).not.toBe(b.headers.get('x-request-id'));
  });

  test('beacons are quiet at info level', async () => {
    const quiet = capture('info');
    const r = createRequestLog({ log: quiet.log });
    const small = new Elysia()
      .use(r.plugin)
      .post('/e', () => '')
      .get('/p.gif', () => '');
    await small.handle(new Request('http://localhost/e', { method: 'POST' }));
    await small.handle(new Request('http://localhost/p.gif'));
    await settle();
    expect(quiet.lines).toEqual([]);
  });
});

test.each([
  ['/x/198.51.100.7/y', '/x/<addr>/y'],
  ['/a/2001%3Adb8%3A%3A1/b', '/a/<addr>/b'],
  ['/api/companies/12', '/api/companies/12'],
  ['/t.v1.js', '/t.v1.js'],
])('maskAddresses(%s) = %s', (input, masked) => {
  expect(maskAddresses(input)).toBe(masked);
});

describe('the real app', async () => {
  const tmp = tempDir();
  afterAll(() => tmp.cleanup());
  const db = openDatabase(tmp.path('leadlens.db'));
  const index = new IndexHolder();
  index.reload(db);
  const out = capture();
  const peer = '198.51.100.7';
  const { app, tracking } = await composeApp({
    db,
    index,
    config: loadConfig({}, { LEADLENS_ENV: 'test', TRUSTED_PROXIES: '198.51.100.0/24' }),
    log: out.log,
    peerOf: () => peer,
    writer: { windowMs: 1, mode: 'inline' },
    statsMode: 'inline',
  });
  afterAll(() => tracking.close());
  const site = tracking.sites.create({ name: 'Example', domains: ['example.com'] });

  test('every response has an id; no address, no query value in any line', async () => {
    const send = (path: string, init: RequestInit = {}) =>
      app.handle(new Request(`http://leadlens.test${path}`, init));
    const responses = [
      await send('/setup?token=AbCdEfGhIjKlMnOpQrStUv'),
      await send('/invite?token=ZyXwVuTsRqPoNmLkJiHg'),
      await send('/api/auth/me'),
      await send('/healthz'),
      await send('/e', {
        method: 'POST',
        headers: {
          'content-type': 'text/plain',
          'x-forwarded-for': '203.0.113.9',
          'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Chrome/126.0 Safari/537.36',
        },
        body: JSON.stringify({ s: site.key, u: 'https://example.com/?utm=QueryValue' }),
      }),
    ];
    await settle();
    for (const r of responses) expect(r.headers.get('x-request-id')).toMatch(/^[0-9a-f]{16}$/);
    const text = out.lines.join('');
    expect(text).not.toMatch(/198\.51\.100\.7|203\.0\.113\.9|AbCdEf|ZyXwVu|QueryValue|token/);
    const routes = out.parsed().filter((l) => l.msg === 'request');
    expect(routes.map((l) => [l.route, l.status])).toEqual([
      ['/setup', 200],
      ['/invite', 200],
      ['/api/auth/me', 401],
      ['/healthz', 200],
      ['/e', 202],
    ]);
    expect(routes.find((l) => l.route === '/e')?.level).toBe('debug');
  });

  test('a failure is logged at error level with the request id the client got', async () => {
    out.lines.length = 0;
    db.close(); // the next query throws: an internal error
    const res = await app.handle(new Request('http://leadlens.test/healthz'));
    await settle();
    expect(res.status).toBe(500);
    const id = res.headers.get('x-request-id');
    expect((await res.json()).error).toEqual({
      code: 'internal',
      message: 'internal error',
      requestId: id,
    });
    const failed = out.parsed().find((l) => l.msg === 'request failed');
    expect(failed).toMatchObject({ level: 'error', requestId: id });
    expect(out.parsed().find((l) => l.msg === 'request')).toMatchObject({
      status: 500,
      requestId: id,
    });
  });
});
