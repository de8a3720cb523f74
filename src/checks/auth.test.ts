// CHECKS.md #33 (CSRF) and #34 (authorization) over the whole route table of the composed app:
// every route the product mounts, enumerated, so a route added later without its guard fails here.
// #29–#32 (login limits, fixation, cookie, logout) live beside the code in src/auth/.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { IP } from '../leads/test-kit.ts';
import { createHarness, type Harness } from '../testing/harness.ts';

const ORIGIN = 'http://leadlens.test';
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

let h: Harness;
let owner: string;
let viewer: string;
beforeAll(async () => {
  h = await createHarness();
  owner = await h.ownerCookie();
  const inv = await h.api('POST', '/api/invites', { email: 'viewer@example.com', role: 'viewer' });
  const token = new URLSearchParams(((await inv.json()) as { path: string }).path.split('?')[1]);
  const accepted = await h.handle(
    new Request(`${ORIGIN}/api/invites/accept`, {
      method: 'POST',
      headers: { origin: ORIGIN, 'content-type': 'application/json' },
      body: JSON.stringify({ token: token.get('token'), name: 'V', password: 'viewer pass 1234' }),
    }),
  );
  viewer = /(?:__Host-)?ll_session=[^;]+/.exec(accepted.headers.get('set-cookie') ?? '')?.[0] ?? '';
  expect(viewer).not.toBe('');
  // Data behind the ids the routes are called with: a company with a visit, the site.
  expect((await h.beacon({ s: h.siteKey, u: 'https://example.com/', e: 'pageview' })).status).toBe(
    202,
  );
  expect((await h.beacon({ s: h.siteKey, u: 'https://example.com/' }, IP.canary)).status).toBe(202);
});
afterAll(() => h.close());

/**
 * Everything the database holds, to prove a refused request changed nothing. Left out, by design:
 * a session's last_seen_at (touched once a minute by any signed-in request) and the lead scores
 * with the day marker of the daily pass that computes them (a derived cache the first read fills).
 */
function snapshot(): string {
  const tables = h.db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    .all() as { name: string }[];
  return JSON.stringify(
    tables.map(({ name }) => {
      const rows = h.db.prepare(`SELECT * FROM "${name}" ORDER BY 1`).all() as Record<
        string,
        unknown
      >[];
      return [
        name,
        rows
          .filter((r) => r.key !== 'leads_pass_day')
          .map(({ last_seen_at: _, score: _s, score_dirty: _d, ...rest }) => rest),
      ];
    }),
  );
}

const pathOf = (p: string) =>
  p
    .replace(':tag', 'x')
    .replace(':token', 'x')
    .replace(/:[a-z]+/gi, '1');

function call(
  method: string,
  route: string,
  o: { cookie?: string; headers?: Record<string, string | null>; body?: unknown } = {},
) {
  const form = route.startsWith('/opt-out');
  const headers = new Headers({ origin: ORIGIN });
  if (o.cookie) headers.set('cookie', o.cookie);
  let body: string | undefined;
  if (!SAFE.has(method)) {
    headers.set('content-type', form ? 'application/x-www-form-urlencoded' : 'application/json');
    body = form ? 'name=X&domain=x.example&email=a%40x.example' : JSON.stringify(o.body ?? {});
  }
  for (const [k, v] of Object.entries(o.headers ?? {})) {
    if (v === null) headers.delete(k);
    else headers.set(k, v);
  }
  // The opt-out forms act on the network the request comes from: CanaryCo's, which has visits.
  return h.handle(
    new Request(`${ORIGIN}${pathOf(route)}`, { method, headers, body }),
    form ? IP.canary : IP.manufacturing,
  );
}

/** State-changing routes a browser session can reach: all but the beacon and the bearer-only API. */
const cookieWrites = () =>
  h.app.routes.filter(
    (r) => !SAFE.has(r.method) && r.path !== '/e' && !r.path.startsWith('/api/v1/'),
  );

const FORGERIES: [string, Record<string, string | null>][] = [
  ['(a) Origin: https://evil.test', { origin: 'https://evil.test' }],
  ['(b) Sec-Fetch-Site: cross-site', { 'sec-fetch-site': 'cross-site' }],
  ['(c) no Origin, no Referer', { origin: null }],
  ['(d) Origin: null', { origin: 'null' }],
];

