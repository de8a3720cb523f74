import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { Elysia } from 'elysia';
import { createHarness, type Harness } from '../testing/harness.ts';
import { createSiteRoutes } from './index.ts';

let h: Harness;
let app: { handle(r: Request): Promise<Response> };
let owner: string;
let viewer: string;
let admin: string;
/** Site ids the routes reported as changed (for the tracking path's cache). */
const changed: number[] = [];

/** An /api request to the composed app as the given session cookie ('' = none). */
function call(cookie: string, method: string, path: string, body?: unknown) {
  const headers: Record<string, string> = { origin: 'http://leadlens.test' };
  if (cookie) headers.cookie = cookie;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const init = { method, headers, body: body === undefined ? undefined : JSON.stringify(body) };
  return app.handle(new Request(`http://leadlens.test/api${path}`, init));
}

/** Invites a user with `role` through the real invite flow; returns their cookie. */
async function addUser(email: string, role: 'admin' | 'viewer'): Promise<string> {
  const inv = await call(owner, 'POST', '/invites', { email, role });
  const token = new URL((await inv.json()).path, 'http://x').searchParams.get('token');
  const acc = await call('', 'POST', '/invites/accept', {
    token,
    name: role,
    password: `${role} password 123`,
  });
  expect(acc.status).toBe(200);
  return /ll_session=[^;]+/.exec(acc.headers.get('set-cookie') ?? '')![0];
}

beforeAll(async () => {
  h = await createHarness();
  app = new Elysia().use(h.auth.routes).group('/api', (g) =>
    g.use(h.auth.guard).use(
      createSiteRoutes({
        db: h.db,
        clock: () => h.now.t,
        auth: h.auth,
        onChanged: (id) => changed.push(id),
      }),
    ),
  );
  owner = await h.ownerCookie();
  viewer = await addUser('viewer@example.com', 'viewer');
  admin = await addUser('admin@example.com', 'admin');
});
afterAll(() => h.close());

const pv = (u: string, s = h.siteKey) => ({ s, e: 'pageview', u, r: '', t: 'T', w: 1400 });

