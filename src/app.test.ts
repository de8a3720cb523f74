// The route table, enumerated: every /api route outside the public list refuses a request without
// a session, so a route added later without the guard fails here.
import { afterAll, beforeAll, expect, test } from 'bun:test';
import { mintToken, v1 } from './apiv1/test-kit.ts';
import { createHarness, type Harness } from './testing/harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

test('every non-public /api route answers 401 without a session', async () => {
  const publicRoutes = new Set(h.auth.publicApiRoutes);
  const routes = h.app.routes.filter(
    (r) => r.path.startsWith('/api/') && !publicRoutes.has(r.path),
  );
  expect(routes.length).toBeGreaterThan(25); // auth, leads, sites, stats, live, sources
  for (const r of routes) {
    const path = r.path.replace(/:[^/]+/g, '1');
    const init: RequestInit = {
      method: r.method,
      headers: { origin: 'http://leadlens.test', 'content-type': 'application/json' },
    };
    if (!['GET', 'HEAD'].includes(r.method)) init.body = '{}';
    const res = await h.handle(new Request(`http://leadlens.test${path}`, init));
    expect({ route: `${r.method} ${r.path}`, status: res.status }).toEqual({
      route: `${r.method} ${r.path}`,
      status: 401,
    });
  }
});

// The token API: bearer only. Without a token (even with the owner's session cookie) every route
// is 401; with a read token every state-changing one is 403, before its input is looked at.
const v1Routes = () => {
  const routes = h.app.routes.filter((r) => r.path.startsWith('/api/v1/'));
  expect(routes.length).toBeGreaterThanOrEqual(13); // sites, companies, visits, exports
  return routes.map((r) => ({
    method: r.method,
    route: `${r.method} ${r.path}`,
    path: r.path.replace(/^\/api\/v1/, '').replace(/:[^/]+/g, '1'),
    body: ['GET', 'HEAD'].includes(r.method) ? undefined : '{}',
  }));
};

test('every /api/v1 route answers 401 without a token, cookie or not', async () => {
  const cookie = await h.ownerCookie();
  for (const r of v1Routes()) {
    const variants: Record<string, string>[] = [{}, { cookie, origin: 'http://leadlens.test' }];
    for (const headers of variants) {
      const res = await v1(h, r.method, r.path, null, r.body, headers);
      expect({ route: r.route, status: res.status }).toEqual({ route: r.route, status: 401 });
    }
  }
});

test('every state-changing /api/v1 route answers 403 with a read token', async () => {
  const { secret } = await mintToken(h, 'read');
  const writes = v1Routes().filter((r) => !['GET', 'HEAD', 'OPTIONS'].includes(r.method));
  expect(writes.length).toBeGreaterThanOrEqual(4); // status, tag add and remove, note
  for (const r of writes) {
    const res = await v1(h, r.method, r.path, secret, r.body);
    expect({ route: r.route, status: res.status }).toEqual({ route: r.route, status: 403 });
  }
});

test('the public /api routes are exactly the documented ones', () => {
  const all = new Set(h.app.routes.filter((r) => r.path.startsWith('/api/')).map((r) => r.path));
  for (const p of h.auth.publicApiRoutes) expect(all.has(p)).toBe(true);
  expect([...h.auth.publicApiRoutes].sort()).toEqual(
    ['/api/auth/login', '/api/invites/:token', '/api/invites/accept', '/api/setup'].sort(),
  );
});

test('/setup serves the UI without leaking its token in a Referer', async () => {
  const res = await h.handle(new Request('http://leadlens.test/setup?token=x'));
  expect(res.headers.get('content-type')).toContain('text/html');
  expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
  expect(await res.text()).toContain('<ll-app');
});
