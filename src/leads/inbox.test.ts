import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import type { CompanyRow, InboxPage } from './index.ts';
import { IP, type LeadsKit, leadsKit } from './test-kit.ts';

const DAY = 86_400_000;
let k: LeadsKit;
let t0: number;
const at: Record<string, number> = {};
const iso = (ms: number) => new Date(ms).toISOString();
const dayStr = (ms: number) => iso(ms).slice(0, 10);
const names = (p: InboxPage) => p.items.map((r) => r.name);
const inbox = (qs = '') => k.json<InboxPage>(`/companies${qs}`);

// Timeline (the harness clock starts 2026-11-29 10:00 UTC = t0); "now" ends at t0 + 45 days:
//   t0        University  /about                      (outside the default 30 days)
//   t0+35d    Manufacturing  / (utm, referrer), /pricing, 30 s engaged     visit 1
//   t0+40d    CanaryCo  /, /demo/request
//   t0+43d    Manufacturing (another address)  /docs                      visit 2
//   t0+44d    University  /careers;  the ISP  /pricing (never a lead)
beforeAll(async () => {
  k = await leadsKit();
  t0 = k.h.now.t;
  at.uniFirst = k.h.now.t;
  await k.view(IP.university, '/about');
  k.h.now.t = t0 + 35 * DAY;
  at.m1 = k.h.now.t;
  await k.view(IP.manufacturing, '/?utm_source=newsletter', 'Home', {
    r: 'https://search.example.net/q?x=1',
  });
  await k.view(IP.manufacturing, '/pricing', 'Pricing');
  at.m1Engaged = k.h.now.t;
  await k.engage(IP.manufacturing, 30_000);
  k.h.now.t = t0 + 40 * DAY;
  at.canary = k.h.now.t;
  await k.view(IP.canary, '/');
  at.canaryLast = k.h.now.t;
  await k.view(IP.canary, '/demo/request');
  k.h.now.t = t0 + 43 * DAY;
  at.m2 = k.h.now.t;
  await k.view(IP.manufacturing2, '/docs');
  k.h.now.t = t0 + 44 * DAY;
  at.uni = k.h.now.t;
  await k.view(IP.university, '/careers');
  await k.view(IP.isp, '/pricing');
  k.h.now.t = t0 + 45 * DAY;
});
afterAll(() => k.close());

