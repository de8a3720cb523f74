import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { Elysia } from 'elysia';
import { createHarness, type Harness } from '../testing/harness.ts';
import { createStatsRoutes } from './index.ts';

let h: Harness;
type Mode = 'inline' | 'worker';
const apps = {} as Record<Mode, { handle(r: Request): Promise<Response> }>;
let mode: Mode = 'inline';
let cookie: string;
let otherSiteKey: string;

const DAY = 86_400_000;
const D = Date.UTC(2026, 10, 29); // the harness's day
const get = (path: string, c = cookie) =>
  apps[mode].handle(
    new Request(`http://leadlens.test/api${path}`, {
      headers: { origin: 'http://leadlens.test', ...(c ? { cookie: c } : {}) },
    }),
  );

const beacon = async (at: number, ip: string, path: string, key = h.siteKey) => {
  h.now.t = at;
  const res = await h.beacon(
    { s: key, e: 'pageview', u: `https://example.com${path}`, w: 1400 },
    ip,
  );
  expect(res.status).toBe(202);
};

beforeAll(async () => {
  h = await createHarness();
  for (const m of ['inline', 'worker'] as const) {
    const routes = createStatsRoutes({ db: h.db, clock: () => h.now.t, auth: h.auth, mode: m });
    apps[m] = new Elysia().use(h.auth.routes).group('/api', (g) => g.use(h.auth.guard).use(routes));
  }
  otherSiteKey = h.tracking.sites.create({ name: 'Other', domains: ['example.com'] }).key;
  const at = (day: number, hh: number, mm = 0) => D + day * DAY + hh * 3_600_000 + mm * 60_000;
  // Forty days earlier: outside the default range and outside D..D+1.
  await beacon(at(-40, 9), '198.51.100.7', '/old');
  // Day D. Leads: the manufacturer (two pages, one visit), CanaryCo (its own /25), a university.
  await beacon(at(0, 9), '198.51.100.7', '/pricing');
  await beacon(at(0, 9, 5), '198.51.100.7', '/contact');
  await beacon(at(0, 9, 10), '198.51.100.200', '/pricing');
  await beacon(at(0, 11), '2001:db8::1', '/about');
  // Not leads: an ISP visitor (two pages), hosting, two unresolved addresses.
  await beacon(at(0, 12), '203.0.113.9', '/pricing');
  await beacon(at(0, 12, 1), '203.0.113.9', '/x');
  await beacon(at(0, 13), '192.0.2.9', '/pricing');
  await beacon(at(0, 14), '10.0.0.1', '/pricing');
  await beacon(at(0, 14), '::1', '/pricing');
  // CanaryCo on the other site the same day.
  await beacon(at(0, 15), '198.51.100.201', '/pricing', otherSiteKey);
  // Day D+1, just after midnight: the manufacturer again, a new visit.
  await beacon(at(1, 0, 30), '198.51.100.7', '/pricing');
  // Signed in now: a session idle for 12 h of the fake clock would have ended.
  cookie = await h.ownerCookie();
});
afterAll(() => h.close());

const companyId = (name: string) =>
  h.db.prepare<{ id: number }>('SELECT id FROM companies WHERE name = ?').get(name)!.id;

