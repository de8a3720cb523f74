// The token API end to end through the composed app: tokens made in the dashboard, bearer only,
// scopes, the leads data through v1, and bad input.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import type { CompanyProfile, InboxPage } from '../leads/index.ts';
import { IP } from '../leads/test-kit.ts';
import { createHarness, type Harness } from '../testing/harness.ts';
import type { TokenSummary } from '../tokens/index.ts';
import { dbBytes, mintToken, v1 } from './test-kit.ts';

let h: Harness;
let read: string;
let write: string;
const companyId = (name: string) =>
  h.db.prepare<{ id: number }>('SELECT id FROM companies WHERE name = ?').get(name)!.id;

async function view(ip: string, path: string) {
  const res = await h.beacon(
    { s: h.siteKey, e: 'pageview', u: `https://example.com${path}`, t: path, w: 1440 },
    ip,
  );
  expect(res.status).toBe(202);
  h.now.t += 1000;
}

beforeAll(async () => {
  h = await createHarness();
  await view(IP.manufacturing, '/pricing');
  await view(IP.canary, '/');
  await view(IP.canary, '/demo');
  await view(IP.university, '/about');
  await view(IP.isp, '/pricing');
  read = (await mintToken(h, 'read')).secret;
  write = (await mintToken(h, 'write')).secret;
});
afterAll(() => h.close());

describe('tokens in the dashboard', () => {
  test('the secret is shown once: not in the list, not in the database or its WAL', async () => {
    const created = await mintToken(h, 'read', 'Leak check');
    const list = (await (await h.api('GET', '/api/tokens')).json()) as TokenSummary[];
    expect(list.find((t) => t.id === created.token.id)).toEqual(created.token);
    expect(JSON.stringify(list)).not.toContain(created.secret.slice(9));
    const disk = await dbBytes(h);
    expect(disk.includes(Buffer.from(created.secret.slice(9)))).toBe(false);
    // …while the check itself can find what is there: the display prefix and the name.
    expect(disk.includes(Buffer.from(created.token.prefix))).toBe(true);
  });

  test('use, last used, revoke → 401', async () => {
    const { secret, token } = await mintToken(h, 'read', 'Lifecycle');
    expect((await v1(h, 'GET', '/sites', secret)).status).toBe(200);
    const listed = (await (await h.api('GET', '/api/tokens')).json()) as TokenSummary[];
    const used = listed.find((t) => t.id === token.id)!.lastUsedAt;
    expect(used).toBeNumber();
    expect(Math.abs(used! - Date.now())).toBeLessThan(60_000);
    expect((await h.api('DELETE', `/api/tokens/${token.id}`)).status).toBe(204);
    const res = await v1(h, 'GET', '/sites', secret);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({
      error: { code: 'unauthenticated', message: expect.any(String) },
    });
    expect(res.headers.get('www-authenticate')).toContain('invalid_token');
    expect((await h.api('DELETE', `/api/tokens/${token.id}`)).status).toBe(404);
  });

  test.each([
    [{ name: '', scope: 'read' }],
    [{ name: 'x', scope: 'admin' }],
    [{ name: 'x'.repeat(101), scope: 'read' }],
    [{ scope: 'read' }],
    ['not json'],
  ])('POST /api/tokens %j → 400', async (body) => {
    const res =
      typeof body === 'string'
        ? await h.handle(
            new Request('http://leadlens.test/api/tokens', {
              method: 'POST',
              headers: {
                origin: 'http://leadlens.test',
                cookie: await h.ownerCookie(),
                'content-type': 'application/json',
              },
              body,
            }),
          )
        : await h.api('POST', '/api/tokens', body);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('invalid');
  });
});

