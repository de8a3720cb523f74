import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { SESSION } from './index.ts';
import { sha256Hex } from './secrets.ts';
import { type AuthKit, authKit, setCookieToken } from './test-kit.ts';

const EMAIL = 'owner@example.com';
const PASSWORD = 'correct horse battery';

let k: AuthKit;
let proxied: AuthKit;
beforeAll(async () => {
  k = authKit();
  await k.setup(EMAIL, PASSWORD);
  proxied = authKit({ trustedProxies: ['10.0.0.0/8'] });
  await proxied.setup(EMAIL, PASSWORD);
});
afterAll(() => {
  k.close();
  proxied.close();
});

describe('login cookie', () => {
  const cases: [string, () => AuthKit, { base?: string; from?: string; xfp?: string }, boolean][] =
    [
      ['plain http', () => k, {}, false],
      ['https URL', () => k, { base: 'https://leadlens.test' }, true],
      [
        'X-Forwarded-Proto https from a trusted proxy',
        () => proxied,
        { from: '10.0.0.2', xfp: 'https' },
        true,
      ],
      ['X-Forwarded-Proto https from an untrusted peer', () => k, { xfp: 'https' }, false],
    ];
  test.each(cases)('%s', async (_, kit, o, secure) => {
    const origin = o.base ?? (o.xfp === 'https' ? 'https://leadlens.test' : 'http://leadlens.test');
    const res = await kit().login(EMAIL, PASSWORD, {
      base: o.base,
      from: o.from,
      headers: { origin, ...(o.xfp ? { 'x-forwarded-proto': o.xfp } : {}) },
    });
    expect(res.status).toBe(200);
    const c = res.headers.get('set-cookie')!;
    expect(c).toContain('HttpOnly');
    expect(c).toContain('SameSite=Strict');
    expect(c).toContain('Path=/');
    expect(c).toContain(`Max-Age=${SESSION.maxMs / 1000}`);
    expect(c.includes('; Secure')).toBe(secure);
    // Over HTTPS the __Host- prefix pins the cookie to this host; 256-bit random value.
    expect(c.startsWith(secure ? '__Host-ll_session=' : 'll_session=')).toBe(true);
    expect(Buffer.from(setCookieToken(res)!, 'base64url').length).toBe(32);
  });
});

describe('sessions', () => {
  test('login rotates the session: a planted or earlier id is deleted and rejected (check 30)', async () => {
    const first = setCookieToken(await k.login(EMAIL, PASSWORD))!;
    const second = await k.login(EMAIL, PASSWORD, { cookie: first });
    const token = setCookieToken(second)!;
    expect(token).not.toBe(first);
    expect((await k.call('GET', '/api/secret', { cookie: first })).status).toBe(401);
    expect((await k.call('GET', '/api/secret', { cookie: token })).status).toBe(200);
    // A made-up id sent with the login is not adopted either.
    const planted = 'P'.repeat(43);
    const third = setCookieToken(await k.login(EMAIL, PASSWORD, { cookie: planted }))!;
    expect(third).not.toBe(planted);
    expect((await k.call('GET', '/api/secret', { cookie: planted })).status).toBe(401);
  });

  test('logout deletes the session server side; replaying the cookie gives 401 (check 32)', async () => {
    const token = setCookieToken(await k.login(EMAIL, PASSWORD))!;
    const out = await k.call('POST', '/api/auth/logout', { cookie: token });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toContain('Max-Age=0');
    for (const path of ['/api/secret', '/api/auth/me']) {
      const res = await k.call('GET', path, { cookie: token });
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({
        error: { code: 'unauthenticated', message: 'sign in first' },
      });
    }
  });

  const HOUR = 3_600_000;
  test.each([
    ['idle just under 12 h', 200, [SESSION.idleMs - 60_000]],
    ['idle over 12 h', 401, [SESSION.idleMs + 1]],
    ['active every 11 h until past 14 days', 401, Array(31).fill(11 * HOUR)],
    ['active every 11 h for 13 days', 200, Array(28).fill(11 * HOUR)],
  ])('expiry: %s → %d', async (_, status, steps) => {
    const token = setCookieToken(await k.login(EMAIL, PASSWORD))!;
    for (const [i, step] of (steps as number[]).entries()) {
      k.now.t += step;
      const res = await k.call('GET', '/api/secret', { cookie: token });
      if (i < steps.length - 1) expect(res.status).toBe(200);
      else expect(res.status).toBe(status);
    }
    // An expired session is deleted, not just refused.
    const row = k.db.prepare('SELECT 1 FROM auth_sessions WHERE id = ?').get(sha256Hex(token));
    expect(row === undefined).toBe(status === 401);
  });

  test('last_seen_at is written at most once a minute', async () => {
    const token = setCookieToken(await k.login(EMAIL, PASSWORD))!;
    const seen = () =>
      k.db.prepare<{ t: number }>('SELECT max(last_seen_at) AS t FROM auth_sessions').get()!.t;
    const start = seen();
    k.now.t += 30_000;
    await k.call('GET', '/api/secret', { cookie: token });
    expect(seen()).toBe(start);
    k.now.t += 31_000;
    await k.call('GET', '/api/secret', { cookie: token });
    expect(seen()).toBe(k.now.t);
  });
});

describe('failed login', () => {
  test('unknown user and wrong password: same status, same body', async () => {
    const a = await k.login('nobody@example.com', 'wrong password');
    const b = await k.login(EMAIL, 'wrong password');
    expect(a.status).toBe(401);
    expect(b.status).toBe(401);
    expect(await a.text()).toBe(await b.text());
    expect(setCookieToken(a)).toBeNull();
  });

  test('unknown user and wrong password take similar time (a dummy hash is verified)', async () => {
    const t = authKit();
    await t.setup(EMAIL, PASSWORD);
    const time = async (email: string) => {
      const t0 = performance.now();
      await t.login(email, 'wrong password', { from: '192.0.2.1' });
      return performance.now() - t0;
    };
    const unknown: number[] = [];
    const wrong: number[] = [];
    for (let i = 0; i < 4; i++) {
      unknown.push(await time(`nobody${i}@example.com`));
      wrong.push(await time(EMAIL));
    }
    const median = (xs: number[]) => xs.sort((x, y) => x - y)[xs.length >> 1];
    const ratio = median(unknown) / median(wrong);
    expect(ratio).toBeGreaterThan(0.5);
    expect(ratio).toBeLessThan(2);
    t.close();
  }, 30_000);
});
