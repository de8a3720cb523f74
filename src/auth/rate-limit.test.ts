import { describe, expect, test } from 'bun:test';
import { LOGIN_LIMITS } from './index.ts';
import { FailureLimiter } from './rate-limit.ts';
import { authKit, setCookieToken } from './test-kit.ts';

const EMAIL = 'owner@example.com';
const PASSWORD = 'correct horse battery';
const { account: ACCOUNT, client: CLIENT } = LOGIN_LIMITS;

describe('login throttling (check 29)', () => {
  test('per account: after 10 failures even the right password gets 429 with Retry-After', async () => {
    const k = authKit();
    await k.setup(EMAIL, PASSWORD);
    // From different clients, so only the account limit can be what trips.
    for (let i = 0; i < ACCOUNT.max; i++) {
      const res = await k.login(EMAIL, 'wrong password', { from: `192.0.2.${i + 1}` });
      expect(res.status).toBe(401);
    }
    const blocked = await k.login(EMAIL, PASSWORD, { from: '192.0.2.200' });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBe(ACCOUNT.windowMs / 1000);
    expect(((await blocked.json()) as { error: { code: string } }).error.code).toBe('rate_limited');
    expect(setCookieToken(blocked)).toBeNull();
    // E-mail case does not open a second bucket.
    expect((await k.login('OWNER@example.com', PASSWORD, { from: '192.0.2.201' })).status).toBe(
      429,
    );
    // Another account is unaffected; after the window the account may try again.
    expect((await k.login('other@example.com', 'x', { from: '192.0.2.202' })).status).toBe(401);
    k.now.t += ACCOUNT.windowMs;
    expect((await k.login(EMAIL, PASSWORD, { from: '192.0.2.203' })).status).toBe(200);
    k.close();
  }, 30_000);

  test('a success clears the account count', async () => {
    const k = authKit();
    await k.setup(EMAIL, PASSWORD);
    for (let i = 0; i < ACCOUNT.max - 1; i++) await k.login(EMAIL, 'wrong password');
    expect((await k.login(EMAIL, PASSWORD)).status).toBe(200);
    for (let i = 0; i < ACCOUNT.max - 1; i++) await k.login(EMAIL, 'wrong password');
    expect((await k.login(EMAIL, PASSWORD)).status).toBe(200);
    k.close();
  }, 30_000);

  test('per client: 30 failures over many accounts; rotating X-Forwarded-For from an untrusted peer does not help', async () => {
    const k = authKit(); // trusts no proxy
    for (let i = 0; i < CLIENT.max; i++) {
      const res = await k.login(`user${i}@example.com`, 'wrong password', {
        from: '198.51.100.9',
        headers: { 'x-forwarded-for': `203.0.113.${i + 1}` },
      });
      expect(res.status).toBe(401);
    }
    for (const xff of ['203.0.113.250', '2001:db8::77', '', 'garbage']) {
      const res = await k.login('fresh@example.com', 'wrong password', {
        from: '198.51.100.9',
        headers: { 'x-forwarded-for': xff },
      });
      expect(res.status).toBe(429);
    }
    // A different client is still let through.
    expect((await k.login('fresh@example.com', 'x', { from: '198.51.100.10' })).status).toBe(401);
    k.close();
  }, 60_000);

  test('behind a trusted proxy, clients are told apart by X-Forwarded-For', async () => {
    const k = authKit({ trustedProxies: ['10.0.0.0/8'] });
    const via = (client: string, i: number) =>
      k.login(`user${i}@example.com`, 'wrong password', {
        from: '10.0.0.2',
        headers: { 'x-forwarded-for': `198.51.100.1, ${client}` }, // left-most is a spoof
      });
    for (let i = 0; i < CLIENT.max; i++) expect((await via('203.0.113.5', i)).status).toBe(401);
    expect((await via('203.0.113.5', 99)).status).toBe(429);
    expect((await via('203.0.113.6', 100)).status).toBe(401);
    k.close();
  }, 60_000);

  test('parallel guesses cannot outrun the count', async () => {
    const k = authKit();
    await k.setup(EMAIL, PASSWORD);
    const all = await Promise.all(
      Array.from({ length: 15 }, (_, i) =>
        k.login(EMAIL, 'wrong password', { from: `192.0.2.${i + 1}` }),
      ),
    );
    const statuses = all.map((r) => r.status);
    expect(statuses.filter((s) => s === 401).length).toBe(ACCOUNT.max);
    expect(statuses.filter((s) => s === 429).length).toBe(15 - ACCOUNT.max);
    k.close();
  }, 30_000);

  test('no address is kept in the limiter or written to the log', async () => {
    const k = authKit();
    await k.login('x@example.com', 'wrong password', { from: '203.0.113.77' });
    expect(k.logs.join('')).not.toContain('203.0.113.77');
    k.close();
  });
});

describe('FailureLimiter', () => {
  test.each([
    ['below the limit', 2, 0, 0],
    ['at the limit', 3, 0, 1000],
    ['at the limit, later in the window', 3, 400, 600],
    ['window over', 3, 1000, 0],
  ])('%s', (_, failures, later, wait) => {
    const now = { t: 0 };
    const l = new FailureLimiter({ max: 3, windowMs: 1000 }, () => now.t);
    for (let i = 0; i < failures; i++) l.fail(['k']);
    now.t += later;
    expect(l.retryAfter(['k'])).toBe(wait);
  });

  test('bounded: past maxKeys the oldest entries go', () => {
    const l = new FailureLimiter({ max: 1, windowMs: 1000 }, () => 0, 100);
    for (let i = 0; i < 1000; i++) l.fail([`k${i}`]);
    expect(l.size).toBe(100);
    expect(l.retryAfter(['k999'])).toBe(1000);
    expect(l.retryAfter(['k0'])).toBe(0);
  });

  test('a count under the previous salt carries over', () => {
    const l = new FailureLimiter({ max: 2, windowMs: 1000 }, () => 0);
    l.fail(['old']);
    l.fail(['new', 'old']);
    expect(l.retryAfter(['new', 'old'])).toBe(1000);
  });
});