describe('bearer only', () => {
  test.each([
    ['no header', {}],
    ['the owner session cookie', { cookie: 'SESSION' }],
    ['Basic auth', { authorization: 'Basic b3duZXI6cGFzcw==' }],
    ['a made-up token', { authorization: `Bearer ll_${'A'.repeat(43)}` }],
    ['a malformed token', { authorization: 'Bearer hello' }],
    ['an empty bearer', { authorization: 'Bearer ' }],
  ])('%s → 401 envelope', async (_label, headers: Record<string, string>) => {
    if (headers.cookie) headers.cookie = await h.ownerCookie();
    const res = await v1(h, 'GET', '/companies', null, undefined, {
      origin: 'http://leadlens.test',
      ...headers,
    });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({
      error: { code: 'unauthenticated', message: expect.any(String) },
    });
  });

  test('a token is not a session: the dashboard API refuses it', async () => {
    const res = await h.handle(
      new Request('http://leadlens.test/api/companies', {
        headers: { authorization: `Bearer ${write}`, origin: 'http://leadlens.test' },
      }),
    );
    expect(res.status).toBe(401);
  });

  test('the scheme name is case-insensitive', async () => {
    const res = await v1(h, 'GET', '/sites', null, undefined, { authorization: `bearer ${read}` });
    expect(res.status).toBe(200);
  });
});

describe('scopes', () => {
  // [method, path, body, status with a write token]
  const cases = (): [string, string, unknown, number][] => {
    const m = companyId('Example Manufacturing GmbH');
    return [
      ['PUT', `/companies/${m}/status`, { status: 'qualified' }, 200],
      ['POST', `/companies/${m}/tags`, { tag: 'hot' }, 200],
      ['DELETE', `/companies/${m}/tags/hot`, undefined, 200],
      ['POST', `/companies/${m}/notes`, { text: 'Called them' }, 201],
    ];
  };

  test('a read token: every write is 403 and changes nothing', async () => {
    const m = companyId('Example Manufacturing GmbH');
    for (const [method, path, body] of cases()) {
      const res = await v1(h, method, path, read, body);
      expect({ route: `${method} ${path}`, status: res.status }).toEqual({
        route: `${method} ${path}`,
        status: 403,
      });
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('forbidden');
    }
    const p = (await (await v1(h, 'GET', `/companies/${m}`, read)).json()) as CompanyProfile;
    expect(p.company).toMatchObject({ status: 'new', tags: [] });
    expect(p.notes).toEqual([]);
  });

  test('a write token: each write works, recorded in its creator’s name', async () => {
    const m = companyId('Example Manufacturing GmbH');
    for (const [method, path, body, status] of cases()) {
      const res = await v1(h, method, path, write, body);
      expect({ route: `${method} ${path}`, status: res.status }).toEqual({
        route: `${method} ${path}`,
        status,
      });
    }
    const p = (await (await v1(h, 'GET', `/companies/${m}`, write)).json()) as CompanyProfile;
    expect(p.company).toMatchObject({ status: 'qualified', tags: [] });
    expect(p.notes).toEqual([
      expect.objectContaining({ text: 'Called them', author: 'Owner (API: write token)' }),
    ]);
    // The dashboard sees the same data: one service behind both.
    const s = (await (await h.api('GET', `/api/companies/${m}`)).json()) as CompanyProfile;
    expect(s.company.status).toBe('qualified');
    expect(s.notes.map((n) => n.text)).toEqual(['Called them']);
  });
});