describe('#33 CSRF on every state-changing route of the composed app', () => {
  test('#33 the table covers every module: auth, leads, sites, tokens, triggers, SMTP, digest, opt-out', () => {
    const names = cookieWrites().map((r) => `${r.method} ${r.path}`);
    expect(names).toEqual(
      expect.arrayContaining([
        'POST /api/auth/login',
        'POST /api/setup',
        'DELETE /api/companies/:id',
        'POST /api/sites',
        'POST /api/tokens',
        'DELETE /api/tokens/:id',
        'POST /api/triggers',
        'PUT /api/triggers/:id',
        'PUT /api/settings/smtp',
        'POST /api/settings/smtp/test',
        'POST /api/deliveries/:id/retry',
        'PUT /api/me/digest',
        'PUT /api/privacy/settings',
        'POST /opt-out',
        'POST /opt-out/request',
      ]),
    );
    expect(names.length).toBeGreaterThan(35);
  });

  test('#33 each forgery × each route with a valid session → 403, nothing changed', async () => {
    const before = snapshot();
    for (const r of cookieWrites()) {
      for (const [name, headers] of FORGERIES) {
        const res = await call(r.method, r.path, { cookie: owner, headers });
        const label = `${r.method} ${r.path} ${name}`;
        expect({ label, status: res.status }).toEqual({ label, status: 403 });
        const text = await res.text();
        if (r.path.startsWith('/api/')) expect(JSON.parse(text).error.code).toBe('csrf');
      }
    }
    expect(snapshot()).toBe(before);
  });

  test('#33 GET routes have no side effects (the noscript pixel excepted: it is a beacon)', async () => {
    const before = snapshot();
    const gets = h.app.routes.filter((r) => r.method === 'GET' && r.path !== '/p.gif');
    expect(gets.length).toBeGreaterThan(60);
    for (const r of gets) {
      const res = await call('GET', r.path, { cookie: owner });
      await res.body?.cancel(); // /api/live streams
      expect({ route: r.path, status: res.status < 500 }).toEqual({ route: r.path, status: true });
    }
    expect(snapshot()).toBe(before);
  });

  test('#33 control: the same requests from our own origin are not refused as CSRF', async () => {
    // Run last: from the own origin these requests really change things (logout included).
    for (const r of cookieWrites()) {
      const res = await call(r.method, r.path, { cookie: owner });
      const text = await res.text();
      const code = res.headers.get('content-type')?.includes('json')
        ? JSON.parse(text).error?.code
        : null;
      const label = `${r.method} ${r.path}`;
      expect({ label, csrf: code === 'csrf' || /refused/.test(text) }).toEqual({
        label,
        csrf: false,
      });
    }
  });
});

/** Writes a viewer may make: their own session, marker, digest and tokens; the public forms. */
const VIEWER_WRITES = new Set([
  'POST /api/auth/login',
  'POST /api/auth/logout',
  'POST /api/setup',
  'POST /api/invites/accept',
  'POST /api/companies/seen',
  'PUT /api/me/digest',
]);

/** Reads only admins may make (users, opt-out requests with e-mails, SMTP settings, tokens). */
const ADMIN_READS = new Set([
  'GET /api/tokens',
  'GET /api/users',
  'GET /api/optout-requests',
  'GET /api/settings/smtp',
]);

/** Valid bodies, so a refusal is the role check and not validation. */
const BODIES: Record<string, unknown> = {
  'PATCH /api/users/:id': { role: 'admin' },
  'POST /api/invites': { email: 'x2@example.com', role: 'viewer' },
  'POST /api/companies/:id/notes': { text: 'n' },
  'POST /api/companies/:id/tags': { tag: 't' },
  'PUT /api/companies/:id/status': { status: 'qualified' },
  'PUT /api/settings/smtp': {
    host: 'smtp.example.com',
    port: 25,
    tls: 'none',
    from: 'a@b.example',
  },
  'PUT /api/sites/:id/key-pages': { patterns: ['/x'] },
  'POST /api/sites': { name: 'S', domains: ['s.example'] },
  'PATCH /api/sites/:id': { name: 'S2' },
  'POST /api/tokens': { name: 't', scope: 'read' },
};

describe('#34 authorization on every admin route', () => {
  test('#34 no session: every non-public /api route → 401 (the token API: no bearer → 401)', async () => {
    const publicRoutes = new Set(h.auth.publicApiRoutes);
    const routes = h.app.routes.filter(
      (r) => r.path.startsWith('/api/') && !publicRoutes.has(r.path),
    );
    expect(routes.length).toBeGreaterThan(70);
    for (const r of routes) {
      const res = await call(r.method, r.path);
      await res.body?.cancel();
      const label = `${r.method} ${r.path}`;
      expect({ label, status: res.status }).toEqual({ label, status: 401 });
    }
  });

  test('#34 a viewer: 403 on every admin write and admin read, nothing changed; reads work', async () => {
    const before = snapshot();
    const api = h.app.routes.filter(
      (r) => r.path.startsWith('/api/') && !r.path.startsWith('/api/v1/'),
    );
    const writes = api.filter((r) => !SAFE.has(r.method));
    expect(writes.length - VIEWER_WRITES.size).toBeGreaterThan(25);
    for (const r of api) {
      const label = `${r.method} ${r.path}`;
      if (VIEWER_WRITES.has(label)) continue;
      const res = await call(r.method, r.path, { cookie: viewer, body: BODIES[label] });
      // /api/live is an endless event stream: its status is enough.
      let text = '';
      if (r.path === '/api/live') await res.body?.cancel();
      else text = await res.text();
      const adminOnly = !SAFE.has(r.method) || ADMIN_READS.has(label);
      if (adminOnly) {
        expect({ label, status: res.status }).toEqual({ label, status: 403 });
        expect(JSON.parse(text).error.code).toBe('forbidden');
      } else {
        expect({ label, refused: res.status === 401 || res.status === 403 }).toEqual({
          label,
          refused: false,
        });
      }
    }
    expect(snapshot()).toBe(before);
  });
});
