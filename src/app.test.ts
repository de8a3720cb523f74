// The route table, enumerated: every /api route outside the public list refuses a request without
// a session, so a route added later without the guard fails here.
import { afterAll, beforeAll, expect, test } from 'bun:test';
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
