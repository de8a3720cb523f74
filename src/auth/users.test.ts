import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { Elysia } from 'elysia';
import { INVITE_TTL_MS } from './index.ts';
import { type AuthKit, authKit, setCookieToken } from './test-kit.ts';

const code = async (res: Response) =>
  ((await res.json()) as { error: { code: string } }).error.code;
const tokenOf = (path: string) => new URLSearchParams(path.split('?')[1]).get('token')!;

describe('invite flow, end to end', () => {
  let k: AuthKit;
  let owner: string;
  beforeAll(async () => {
    k = authKit();
    owner = await k.setup();
  });
  afterAll(() => k.close());

  test('invite → look up → accept (signed in) → used up', async () => {
    const inv = await k.call('POST', '/api/invites', {
      cookie: owner,
      body: { email: 'Ada@Example.com', role: 'admin' },
    });
    expect(inv.status).toBe(200);
    const { path, expiresAt } = (await inv.json()) as { path: string; expiresAt: number };
    expect(path).toMatch(/^\/invite\?token=[A-Za-z0-9_-]{43}$/);
    expect(expiresAt).toBe(k.now.t + INVITE_TTL_MS);
    const token = tokenOf(path);
    // Stored hashed only.
    expect(k.db.prepare('SELECT 1 FROM invites WHERE token_hash = ?').get(token)).toBeUndefined();

    const info = await k.call('GET', `/api/invites/${token}`);
    expect(await info.json()).toEqual({ email: 'ada@example.com', role: 'admin' });

    const acc = await k.call('POST', '/api/invites/accept', {
      body: { token, name: 'Ada', password: 'analytical engine' },
    });
    expect(acc.status).toBe(200);
    expect(await acc.json()).toMatchObject({ email: 'ada@example.com', role: 'admin' });
    const me = await k.call('GET', '/api/auth/me', { cookie: setCookieToken(acc)! });
    expect(await me.json()).toMatchObject({ name: 'Ada', role: 'admin' });
    expect((await k.login('ada@example.com', 'analytical engine')).status).toBe(200);

    expect((await k.call('GET', `/api/invites/${token}`)).status).toBe(404);
    const again = await k.call('POST', '/api/invites/accept', {
      body: { token, name: 'Eve', password: 'another password' },
    });
    expect(again.status).toBe(404);
  });

  test('an expired invite is refused; a taken e-mail cannot be invited', async () => {
    const inv = await k.call('POST', '/api/invites', {
      cookie: owner,
      body: { email: 'late@example.com', role: 'viewer' },
    });
    const token = tokenOf(((await inv.json()) as { path: string }).path);
    k.now.t += INVITE_TTL_MS;
    expect((await k.call('GET', `/api/invites/${token}`)).status).toBe(404);
    const acc = await k.call('POST', '/api/invites/accept', {
      body: { token, name: 'Late', password: 'long enough password' },
    });
    expect(acc.status).toBe(404);
    owner = setCookieToken(await k.login('owner@example.com', 'correct horse battery'))!;
    const taken = await k.call('POST', '/api/invites', {
      cookie: owner,
      body: { email: 'OWNER@example.com', role: 'viewer' },
    });
    expect(taken.status).toBe(409);
  });

  test.each([
    ['unknown token', 404, { token: 'Z'.repeat(43), name: 'X', password: 'long enough password' }],
    ['short password', 400, { token: 'Z'.repeat(43), name: 'X', password: 'short' }],
    ['missing name', 400, { token: 'Z'.repeat(43), password: 'long enough password' }],
  ])('accept refused: %s → %d', async (_, status, body) => {
    expect((await k.call('POST', '/api/invites/accept', { body })).status).toBe(status);
  });
});