describe('GET /api/companies', () => {
  test('default: the last 30 days, newest activity first, exact rows; no ISP', async () => {
    const p = await inbox();
    expect(p.total).toBe(3);
    expect(p.totalCapped).toBe(false);
    expect(p.nextCursor).toBeNull();
    const byName = Object.fromEntries(p.items.map((r) => [r.name, r])) as Record<
      string,
      CompanyRow
    >;
    expect(names(p)).toEqual(['Example University', 'Example Manufacturing GmbH', 'CanaryCo AG']);
    expect(byName['Example Manufacturing GmbH']).toMatchObject({
      domain: null,
      class: 'business',
      status: 'new',
      tags: [],
      visits: 2,
      pageviews: 3,
      engagedMs: 30_000,
      firstVisitAt: iso(at.m1),
      lastVisitAt: iso(at.m2),
      isNew: true,
    });
    expect(byName['CanaryCo AG']).toMatchObject({
      domain: 'canaryco.example',
      country: 'DE',
      city: 'Hamburg',
      industry: 'Chemicals',
      class: 'business',
      visits: 1,
      pageviews: 2,
      engagedMs: 0,
      firstVisitAt: iso(at.canary),
      lastVisitAt: iso(at.canaryLast),
    });
    // The University's first visit is older than 30 days: only the recent one counts.
    expect(byName['Example University']).toMatchObject({
      class: 'education',
      visits: 1,
      pageviews: 1,
    });
    for (const r of p.items) expect(r.score).toBeGreaterThan(0);
    expect(JSON.stringify(p)).not.toContain('Broadband');
  });

  test.each([
    ['sort=last', ['Example University', 'Example Manufacturing GmbH', 'CanaryCo AG']],
    // Ties (1 visit each) go to the higher id: the University's company row is newer than CanaryCo's.
    ['sort=visits', ['Example Manufacturing GmbH', 'Example University', 'CanaryCo AG']],
    ['sort=pageviews', ['Example Manufacturing GmbH', 'CanaryCo AG', 'Example University']],
    ['class=education', ['Example University']],
    ['class=business', ['Example Manufacturing GmbH', 'CanaryCo AG']],
    ['class=isp', []],
    ['country=DE', ['CanaryCo AG']],
    ['industry=chemicals', ['CanaryCo AG']],
    ['q=MANUFACT', ['Example Manufacturing GmbH']],
    ['q=canaryco.ex', ['CanaryCo AG']],
    ['q=%25', []],
    ['page=pricing', ['Example Manufacturing GmbH']],
    ['page=DEMO', ['CanaryCo AG']],
    ['page=/', ['Example University', 'Example Manufacturing GmbH', 'CanaryCo AG']],
    ['minVisits=2', ['Example Manufacturing GmbH']],
    ['status=new', ['Example University', 'Example Manufacturing GmbH', 'CanaryCo AG']],
    ['status=customer', []],
    ['tag=nothing', []],
    ['site=1', ['Example University', 'Example Manufacturing GmbH', 'CanaryCo AG']],
    ['site=999', []],
  ] as const)('%s', async (qs, want) => {
    const p = await inbox(`?${qs}`);
    expect(names(p)).toEqual([...want]);
    expect(p.total).toBe(want.length);
  });

  test('date ranges: a past day (summed from company_days), a year, a week', async () => {
    const past = await inbox(`?from=${dayStr(t0)}&to=${dayStr(t0)}`);
    expect(past.items.map((r) => [r.name, r.visits, r.pageviews, r.lastVisitAt])).toEqual([
      ['Example University', 1, 1, iso(at.uniFirst)],
    ]);
    const year = await inbox(`?from=${dayStr(t0 + 45 * DAY - 364 * DAY)}`);
    expect(year.items.find((r) => r.name === 'Example University')?.visits).toBe(2);
    expect(names(await inbox(`?from=${dayStr(t0 + 39 * DAY)}`))).toEqual([
      'Example University',
      'Example Manufacturing GmbH',
      'CanaryCo AG',
    ]);
    // Manufacturing's first visit falls out of a 5-day range; its second stays.
    const week = await inbox(`?from=${dayStr(t0 + 41 * DAY)}&sort=visits`);
    expect(week.items.map((r) => [r.name, r.visits])).toEqual([
      ['Example Manufacturing GmbH', 1], // a tie: the higher id first
      ['Example University', 1],
    ]);
    expect(
      (await inbox(`?from=${dayStr(t0 + 30 * DAY)}&to=${dayStr(t0 + 38 * DAY)}&page=pricing`))
        .items,
    ).toHaveLength(1);
    expect((await inbox(`?from=${dayStr(t0 + 1 * DAY)}&to=${dayStr(t0 + 2 * DAY)}`)).total).toBe(0);
  });

  test.each(['last', 'score', 'visits', 'pageviews'])(
    'keyset paging, sort=%s: pages of 1 = the full list',
    async (sort) => {
      const all = await inbox(`?sort=${sort}`);
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const p: InboxPage = await inbox(
          `?sort=${sort}&limit=1${cursor ? `&cursor=${cursor}` : ''}`,
        );
        expect(p.total).toBe(3);
        seen.push(...names(p));
        cursor = p.nextCursor;
      } while (cursor && seen.length < 10);
      expect(seen).toEqual(names(all));
      if (sort === 'score') {
        const scores = all.items.map((r) => r.score);
        expect(scores).toEqual([...scores].sort((a, b) => b - a));
      }
    },
  );

  test('a historical range pages too (grouped plan)', async () => {
    const qs = `from=${dayStr(t0)}&to=${dayStr(t0 + 44 * DAY)}&sort=pageviews&limit=2`;
    const p1 = await inbox(`?${qs}`);
    expect(p1.items.map((r) => [r.name, r.pageviews])).toEqual([
      ['Example Manufacturing GmbH', 3],
      ['Example University', 2], // ties CanaryCo; the higher id first
    ]);
    const p2 = await inbox(`?${qs}&cursor=${p1.nextCursor}`);
    expect(p2.items.map((r) => [r.name, r.pageviews])).toEqual([['CanaryCo AG', 2]]);
    expect(p2.nextCursor).toBeNull();
  });

  test.each([
    ['from=2026-13-01', 400],
    ['from=2027-02-30', 400],
    ['to=yesterday', 400],
    [`from=${'2027-01-10'}&to=${'2027-01-01'}`, 400],
    ['sort=name', 400],
    ['limit=0', 400],
    ['limit=201', 400],
    ['country=de', 400],
    ['class=lead', 400],
    ['cursor=not-a-cursor', 400],
    ['minVisits=0', 400],
  ])('invalid query %s → %d with the error envelope', async (qs, status) => {
    const res = await k.call('GET', `/companies?${qs}`);
    expect(res.status).toBe(status);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('invalid');
  });

  test('a cursor from another sort is refused', async () => {
    const p = await inbox('?limit=1');
    expect((await k.call('GET', `/companies?sort=visits&cursor=${p.nextCursor}`)).status).toBe(400);
  });

  test('without a session: 401', async () => {
    expect((await k.call('GET', '/companies', undefined, 'll_session=nope')).status).toBe(401);
  });
});

