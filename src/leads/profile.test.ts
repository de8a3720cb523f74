import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import type { CompanyProfile, InboxPage, Visit } from './index.ts';
import { IP, type LeadsKit, leadsKit } from './test-kit.ts';

let k: LeadsKit;
let m: number; // Example Manufacturing GmbH
let canary: number;
const at: Record<string, number> = {};
const iso = (ms: number) => new Date(ms).toISOString();
const profile = (id: number) => k.json<CompanyProfile>(`/companies/${id}`);
type VisitsPage = { items: Visit[]; nextCursor: string | null };

beforeAll(async () => {
  k = await leadsKit();
  at.v1 = k.h.now.t;
  await k.view(
    IP.manufacturing,
    '/?utm_source=newsletter&utm_medium=email&utm_campaign=spring',
    'Home',
    {
      r: 'https://search.example.net/results?q=secret',
    },
  );
  at.v1p2 = k.h.now.t;
  await k.view(IP.manufacturing, '/pricing', 'Pricing');
  await k.engage(IP.manufacturing, 42_000);
  at.v1end = k.h.now.t;
  k.wait(3 * 3_600_000); // the session has expired: a new visit
  at.v2 = k.h.now.t;
  await k.view(IP.manufacturing, '/docs', 'Docs', { w: 400 });
  await k.view(IP.canary, '/');
  m = k.companyId('Example Manufacturing GmbH');
  canary = k.companyId('CanaryCo AG');
});
afterAll(() => k.close());

describe('GET /api/companies/:id', () => {
  test('a network company: facts, how it was identified, all-time stats, score, no address', async () => {
    const p = await profile(m);
    expect(p.company).toEqual({
      id: m,
      name: 'Example Manufacturing GmbH',
      domain: null,
      country: null,
      city: null,
      address: null,
      industry: null,
      employees: null,
      phone: null,
      linkedin: null,
      class: 'business',
      status: 'new',
      tags: [],
    });
    expect(p.identifiedBy).toEqual({
      source: 'ip-location-db-asn',
      attribution: 'IP Geolocation by DB-IP; RouteViews; NRO (via ip-location-db)',
      attributionUrl: 'https://db-ip.com',
      network: 'Example Manufacturing GmbH',
      asn: 64500,
      class: 'business',
      classReason: 'keyword:gmbh',
    });
    expect(p.stats).toEqual({
      visits: 2,
      pageviews: 3,
      engagedMs: 42_000,
      firstVisitAt: iso(at.v1),
      lastVisitAt: iso(at.v2),
    });
    expect(p.score.total).toBeGreaterThan(0);
    expect(p.notes).toEqual([]);
    expect(JSON.stringify(p)).not.toMatch(/198\.51\.100|2001:db8/);
  });

  test('a companies-CSV company: its own source, no network', async () => {
    const p = await profile(canary);
    expect(p.company).toMatchObject({
      name: 'CanaryCo AG',
      domain: 'canaryco.example',
      country: 'DE',
      city: 'Hamburg',
    });
    expect(p.identifiedBy).toEqual({
      source: 'companies',
      attribution: null,
      attributionUrl: null,
      network: null,
      asn: null,
      class: 'business',
      classReason: 'company range',
    });
  });

  test.each([
    ['/companies/999999', 404],
    ['/companies/0', 400],
    ['/companies/abc', 400],
    ['/companies/999999/visits', 404],
  ])('GET %s → %d', async (path, status) => {
    const res = await k.call('GET', path);
    expect(res.status).toBe(status);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe(
      status === 404 ? 'not_found' : 'invalid',
    );
  });
});

describe('GET /api/companies/:id/visits', () => {
  test('newest first, each with its pages in order, referrer, UTM, device', async () => {
    const { items, nextCursor } = await k.json<VisitsPage>(`/companies/${m}/visits`);
    expect(nextCursor).toBeNull();
    expect(items.map((v) => [v.startedAt, v.pageviews, v.landingPath, v.device])).toEqual([
      [iso(at.v2), 1, '/docs', 'mobile'],
      [iso(at.v1), 2, '/', 'desktop'],
    ]);
    const v1 = items[1];
    expect(v1).toMatchObject({
      siteId: k.h.siteId,
      siteName: 'Example',
      engagedMs: 42_000,
      referrer: 'https://search.example.net/results',
      utm: { source: 'newsletter', medium: 'email', campaign: 'spring', term: null, content: null },
    });
    expect(v1.pages).toEqual([
      { path: '/', title: 'Home', at: iso(at.v1), engagedMs: 0 },
      { path: '/pricing', title: 'Pricing', at: iso(at.v1p2), engagedMs: 42_000 },
    ]);
  });

  test('pages with a cursor', async () => {
    const p1 = await k.json<VisitsPage>(`/companies/${m}/visits?limit=1`);
    expect(p1.items.map((v) => v.landingPath)).toEqual(['/docs']);
    const p2 = await k.json<VisitsPage>(`/companies/${m}/visits?limit=1&cursor=${p1.nextCursor}`);
    expect(p2.items.map((v) => v.landingPath)).toEqual(['/']);
    expect(p2.nextCursor).toBeNull();
    expect((await k.call('GET', `/companies/${m}/visits?cursor=garbage`)).status).toBe(400);
  });
});