// Every case runs on the calling thread and on the overview thread (the production default).
describe.each(['inline', 'worker'] as const)('GET /overview (%s)', (m) => {
  beforeAll(() => {
    mode = m;
  });

  test('numbers of a constructed day match exactly (one site)', async () => {
    const res = await get(`/overview?site=${h.siteId}&from=2026-11-29&to=2026-11-30`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      from: '2026-11-29',
      to: '2026-11-30',
      days: [
        {
          day: '2026-11-29',
          pageviews: { business: 3, education: 1, hosting: 1, isp: 2, unresolved: 2 },
          visits: { business: 2, education: 1, hosting: 1, isp: 1, unresolved: 2 },
        },
        { day: '2026-11-30', pageviews: { business: 1 }, visits: { business: 1 } },
      ],
      totals: { identifiedVisits: 4, otherVisits: 4, pageviews: 10, companies: 3 },
      topCompanies: [
        {
          id: companyId('Example Manufacturing GmbH'),
          name: 'Example Manufacturing GmbH',
          visits: 2,
          pageviews: 3,
        },
        { id: companyId('CanaryCo AG'), name: 'CanaryCo AG', visits: 1, pageviews: 1 },
        {
          id: companyId('Example University'),
          name: 'Example University',
          visits: 1,
          pageviews: 1,
        },
      ],
      topPages: [
        { path: '/pricing', pageviews: 3, companies: 2 },
        { path: '/about', pageviews: 1, companies: 1 },
        { path: '/contact', pageviews: 1, companies: 1 },
      ],
      countries: [
        { country: 'ZZ', visits: 3 },
        { country: 'DE', visits: 1 },
      ],
    });
  });

  test('all sites: the other site counts too', async () => {
    const body = await (await get('/overview?from=2026-11-29&to=2026-11-29')).json();
    expect(body.totals).toEqual({
      identifiedVisits: 4,
      otherVisits: 4,
      pageviews: 10,
      companies: 3,
    });
    expect(body.days[0].visits.business).toBe(3);
    expect(
      body.topCompanies.map((c: { name: string; visits: number; pageviews: number }) => [
        c.name,
        c.visits,
        c.pageviews,
      ]),
    ).toEqual([
      ['CanaryCo AG', 2, 2],
      ['Example Manufacturing GmbH', 1, 2],
      ['Example University', 1, 1],
    ]);
    // A tie is broken by the country code.
    expect(body.countries).toEqual([
      { country: 'DE', visits: 2 },
      { country: 'ZZ', visits: 2 },
    ]);
  });

  test('default range: the last 30 UTC days, every day listed', async () => {
    const body = await (await get(`/overview?site=${h.siteId}`)).json();
    expect(body.from).toBe('2026-11-01');
    expect(body.to).toBe('2026-11-30');
    expect(body.days).toHaveLength(30);
    expect(body.days[0]).toEqual({ day: '2026-11-01', pageviews: {}, visits: {} });
    // The beacon forty days back is outside.
    expect(body.topPages.map((p: { path: string }) => p.path)).not.toContain('/old');
    expect(body.totals.pageviews).toBe(10);
  });

  test('a day with no traffic in range: zeros, empty lists', async () => {
    const body = await (
      await get(`/overview?site=${h.siteId}&from=2026-12-05&to=2026-12-05`)
    ).json();
    expect(body).toMatchObject({
      days: [{ day: '2026-12-05', pageviews: {}, visits: {} }],
      totals: { identifiedVisits: 0, otherVisits: 0, pageviews: 0, companies: 0 },
      topCompanies: [],
      topPages: [],
      countries: [],
    });
  });

  test('366 days is the longest range', async () => {
    const res = await get('/overview?from=2025-12-01&to=2026-12-01');
    expect(res.status).toBe(200);
    expect((await res.json()).days).toHaveLength(366);
  });

  test.each([
    ['from after to', '?from=2026-11-30&to=2026-11-29', 400],
    ['367 days', '?from=2025-11-30&to=2026-12-01', 400],
    ['not a calendar day', '?from=2026-02-31', 400],
    ['not a date', '?to=yesterday', 400],
    ['site not a number', '?site=abc', 400],
    ['site 0', '?site=0', 400],
    ['unknown site', '?site=999', 404],
  ])('%s → %d with the error envelope', async (_, q, status) => {
    const res = await get(`/overview${q}`);
    expect(res.status).toBe(status);
    const body = await res.json();
    expect(body.error.code).toBe(status === 404 ? 'not_found' : 'invalid');
    expect(body.error.message).toBeString();
  });

  test('no session → 401', async () => {
    expect((await get('/overview', '')).status).toBe(401);
  });
});