describe('new since last look', () => {
  test('isNew until POST /companies/seen; activity after it is new again', async () => {
    expect((await inbox()).items.every((r) => r.isNew)).toBe(true);
    const seen = await k.call('POST', '/companies/seen');
    expect(seen.status).toBe(200);
    expect(await seen.json()).toEqual({ seenAt: iso(k.h.now.t) });
    expect((await inbox()).items.some((r) => r.isNew)).toBe(false);
    k.wait(60_000);
    await k.view(IP.canary, '/pricing');
    const p = await inbox();
    expect(p.items.map((r) => [r.name, r.isNew])).toEqual([
      ['CanaryCo AG', true],
      ['Example University', false],
      ['Example Manufacturing GmbH', false],
    ]);
    // "Seen" is per user: the viewer has never looked, so everything is new to them.
    const forViewer = await k.json<InboxPage>('/companies', await k.viewerCookie());
    expect(forViewer.items.every((r) => r.isNew)).toBe(true);
  });
});

describe('opt-outs and classes', () => {
  test('an opted-out company or network disappears (and its profile is 404); back when lifted', async () => {
    const canary = k.companyId('CanaryCo AG');
    const uniNet = k.h.db
      .prepare<{ id: number }>("SELECT id FROM networks WHERE name = 'Example University'")
      .get()!.id;
    k.h.db
      .prepare('INSERT INTO optouts (company_id, created_at) VALUES (?, ?)')
      .run(canary, k.h.now.t);
    k.h.db
      .prepare('INSERT INTO optouts (network_id, created_at) VALUES (?, ?)')
      .run(uniNet, k.h.now.t);
    k.h.tracking.optouts.reload();
    expect(names(await inbox())).toEqual(['Example Manufacturing GmbH']);
    expect(names(await inbox('?page=demo'))).toEqual([]);
    expect((await k.call('GET', `/companies/${canary}`)).status).toBe(404);
    // Its beacons are dropped before anything is written.
    await k.h.beacon({ s: k.h.siteKey, e: 'pageview', u: 'https://example.com/x' }, IP.canary);
    k.h.db.prepare('DELETE FROM optouts').run();
    k.h.tracking.optouts.reload();
    expect(names(await inbox()).sort()).toEqual([
      'CanaryCo AG',
      'Example Manufacturing GmbH',
      'Example University',
    ]);
  });

  test('a network reclassified as an ISP leaves the inbox', async () => {
    k.h.db.prepare("UPDATE networks SET class = 'isp' WHERE name = 'Example University'").run();
    expect(names(await inbox())).not.toContain('Example University');
    k.h.db
      .prepare("UPDATE networks SET class = 'education' WHERE name = 'Example University'")
      .run();
    expect(names(await inbox())).toContain('Example University');
  });
});