describe('roles', () => {
  let k: AuthKit;
  let owner: string;
  let ownerId: number;
  let admin: { id: number; cookie: string };
  let viewer: { id: number; cookie: string };
  beforeAll(async () => {
    k = authKit();
    owner = await k.setup();
    ownerId = 1;
    admin = await k.addUser(owner, 'admin@example.com', 'admin');
    viewer = await k.addUser(owner, 'viewer@example.com', 'viewer');
  });
  afterAll(() => k.close());

  const who = () => ({ owner, admin: admin.cookie, viewer: viewer.cookie });
  type Who = keyof ReturnType<typeof who>;

  test.each([
    ['viewer lists users', 403, 'viewer', 'GET', '/api/users', undefined],
    ['admin lists users', 200, 'admin', 'GET', '/api/users', undefined],
    [
      'viewer invites',
      403,
      'viewer',
      'POST',
      '/api/invites',
      { email: 'a@example.com', role: 'viewer' },
    ],
    [
      'admin invites a viewer',
      200,
      'admin',
      'POST',
      '/api/invites',
      { email: 'b@example.com', role: 'viewer' },
    ],
    [
      'admin invites an owner',
      403,
      'admin',
      'POST',
      '/api/invites',
      { email: 'c@example.com', role: 'owner' },
    ],
    [
      'owner invites an owner',
      200,
      'owner',
      'POST',
      '/api/invites',
      { email: 'd@example.com', role: 'owner' },
    ],
    ['bad role', 400, 'owner', 'POST', '/api/invites', { email: 'e@example.com', role: 'root' }],
    ['admin makes the owner a viewer', 403, 'admin', 'PATCH', '/api/users/1', { role: 'viewer' }],
    ['admin makes a viewer owner', 403, 'admin', 'PATCH', '/api/users/VIEWER', { role: 'owner' }],
    ['viewer makes itself admin', 403, 'viewer', 'PATCH', '/api/users/VIEWER', { role: 'admin' }],
    ['last owner demotes itself', 409, 'owner', 'PATCH', '/api/users/1', { role: 'admin' }],
    ['admin deletes the owner', 403, 'admin', 'DELETE', '/api/users/1', undefined],
    ['owner deletes itself, the last owner', 409, 'owner', 'DELETE', '/api/users/1', undefined],
    ['viewer deletes the admin', 403, 'viewer', 'DELETE', '/api/users/ADMIN', undefined],
    ['no such user', 404, 'owner', 'PATCH', '/api/users/999', { role: 'viewer' }],
    ['id not a number', 400, 'owner', 'DELETE', '/api/users/abc', undefined],
    [
      'admin promotes a viewer to admin',
      200,
      'admin',
      'PATCH',
      '/api/users/VIEWER',
      { role: 'admin' },
    ],
  ] as const)('%s → %d', async (_, status, as, method, path, body) => {
    const p = path.replace('VIEWER', String(viewer.id)).replace('ADMIN', String(admin.id));
    const res = await k.call(method, p, { cookie: who()[as as Who], body });
    expect(res.status).toBe(status);
    if (status >= 400) expect(await res.json()).toHaveProperty('error.message');
  });

  test('a second owner makes demoting the first possible; the last one stays', async () => {
    const second = await k.addUser(owner, 'owner2@example.com', 'owner');
    expect(
      (
        await k.call('PATCH', `/api/users/${ownerId}`, {
          cookie: second.cookie,
          body: { role: 'admin' },
        })
      ).status,
    ).toBe(200);
    expect(
      (await k.call('DELETE', `/api/users/${second.id}`, { cookie: second.cookie })).status,
    ).toBe(409);
    expect(
      (
        await k.call('PATCH', `/api/users/${second.id}`, {
          cookie: second.cookie,
          body: { role: 'viewer' },
        })
      ).status,
    ).toBe(409);
  });

  test('deleting a user kills their sessions at once', async () => {
    const victim = await k.addUser(owner, 'temp@example.com', 'viewer');
    expect((await k.call('GET', '/api/secret', { cookie: victim.cookie })).status).toBe(200);
    const del = await k.call('DELETE', `/api/users/${victim.id}`, { cookie: admin.cookie });
    expect(del.status).toBe(204);
    expect((await k.call('GET', '/api/secret', { cookie: victim.cookie })).status).toBe(401);
    expect(await code(await k.call('GET', '/api/users', { cookie: victim.cookie }))).toBe(
      'unauthenticated',
    );
  });

  test('a role change applies to the next request of an open session', async () => {
    const u = await k.addUser(owner, 'flip@example.com', 'admin');
    expect((await k.call('GET', '/api/users', { cookie: u.cookie })).status).toBe(200);
    await k.call('PATCH', `/api/users/${u.id}`, { cookie: admin.cookie, body: { role: 'viewer' } });
    expect((await k.call('GET', '/api/users', { cookie: u.cookie })).status).toBe(403);
  });

  test('requireRole in a host app route', async () => {
    const app = new Elysia().group('/api', (g) =>
      g
        .use(k.auth.guard)
        .get('/admins-only', () => 'ok', { beforeHandle: k.auth.requireRole('admin') }),
    );
    const get = (cookie: string) =>
      app.handle(
        new Request('http://leadlens.test/api/admins-only', {
          headers: { cookie: `ll_session=${cookie}` },
        }),
      );
    const fresh = await k.addUser(admin.cookie, 'fresh-viewer@example.com', 'viewer');
    expect((await get(fresh.cookie)).status).toBe(403);
    expect((await get(admin.cookie)).status).toBe(200);
    expect(await (await get(admin.cookie)).text()).toBe('ok');
  });

  test('the guard applies to the group only; public paths are listed', async () => {
    expect((await k.call('GET', '/public-after')).status).toBe(200);
    expect(k.auth.publicApiRoutes).toEqual([
      '/api/setup',
      '/api/auth/login',
      '/api/invites/:token',
      '/api/invites/accept',
    ]);
    for (const r of k.app.routes) {
      if (!r.path.startsWith('/api/') || k.auth.publicApiRoutes.includes(r.path)) continue;
      const res = await k.call(r.method, r.path.replace(':id', '1'), {
        body: r.method === 'GET' ? undefined : {},
      });
      expect({ route: `${r.method} ${r.path}`, status: res.status }).toEqual({
        route: `${r.method} ${r.path}`,
        status: 401,
      });
    }
  });
});
