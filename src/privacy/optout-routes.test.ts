import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { Elysia } from 'elysia';
import { createHarness, type Harness } from '../testing/harness.ts';
import { createOptoutService } from './optout.ts';
import { createOptoutAdminRoutes } from './optout-admin.ts';
import { createOptoutRoutes } from './optout-routes.ts';

const ORIGIN = 'http://leadlens.test';
const CANARY = '198.51.100.200'; // CanaryCo AG (companies CSV range 198.51.100.128/25)
const ISP = '203.0.113.9';

let h: Harness;
let app: { handle(r: Request): Promise<Response> };
let peer = CANARY;
const cookies: Record<string, string> = {};

beforeAll(async () => {
  h = await createHarness();
  const service = createOptoutService({
    db: h.db,
    clock: () => h.now.t,
    onChanged: (c) => {
      h.tracking.optouts.reload();
      h.tracking.sessions.forgetVisits(c.visitIds);
    },
  });
  // Mounted the way src/compose.ts will: public routes at the root, admin routes under /api.
  app = new Elysia()
    .use(
      createOptoutRoutes({
        db: h.db,
        index: h.index,
        config: { trustedProxies: [] },
        service,
        peerOf: () => peer,
        clock: () => h.now.t,
        limit: { max: 2, windowMs: 60_000, keys: 100 },
      }),
    )
    .group('/api', (g) =>
      g.use(createOptoutAdminRoutes({ db: h.db, index: h.index, service, auth: h.auth })),
    );
  cookies.owner = await h.ownerCookie();
  for (const role of ['admin', 'viewer'] as const) {
    const inv = await h.api('POST', '/api/invites', { email: `${role}@example.com`, role });
    const token = new URLSearchParams(
      ((await inv.json()) as { path: string }).path.split('?')[1],
    ).get('token');
    const res = await h.handle(
      new Request(`${ORIGIN}/api/invites/accept`, {
        method: 'POST',
        headers: { origin: ORIGIN, 'content-type': 'application/json' },
        body: JSON.stringify({ token, name: role, password: `${role} password 123` }),
      }),
    );
    cookies[role] = /(?:__Host-)?ll_session=[^;]+/.exec(res.headers.get('set-cookie') ?? '')![0];
  }
});
afterAll(() => h.close());

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

/** A public request from `from`, same-origin unless headers say otherwise. */
function pub(
  method: string,
  path: string,
  from: string,
  body?: Record<string, string>,
  headers: Record<string, string> = { origin: ORIGIN },
) {
  peer = from;
  return app.handle(
    new Request(`${ORIGIN}${path}`, {
      method,
      headers: body ? { ...headers, 'content-type': 'application/x-www-form-urlencoded' } : headers,
      body: body ? form(body) : undefined,
    }),
  );
}

/** An admin API request as `role`. */
function api(role: string, method: string, path: string, body?: unknown) {
  peer = '198.51.100.7';
  const headers: Record<string, string> = { origin: ORIGIN, cookie: cookies[role] };
  if (body !== undefined) headers['content-type'] = 'application/json';
  return app.handle(
    new Request(`${ORIGIN}/api${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    }),
  );
}

describe('public /opt-out page', () => {
  test.each([
    ['the fixture company, in English', CANARY, '', 'en', 'CanaryCo AG', 'Stop showing'],
    [
      'an ISP address: nothing recognised',
      ISP,
      '',
      'en',
      'No organisation is recognised',
      'Another organisation',
    ],
    [
      'Accept-Language picks German',
      CANARY,
      '',
      'de-CH,de;q=0.9',
      'CanaryCo AG',
      'nicht mehr anzeigen',
    ],
    ['?lang= wins over the header', CANARY, '?lang=nl', 'de', 'CanaryCo AG', 'niet meer tonen'],
    ['French', ISP, '?lang=fr', '', 'Aucune organisation', 'Une autre organisation'],
  ])('%s', async (_n, from, qs, acceptLanguage, expected, alsoExpected) => {
    const res = await pub('GET', `/opt-out${qs}`, from, undefined, {
      'accept-language': acceptLanguage,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    const html = await res.text();
    expect(html).toContain(expected);
    expect(html).toContain(alsoExpected);
    expect(html).not.toContain(from); // the name only, never the address
  });

  test.each([
    ['a foreign Origin', { origin: 'https://evil.example' }],
    ['Sec-Fetch-Site: cross-site', { 'sec-fetch-site': 'cross-site', origin: ORIGIN }],
    ['no Origin at all', {}],
    ['Origin: null', { origin: 'null' }],
  ])('CSRF: %s is refused', async (_n, headers) => {
    for (const path of ['/opt-out', '/opt-out/request']) {
      const body = { lang: 'en', name: 'X', domain: 'x.example', email: 'a@x.example' };
      expect((await pub('POST', path, CANARY, body, headers)).status).toBe(403);
    }
    const optouts = await api('owner', 'GET', '/optouts');
    expect(await optouts.json()).toEqual([]);
  });
});

describe('opting out from the own network', () => {
  test('POST from CanaryCo deletes its visits, drops its beacons, hides it from the inbox', async () => {
    for (const path of ['/a', '/b']) {
      expect(
        (await h.beacon({ s: h.siteKey, u: `https://example.com${path}` }, CANARY)).status,
      ).toBe(202);
    }
    const before = await (await h.api('GET', '/api/companies')).text();
    expect(before).toContain('CanaryCo AG');
    // A form field naming another company changes nothing: the request's own network decides.
    const res = await pub('POST', '/opt-out', CANARY, { lang: 'en', companyId: '2' });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('will no longer be shown');
    expect(h.db.prepare('SELECT count(*) AS n FROM visits WHERE company_id = 1').get()).toEqual({
      n: 0,
    });
    const drop = await h.beacon({ s: h.siteKey, u: 'https://example.com/c' }, CANARY);
    expect(drop.headers.get('x-leadlens-drop')).toBe('opted_out');
    expect(h.db.prepare('SELECT count(*) AS n FROM visits').get()).toEqual({ n: 0 });
    expect(await (await h.api('GET', '/api/companies')).text()).not.toContain('CanaryCo AG');
    // An ISP address has nothing to opt out.
    expect(await (await pub('POST', '/opt-out', ISP, { lang: 'en' })).text()).toContain(
      'No organisation',
    );
  });
});

