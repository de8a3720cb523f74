import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { CompanyExport } from './export-model.ts';
import { IP, type LeadsKit, leadsKit } from './test-kit.ts';

const check = TypeCompiler.Compile(CompanyExport);
let k: LeadsKit;
let canary: number;
let m: number;

beforeAll(async () => {
  k = await leadsKit();
  await k.view(IP.canary, '/pricing?utm_source=fair', 'Pricing', {
    r: 'https://search.example.net/',
  });
  await k.view(IP.canary, '/demo', 'Book a demo');
  await k.engage(IP.canary, 12_000);
  k.wait(3 * 3_600_000); // the session has expired: a second visit
  await k.view(IP.canary, '/docs', 'Docs');
  await k.view(IP.manufacturing, '/other', 'Not CanaryCo');
  canary = k.companyId('CanaryCo AG');
  m = k.companyId('Example Manufacturing GmbH');
  expect((await k.call('POST', `/companies/${canary}/tags`, { tag: 'Hot' })).status).toBe(200);
  expect(
    (await k.call('POST', `/companies/${canary}/notes`, { text: 'Met at the fair' })).status,
  ).toBe(201);
  const st = await k.call('PUT', `/companies/${canary}/status`, { status: 'qualified' });
  expect(st.status).toBe(200);
});
afterAll(() => k.close());

describe('GET /api/companies/:id/export', () => {
  test('everything about the company, as an attachment that validates against its schema', async () => {
    const res = await k.call(
      'GET',
      `/companies/${canary}/export`,
      undefined,
      await k.viewerCookie(),
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="company-${canary}.json"`,
    );
    expect(res.headers.get('content-type')).toContain('application/json');
    const text = await res.text();
    const doc = JSON.parse(text);
    expect([...check.Errors(doc)].map((e) => `${e.path}: ${e.message}`)).toEqual([]);
    expect(doc.company).toMatchObject({
      id: canary,
      name: 'CanaryCo AG',
      domain: 'canaryco.example',
      country: 'DE',
      city: 'Hamburg',
      industry: 'Chemicals',
      class: 'business',
      status: 'qualified',
      tags: ['Hot'],
    });
    expect(doc.identifiedBy).toMatchObject({ source: 'companies', classReason: 'company range' });
    expect(doc.optedOut).toBe(false);
    expect(doc.status).toMatchObject({ status: 'qualified', updatedBy: 'Owner' });
    expect(doc.tags.map((t: { tag: string }) => t.tag)).toEqual(['Hot']);
    expect(doc.notes).toMatchObject([{ text: 'Met at the fair', author: 'Owner' }]);
    expect(doc.stats).toMatchObject({ visits: 2, pageviews: 3 });
    // Newest visit first, each with its pages in order.
    const pages = doc.visits.map((v: { pages: { path: string }[] }) => v.pages.map((p) => p.path));
    expect(pages).toEqual([['/docs'], ['/pricing', '/demo']]);
    expect(doc.visits[1]).toMatchObject({
      referrer: 'https://search.example.net/',
      utm: { source: 'fair' },
      engagedMs: 12_000,
    });
    expect(doc.visits[1].pages[0].title).toBe('Pricing');
    // Only this company's data, and no address anywhere (none is stored).
    expect(text).not.toContain('Not CanaryCo');
    for (const ip of Object.values(IP)) expect(text).not.toContain(ip);
  });

  test('a company made from its network says which AS identified it', async () => {
    const doc = await k.json<CompanyExport>(`/companies/${m}/export`);
    expect(check.Check(doc)).toBe(true);
    expect(doc.identifiedBy).toMatchObject({ network: 'Example Manufacturing GmbH', asn: 64500 });
    expect(doc.visits).toHaveLength(1);
  });

  test.each([
    ['unknown id', '/companies/99999/export', undefined, 404],
    ['not a number', '/companies/abc/export', undefined, 400],
    ['no session', '/companies/1/export', 'll_session=nope', 401],
  ])('%s', async (_name, path, cookie, status) => {
    expect((await k.call('GET', path, undefined, cookie)).status).toBe(status);
  });
});