describe('status, tags, notes', () => {
  test('status round trip, and the inbox filter', async () => {
    const res = await k.call('PUT', `/companies/${m}/status`, { status: 'qualified' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'qualified' });
    expect((await profile(m)).company.status).toBe('qualified');
    const q = await k.json<InboxPage>('/companies?status=qualified');
    expect(q.items.map((r) => [r.name, r.status])).toEqual([
      ['Example Manufacturing GmbH', 'qualified'],
    ]);
    expect((await k.json<InboxPage>('/companies?status=new')).items.map((r) => r.name)).toEqual([
      'CanaryCo AG',
    ]);
    expect((await k.call('PUT', `/companies/${m}/status`, { status: 'hot' })).status).toBe(400);
  });

  test('tags: trimmed, unique regardless of case, listed with counts, filterable, removable', async () => {
    const add = async (id: number, tag: string) => {
      const res = await k.call('POST', `/companies/${id}/tags`, { tag });
      expect(res.status).toBe(200);
      return ((await res.json()) as { tags: string[] }).tags;
    };
    expect(await add(m, '  Hot ')).toEqual(['Hot']);
    expect(await add(m, 'hot')).toEqual(['Hot']);
    expect(await add(m, 'follow up')).toEqual(['follow up', 'Hot']);
    expect(await add(canary, 'HOT')).toEqual(['HOT']);
    expect(await k.json<unknown>('/tags')).toEqual([
      { tag: 'HOT', companies: 2 },
      { tag: 'follow up', companies: 1 },
    ]);
    const hot = await k.json<InboxPage>('/companies?tag=hot');
    expect(hot.items.map((r) => [r.name, r.tags])).toEqual([
      ['CanaryCo AG', ['HOT']],
      ['Example Manufacturing GmbH', ['follow up', 'Hot']],
    ]);
    const del = await k.call('DELETE', `/companies/${m}/tags/${encodeURIComponent('follow up')}`);
    expect(await del.json()).toEqual({ tags: ['Hot'] });
    expect((await k.call('DELETE', `/companies/${m}/tags/nope`)).status).toBe(404);
    expect((await k.call('POST', `/companies/${m}/tags`, { tag: '   ' })).status).toBe(400);
    expect((await k.call('POST', `/companies/${m}/tags`, { tag: 'x'.repeat(51) })).status).toBe(
      400,
    );
    expect((await k.call('POST', '/companies/999999/tags', { tag: 'x' })).status).toBe(404);
  });

  test('notes: the author is the signed-in user; newest first; deletable once', async () => {
    const res = await k.call('POST', `/companies/${m}/notes`, { text: 'Called; wants a demo.' });
    expect(res.status).toBe(201);
    const note = (await res.json()) as Record<string, unknown>;
    expect(note).toEqual({
      id: note.id,
      text: 'Called; wants a demo.',
      author: 'Owner',
      createdAt: iso(k.h.now.t),
    });
    k.wait(1000);
    await k.call('POST', `/companies/${m}/notes`, { text: 'Second.' });
    expect((await profile(m)).notes.map((n) => n.text)).toEqual([
      'Second.',
      'Called; wants a demo.',
    ]);
    expect((await k.call('DELETE', `/notes/${note.id}`)).status).toBe(204);
    expect((await k.call('DELETE', `/notes/${note.id}`)).status).toBe(404);
    expect((await profile(m)).notes.map((n) => n.text)).toEqual(['Second.']);
    expect((await k.call('POST', `/companies/${m}/notes`, { text: '' })).status).toBe(400);
  });
});

describe('key pages', () => {
  test('PUT cleans and replaces the list; GET reads it; unknown site 404', async () => {
    const put = await k.call('PUT', `/sites/${k.h.siteId}/key-pages`, {
      patterns: ['/pricing', ' /demo* ', '/pricing', '  '],
    });
    expect(put.status).toBe(200);
    expect(await put.json()).toEqual({ patterns: ['/pricing', '/demo*'] });
    expect(await k.json<unknown>(`/sites/${k.h.siteId}/key-pages`)).toEqual({
      patterns: ['/pricing', '/demo*'],
    });
    expect((await k.call('GET', '/sites/999/key-pages')).status).toBe(404);
    expect((await k.call('PUT', '/sites/999/key-pages', { patterns: [] })).status).toBe(404);
    expect((await k.call('PUT', `/sites/${k.h.siteId}/key-pages`, { patterns: [''] })).status).toBe(
      400,
    );
  });
});

describe('roles: a viewer reads, only admins write', () => {
  const paths: [string, () => string, unknown, number][] = [
    ['GET', () => '/companies', undefined, 200],
    ['GET', () => `/companies/${m}`, undefined, 200],
    ['GET', () => `/companies/${m}/visits`, undefined, 200],
    ['GET', () => '/tags', undefined, 200],
    ['GET', () => `/sites/${k.h.siteId}/key-pages`, undefined, 200],
    ['POST', () => '/companies/seen', undefined, 200],
    ['PUT', () => `/companies/${m}/status`, { status: 'customer' }, 403],
    ['POST', () => `/companies/${m}/tags`, { tag: 'viewer' }, 403],
    ['DELETE', () => `/companies/${m}/tags/Hot`, undefined, 403],
    ['POST', () => `/companies/${m}/notes`, { text: 'hi' }, 403],
    ['DELETE', () => '/notes/1', undefined, 403],
    ['PUT', () => `/sites/${k.h.siteId}/key-pages`, { patterns: ['/'] }, 403],
  ];
  test.each(paths)('%s %p → %d', async (method, path, body, status) => {
    const res = await k.call(method, path(), body, await k.viewerCookie());
    expect(res.status).toBe(status);
  });

  test('nothing changed by the refused writes', async () => {
    const p = await profile(m);
    expect(p.company.status).toBe('qualified');
    expect(p.company.tags).toEqual(['Hot']);
  });
});