describe('request form and review queue', () => {
  test('invalid input is refused, a valid request is queued and rate-limited', async () => {
    const bad = await pub('POST', '/opt-out/request', ISP, {
      lang: 'en',
      name: 'A',
      domain: 'nope',
      email: 'x',
    });
    expect(bad.status).toBe(400);
    const ok = {
      lang: 'de',
      name: 'Example University',
      domain: 'uni.example',
      email: 'dpo@uni.example',
      message: '<b>hi</b>',
    };
    const res = await pub('POST', '/opt-out/request', ISP, ok);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Anfrage wird geprüft');
    expect((await pub('POST', '/opt-out/request', ISP, ok)).status).toBe(429); // 3rd within the window
    const list = (await (await api('admin', 'GET', '/optout-requests')).json()) as {
      id: number;
      status: string;
      message: string;
    }[];
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ status: 'pending', message: '<b>hi</b>' });
    expect(JSON.stringify(list)).not.toContain(ISP);
  });

  test('approve opts out the company matched by domain; reject closes a request', async () => {
    h.db.prepare("UPDATE companies SET domain = 'uni.example' WHERE network_id = 4").run();
    h.db
      .prepare(
        "INSERT INTO companies (name, network_id, domain, created_at, updated_at) SELECT name, id, 'uni.example', 0, 0 FROM networks WHERE id = 4 AND NOT EXISTS (SELECT 1 FROM companies WHERE network_id = 4)",
      )
      .run();
    const [req] = (await (await api('admin', 'GET', '/optout-requests')).json()) as {
      id: number;
    }[];
    const res = await api('admin', 'POST', `/optout-requests/${req.id}/approve`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      request: { status: 'approved' },
      optout: { name: 'Example University', networkId: 4 },
    });
    expect((await api('admin', 'POST', `/optout-requests/${req.id}/reject`)).status).toBe(409);
  });
});

describe('admin API', () => {
  test.each([
    ['viewer lists', 'viewer', 'GET', '/optouts', undefined, 200],
    ['viewer cannot add', 'viewer', 'POST', '/optouts', { domain: 'canaryco.example' }, 403],
    ['viewer cannot see requests', 'viewer', 'GET', '/optout-requests', undefined, 403],
    ['viewer cannot remove', 'viewer', 'DELETE', '/optouts/1', undefined, 403],
    [
      'admin adds by range (ISP network)',
      'admin',
      'POST',
      '/optouts',
      { range: '203.0.113.0/24' },
      201,
    ],
    [
      'admin adds by domain (already out)',
      'admin',
      'POST',
      '/optouts',
      { domain: 'CanaryCo.example' },
      200,
    ],
    [
      'admin: two keys at once',
      'admin',
      'POST',
      '/optouts',
      { companyId: 1, domain: 'x.example' },
      400,
    ],
    ['admin: unknown domain', 'admin', 'POST', '/optouts', { domain: 'unknown.example' }, 404],
    ['admin: not a range', 'admin', 'POST', '/optouts', { range: '10.0.0.0/99' }, 404],
    ['admin removes a missing one', 'admin', 'DELETE', '/optouts/999', undefined, 404],
    ['admin searches companies', 'admin', 'GET', '/optouts/companies?q=canary', undefined, 200],
  ])('%s', async (_n, role, method, path, body, status) => {
    expect((await api(role, method, path, body)).status).toBe(status);
  });

  test('no session: 401; remove works for an admin', async () => {
    peer = '198.51.100.7';
    expect((await app.handle(new Request(`${ORIGIN}/api/optouts`))).status).toBe(401);
    const list = (await (await api('admin', 'GET', '/optouts')).json()) as {
      id: number;
      name: string;
    }[];
    const isp = list.find((o) => o.name === 'Example Broadband Telecom')!;
    expect((await api('admin', 'DELETE', `/optouts/${isp.id}`)).status).toBe(204);
    expect(((await (await api('admin', 'GET', '/optouts')).json()) as unknown[]).length).toBe(
      list.length - 1,
    );
  });
});