describe('sites API', () => {
  test('list: "installed?" comes from the last beacon', async () => {
    let list = await (await call(owner, 'GET', '/sites')).json();
    expect(list).toEqual([
      expect.objectContaining({ id: h.siteId, name: 'Example', lastBeaconAt: null }),
    ]);
    expect((await h.beacon(pv('https://www.example.com/pricing'))).status).toBe(202);
    list = await (await call(viewer, 'GET', '/sites')).json();
    expect(list[0]).toMatchObject({ lastBeaconAt: h.now.t, lastBeaconPath: '/pricing' });
  });

  test('create: 201, domains normalised, defaults', async () => {
    const res = await call(owner, 'POST', '/sites', {
      name: '  Shop ',
      domains: ['https://www.Shop.Example.org/cart', 'shop.example.org', 'blog.example.org'],
    });
    expect(res.status).toBe(201);
    const site = await res.json();
    expect(site).toMatchObject({
      name: 'Shop',
      domains: ['shop.example.org', 'blog.example.org'],
      honorGpc: true,
      honorDnt: false,
      retentionDays: 395,
      enabled: true,
      lastBeaconAt: null,
    });
    expect(site.key).toMatch(/^[a-z2-7]{20}$/);
    expect(await (await call(viewer, 'GET', `/sites/${site.id}`)).json()).toEqual(site);
  });

  const invalid: [string, unknown][] = [
    ['no name', { domains: ['a.example'] }],
    ['blank name', { name: '   ', domains: ['a.example'] }],
    ['name too long', { name: 'x'.repeat(201), domains: ['a.example'] }],
    ['no domains', { name: 'A', domains: [] }],
    ['a domain with a space', { name: 'A', domains: ['a b.example'] }],
    ['a domain that is a number', { name: 'A', domains: [42] }],
    ['retention 0', { name: 'A', domains: ['a.example'], retentionDays: 0 }],
    ['retention as words', { name: 'A', domains: ['a.example'], retentionDays: 'thirty' }],
    ['honorGpc as text', { name: 'A', domains: ['a.example'], honorGpc: 'yes' }],
    ['not an object', ['a.example']],
  ];
  test.each(invalid)('create refused: %s → 400', async (_, body) => {
    const before = (await (await call(owner, 'GET', '/sites')).json()).length;
    const res = await call(owner, 'POST', '/sites', body);
    expect(res.status).toBe(400);
    const { error } = await res.json();
    expect(error.code).toBe('invalid');
    expect(error.message).toBeString();
    expect((await (await call(owner, 'GET', '/sites')).json()).length).toBe(before);
  });

  test('malformed JSON → 400', async () => {
    const res = await app.handle(
      new Request('http://leadlens.test/api/sites', {
        method: 'POST',
        headers: {
          origin: 'http://leadlens.test',
          cookie: owner,
          'content-type': 'application/json',
        },
        body: '{"name":',
      }),
    );
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe('invalid');
  });

  test.each([
    ['unknown id', 'GET', '/sites/999', 404],
    ['id not a number', 'GET', '/sites/abc', 400],
    ['patch unknown id', 'PATCH', '/sites/999', 404],
    ['delete unknown id', 'DELETE', '/sites/999', 404],
    ['snippet of unknown id', 'GET', '/sites/999/snippet', 404],
  ] as const)('%s → %d', async (_, method, path, status) => {
    const res = await call(owner, method, path, method === 'PATCH' ? { name: 'X' } : undefined);
    expect(res.status).toBe(status);
    expect((await res.json()).error.message).toBeString();
  });

  test('patch: changes only the given fields; beacons see it within 10 s', async () => {
    const res = await call(admin, 'PATCH', `/sites/${h.siteId}`, {
      domains: ['example.com', 'https://new.example/'],
      retentionDays: 30,
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      name: 'Example',
      domains: ['example.com', 'new.example'],
      retentionDays: 30,
      honorGpc: true,
    });
    // The pipeline's site cache may still hold the old domains for up to 10 s.
    h.now.t += 10_001;
    const r = await h.beacon(pv('https://new.example/x'), '203.0.113.9');
    expect(r.headers.get('x-leadlens-drop')).toBe('counted');

    expect((await call(owner, 'PATCH', `/sites/${h.siteId}`, { enabled: false })).status).toBe(200);
    h.now.t += 10_001;
    expect((await h.beacon(pv('https://example.com/'))).headers.get('x-leadlens-drop')).toBe(
      'site_disabled',
    );
    const back = await call(owner, 'PATCH', `/sites/${h.siteId}`, { enabled: true });
    expect((await back.json()).enabled).toBe(true);
    h.now.t += 10_001;
    expect(changed).toEqual([h.siteId, h.siteId, h.siteId]);
  });

  test.each([
    ['empty name', { name: '' }],
    ['empty domain list', { domains: [] }],
    ['enabled as text', { enabled: 'no' }],
    ['retention too long', { retentionDays: 3651 }],
  ])('patch refused: %s → 400, nothing changed', async (_, body) => {
    const before = await (await call(owner, 'GET', `/sites/${h.siteId}`)).json();
    const res = await call(owner, 'PATCH', `/sites/${h.siteId}`, body);
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe('invalid');
    expect(await (await call(owner, 'GET', `/sites/${h.siteId}`)).json()).toEqual(before);
  });

  test('delete: 204; visits, pageviews and counters go with the site', async () => {
    const site = await (
      await call(admin, 'POST', '/sites', { name: 'Gone', domains: ['gone.example'] })
    ).json();
    expect((await h.beacon(pv('https://gone.example/a', site.key), '198.51.100.50')).status).toBe(
      202,
    );
    const rows = (sql: string) =>
      h.db.prepare<{ n: number }>(`SELECT count(*) AS n FROM ${sql}`).get(site.id)!.n;
    const pageviews = 'pageviews p JOIN visits v ON v.id = p.visit_id WHERE v.site_id = ?';
    expect(rows('visits WHERE site_id = ?')).toBe(1);
    expect(rows(pageviews)).toBe(1);
    expect(rows('daily_counts WHERE site_id = ?')).toBe(1);

    expect((await call(viewer, 'DELETE', `/sites/${site.id}`)).status).toBe(403);
    const res = await call(admin, 'DELETE', `/sites/${site.id}`);
    expect(res.status).toBe(204);
    expect(changed.at(-1)).toBe(site.id);
    expect(rows('visits WHERE site_id = ?')).toBe(0);
    expect(rows(pageviews)).toBe(0);
    expect(rows('daily_counts WHERE site_id = ?')).toBe(0);
    expect((await call(owner, 'GET', `/sites/${site.id}`)).status).toBe(404);
  });

  test.each([
    ['create', 'POST', '/sites', { name: 'V', domains: ['v.example'] }],
    ['patch', 'PATCH', '/sites/SITE', { name: 'V' }],
    ['delete', 'DELETE', '/sites/SITE', undefined],
  ] as const)('a viewer cannot %s (403); reads work', async (_, method, path, body) => {
    const res = await call(viewer, method, path.replace('SITE', String(h.siteId)), body);
    expect(res.status).toBe(403);
    expect((await res.json()).error.code).toBe('forbidden');
    expect((await call(viewer, 'GET', `/sites/${h.siteId}`)).status).toBe(200);
  });

  test('no session → 401 on every route', async () => {
    for (const [method, path] of [
      ['GET', '/sites'],
      ['POST', '/sites'],
      ['GET', `/sites/${h.siteId}`],
      ['PATCH', `/sites/${h.siteId}`],
      ['DELETE', `/sites/${h.siteId}`],
      ['GET', `/sites/${h.siteId}/snippet`],
    ]) {
      expect((await call('', method, path)).status).toBe(401);
    }
  });
});

describe('snippet', () => {
  test('script tag with data-site and a noscript pixel, for the given base', async () => {
    const base = encodeURIComponent('https://Stats.Example.com/');
    const res = await call(viewer, 'GET', `/sites/${h.siteId}/snippet?base=${base}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      base: 'https://stats.example.com',
      html:
        `<script defer src="https://stats.example.com/t.js" data-site="${h.siteKey}"></script>\n` +
        `<noscript><img src="https://stats.example.com/p.gif?s=${h.siteKey}" alt="" width="1" height="1"></noscript>`,
    });
  });

  test("default base: the request's origin", async () => {
    const { html } = await (await call(owner, 'GET', `/sites/${h.siteId}/snippet`)).json();
    expect(html).toContain('src="http://leadlens.test/t.js"');
  });

  test.each([
    'ftp://stats.example.com',
    'javascript:alert(1)',
    'https://stats.example.com/leadlens',
    'https://user:pw@stats.example.com',
    'https://stats.example.com/?x=1',
    'https://stats.example.com/#x',
    'stats.example.com',
    '"><script>',
  ])('base %p → 400', async (base) => {
    const res = await call(
      owner,
      'GET',
      `/sites/${h.siteId}/snippet?base=${encodeURIComponent(base)}`,
    );
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe('invalid');
  });
});