describe('resources', () => {
  test('sites', async () => {
    const list = (await (await v1(h, 'GET', '/sites', read)).json()) as { id: number }[];
    expect(list.map((s) => s.id)).toEqual([h.siteId]);
    expect((await v1(h, 'GET', `/sites/${h.siteId}`, read)).status).toBe(200);
    expect((await v1(h, 'GET', '/sites/999', read)).status).toBe(404);
  });

  test.each([
    ['', ['Example University', 'CanaryCo AG', 'Example Manufacturing GmbH']],
    ['?country=DE', ['CanaryCo AG']],
    ['?class=education', ['Example University']],
    ['?q=canary', ['CanaryCo AG']],
    ['?page=/demo', ['CanaryCo AG']],
    ['?minVisits=1&industry=Chemicals', ['CanaryCo AG']],
    ['?status=qualified', ['Example Manufacturing GmbH']],
    ['?sort=pageviews&limit=1', ['CanaryCo AG']],
    ['?from=2020-01-01&to=2020-01-31', []],
  ])('inbox filters through v1: %s', async (qs, names) => {
    const res = await v1(h, 'GET', `/companies${qs}`, read);
    expect(res.status).toBe(200);
    const page = (await res.json()) as InboxPage;
    expect(page.items.map((r) => r.name)).toEqual(names);
  });

  test('a company and its visits; hidden or unknown → 404', async () => {
    const c = companyId('CanaryCo AG');
    const p = (await (await v1(h, 'GET', `/companies/${c}`, read)).json()) as CompanyProfile;
    expect(p.company.name).toBe('CanaryCo AG');
    expect(p.stats.pageviews).toBe(2);
    const visits = (await (await v1(h, 'GET', `/companies/${c}/visits`, read)).json()) as {
      items: { pages: { path: string }[] }[];
    };
    expect(visits.items.map((v) => v.pages.map((x) => x.path))).toEqual([['/', '/demo']]);
    const isp = h.db
      .prepare<{ id: number }>("SELECT id FROM companies WHERE name LIKE '%Broadband%'")
      .get();
    for (const id of [isp?.id ?? 424242, 424242]) {
      expect((await v1(h, 'GET', `/companies/${id}`, read)).status).toBe(404);
    }
  });

  test('exports: the CSV by token', async () => {
    const res = await v1(h, 'GET', '/exports/companies.csv?country=DE', read);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    const text = await res.text();
    expect(text).toContain('CanaryCo AG');
    expect(text).not.toContain('Example Manufacturing');
  });
});

describe('bad input → 400 envelope (with a valid token)', () => {
  const m = () => companyId('Example Manufacturing GmbH');
  test.each<[string, string, unknown?]>([
    ['GET', '/companies?limit=0'],
    ['GET', '/companies?limit=abc'],
    ['GET', '/companies?country=germany'],
    ['GET', '/companies?class=martian'],
    ['GET', '/companies?from=2026-02-30'],
    ['GET', '/companies?from=2026-03-02&to=2026-03-01'],
    ['GET', '/companies?cursor=garbage'],
    ['GET', '/companies/abc'],
    ['GET', '/companies/0'],
    ['GET', '/visits?cursor=garbage'],
    ['GET', '/visits?limit=501'],
    ['GET', '/sites/abc'],
    ['PUT', '/companies/:m/status', { status: 'won' }],
    ['PUT', '/companies/:m/status', {}],
    ['POST', '/companies/:m/tags', { tag: '' }],
    ['POST', '/companies/:m/tags', { tag: '   ' }],
    ['POST', '/companies/:m/tags', { tag: 'x'.repeat(51) }],
    ['POST', '/companies/:m/notes', { text: '' }],
    ['POST', '/companies/:m/notes', '{"text":'],
    ['GET', '/exports/companies.csv?delimiter=tab'],
  ])('%s %s', async (method, path, body?: unknown) => {
    const res = await v1(h, method, path.replace(':m', String(m())), write, body);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('invalid');
  });
});

test('no visitor address in any v1 answer', async () => {
  const c = companyId('CanaryCo AG');
  const paths = [
    '/companies',
    `/companies/${c}`,
    `/companies/${c}/visits`,
    '/visits',
    '/sites',
    '/exports/companies.csv',
    '/exports/visits.csv',
    '/exports/pageviews.csv',
  ];
  const ips = Object.values(IP);
  for (const path of paths) {
    const res = await v1(h, 'GET', path, read);
    expect({ path, status: res.status }).toEqual({ path, status: 200 });
    const body = await res.text();
    expect(body.length).toBeGreaterThan(20);
    for (const ip of ips)
      expect({ path, leaks: body.includes(ip) }).toEqual({ path, leaks: false });
  }
});
