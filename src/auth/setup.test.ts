import { afterAll, describe, expect, test } from 'bun:test';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { authKit, setCookieToken } from './test-kit.ts';

const OWNER = {
  email: 'Owner@Example.com',
  name: 'Olivia Owner',
  password: 'correct horse battery',
};

describe('first start: setup', () => {
  const k = authKit();
  afterAll(() => k.close());

  test('setupUrlPath is a one-time link with 32 random bytes while no user exists', async () => {
    const path = k.auth.setupUrlPath();
    expect(path).toMatch(/^\/setup\?token=[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(k.setupToken(), 'base64url').length).toBe(32);
    expect(k.auth.setupUrlPath()).toBe(path); // stable within one start
    expect(await (await k.call('GET', '/api/setup')).json()).toEqual({ needsSetup: true });
  });

  test.each([
    ['no token', 400, { ...OWNER }],
    ['wrong token', 403, { ...OWNER, token: 'A'.repeat(43) }],
    ['short password', 400, { ...OWNER, token: 'TOKEN', password: 'short' }],
    ['password over 256', 400, { ...OWNER, token: 'TOKEN', password: 'x'.repeat(257) }],
    ['bad e-mail', 400, { ...OWNER, token: 'TOKEN', email: 'not-an-email' }],
    ['long name', 400, { ...OWNER, token: 'TOKEN', name: 'n'.repeat(101) }],
    ['blank name', 400, { ...OWNER, token: 'TOKEN', name: '   ' }],
    ['control characters in name', 400, { ...OWNER, token: 'TOKEN', name: 'Eve\u202eevil' }],
  ])('refused: %s → %d, nobody created', async (_, status, body) => {
    const b = { ...body } as Record<string, unknown>;
    if (b.token === 'TOKEN') b.token = k.setupToken();
    const res = await k.call('POST', '/api/setup', { body: b });
    expect(res.status).toBe(status);
    expect((await res.json()) as object).toHaveProperty('error.code');
    expect(setCookieToken(res)).toBeNull();
    expect(k.auth.setupUrlPath()).not.toBeNull();
  });

  test('with the token: creates the owner (e-mail lower-cased) and signs in', async () => {
    const res = await k.call('POST', '/api/setup', { body: { ...OWNER, token: k.setupToken() } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      id: 1,
      email: 'owner@example.com',
      name: 'Olivia Owner',
      role: 'owner',
    });
    const cookie = setCookieToken(res)!;
    const me = await k.call('GET', '/api/auth/me', { cookie });
    expect(((await me.json()) as { role: string }).role).toBe('owner');
  });

  test('afterwards: token forgotten, setup answers 409 even with the old token', async () => {
    expect(k.auth.setupUrlPath()).toBeNull();
    expect(await (await k.call('GET', '/api/setup')).json()).toEqual({ needsSetup: false });
    const again = await k.call('POST', '/api/setup', {
      body: { ...OWNER, email: 'second@example.com', token: 'A'.repeat(43) },
    });
    expect(again.status).toBe(409);
    expect(((await again.json()) as { error: { code: string } }).error.code).toBe('conflict');
  });

  test('passwords and session tokens never reach the database files as text', async () => {
    const res = await k.login(OWNER.email, OWNER.password);
    const token = setCookieToken(res)!;
    for (const f of readdirSync(k.dir)) {
      const bytes = readFileSync(join(k.dir, f));
      expect(bytes.includes(OWNER.password)).toBe(false);
      expect(bytes.includes(token)).toBe(false);
    }
    const row = k.db.prepare<{ password_hash: string }>('SELECT password_hash FROM users').get()!;
    expect(row.password_hash).toStartWith('$argon2id$');
  });

  test('the log holds no password, token or e-mail', () => {
    const text = k.logs.join('');
    expect(text).not.toContain('correct horse');
    expect(text).not.toContain('owner@example.com');
    expect(text).not.toContain('198.51.100.7');
  });
});

describe('setup token', () => {
  test('a new start with users already present has no setup link', async () => {
    const k = authKit();
    await k.setup();
    const { createAuth } = await import('./index.ts');
    const again = createAuth({ db: k.db, config: { trustedProxies: [] }, peerOf: () => null });
    expect(again.setupUrlPath()).toBeNull();
    k.close();
  });

  test('each start makes a different token', () => {
    const a = authKit();
    const b = authKit();
    expect(a.setupToken()).not.toBe(b.setupToken());
    a.close();
    b.close();
  });
});
