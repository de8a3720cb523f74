import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { Elysia } from 'elysia';
import { createHarness, type Harness } from '../testing/harness.ts';
import { createPrivacyRoutes } from './notice-routes.ts';

let h: Harness;
let app: { handle(r: Request): Promise<Response> };
let owner: string;
let viewer: string;

const settings = {
  controllerName: 'Example Manufacturing GmbH',
  controllerAddress: 'Hafenstraße 1, 20457 Hamburg',
  contactEmail: 'privacy@example.com',
  dpoName: '',
  publicBaseUrl: 'https://stats.example.com/',
  authorityName: 'HmbBfDI',
  authorityUrl: 'https://datenschutz-hamburg.de/',
  reverseDns: false,
};

/** A request to the test app as the given session cookie ('' = none). */
function call(cookie: string, method: string, path: string, body?: unknown, extra = {}) {
  const headers: Record<string, string> = { origin: 'http://leadlens.test', ...extra };
  if (cookie) headers.cookie = cookie;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const init = { method, headers, body: body === undefined ? undefined : JSON.stringify(body) };
  return app.handle(new Request(`http://leadlens.test${path}`, init));
}

beforeAll(async () => {
  h = await createHarness();
  // Mounted as compose.ts will: public at the root, admin under /api behind the guard.
  const privacy = createPrivacyRoutes({ db: h.db, clock: () => h.now.t, auth: h.auth });
  app = new Elysia()
    .use(h.auth.routes)
    .use(privacy.public)
    .group('/api', (g) => g.use(h.auth.guard).use(privacy.admin));
  owner = await h.ownerCookie();
  const inv = await call(owner, 'POST', '/api/invites', { email: 'v@example.com', role: 'viewer' });
  const token = new URL((await inv.json()).path, 'http://x').searchParams.get('token');
  const acc = await call('', 'POST', '/api/invites/accept', {
    token,
    name: 'Viewer',
    password: 'viewer password 123',
  });
  viewer = /ll_session=[^;]+/.exec(acc.headers.get('set-cookie') ?? '')![0];
});
afterAll(() => h.close());

describe('privacy routes', () => {
  test('before settings exist: not configured', async () => {
    expect(await (await call(owner, 'GET', '/api/privacy/settings')).json()).toEqual({
      configured: false,
      settings: null,
    });
    const res = await call('', 'GET', '/privacy-notice');
    expect(res.status).toBe(404);
    expect((await res.json()).error.code).toBe('not_configured');
    expect((await call(owner, 'GET', '/api/privacy/record')).status).toBe(404);
  });

  test('admin routes need a session; PUT needs admin', async () => {
    expect((await call('', 'GET', '/api/privacy/settings')).status).toBe(401);
    expect((await call('', 'GET', '/api/privacy/record')).status).toBe(401);
    expect((await call('', 'PUT', '/api/privacy/settings', settings)).status).toBe(401);
    expect((await call(viewer, 'PUT', '/api/privacy/settings', settings)).status).toBe(403);
    expect((await call(viewer, 'GET', '/api/privacy/settings')).status).toBe(200);
  });

  test.each([
    [{ ...settings, contactEmail: 'nope' }, '/contactEmail'],
    [{ ...settings, publicBaseUrl: 'javascript:alert(1)' }, '/publicBaseUrl'],
    [{ ...settings, controllerName: undefined }, '/controllerName'],
    ['a string', 'settings'],
  ])('PUT refuses invalid settings %#', async (body, field) => {
    const res = await call(owner, 'PUT', '/api/privacy/settings', body);
    expect(res.status).toBe(400);
    const err = (await res.json()).error;
    expect(err.code).toBe('invalid');
    expect(err.message).toStartWith(field);
  });

  test('PUT saves (trimmed, cleared fields dropped); GET reads it back', async () => {
    const res = await call(owner, 'PUT', '/api/privacy/settings', settings);
    expect(res.status).toBe(200);
    const { dpoName: _, ...saved } = settings;
    expect(await res.json()).toEqual(saved);
    expect(await (await call(viewer, 'GET', '/api/privacy/settings')).json()).toEqual({
      configured: true,
      settings: saved,
    });
  });

  test.each([
    ['html', 'text/html; charset=utf-8'],
    ['md', 'text/markdown; charset=utf-8'],
    ['txt', 'text/plain; charset=utf-8'],
  ])('public notice as %s', async (format, type) => {
    const res = await call('', 'GET', `/privacy-notice?lang=nl&format=${format}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(type);
    expect(res.headers.get('content-language')).toBe('nl');
    const csp = res.headers.get('content-security-policy');
    expect(csp).toBe(format === 'html' ? "default-src 'none'; style-src 'unsafe-inline'" : null);
    const body = await res.text();
    expect(body).toContain('Privacyverklaring');
    expect(body).toContain('https://stats.example.com/opt-out');
    expect(body).toContain('6(1)(f)');
    expect(body).toContain('395');
  });

  test('language from Accept-Language; bad parameters are 400', async () => {
    const res = await call('', 'GET', '/privacy-notice', undefined, {
      'accept-language': 'fr-BE,fr;q=0.9,en;q=0.5',
    });
    expect(res.headers.get('content-language')).toBe('fr');
    expect(res.headers.get('vary')).toBe('accept-language');
    expect(await res.text()).toContain('<html lang="fr">');
    expect((await call('', 'GET', '/privacy-notice?lang=xx')).status).toBe(400);
    expect((await call('', 'GET', '/privacy-notice?format=pdf')).status).toBe(400);
  });

  test('the text follows the sites: GPC off, retention changed', async () => {
    const before = await (await call('', 'GET', '/privacy-notice?lang=en&format=txt')).text();
    expect(before).toContain('Our websites honour Global Privacy Control');
    h.tracking.sites.update(h.siteId, { honorGpc: false, retentionDays: 30 });
    const after = await (await call('', 'GET', '/privacy-notice?lang=en&format=txt')).text();
    expect(after).toContain('do not currently act on the Global Privacy Control');
    expect(after).toContain('after 30 days');
  });

  test('snippet: an escaped fragment', async () => {
    await call(owner, 'PUT', '/api/privacy/settings', {
      ...settings,
      controllerName: 'Evil <script>x</script>',
    });
    const res = await call('', 'GET', '/privacy-notice/snippet?lang=de');
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await res.text();
    expect(html).toStartWith('<section class="leadlens-privacy-notice" lang="de">');
    expect(html).not.toContain('<html');
    expect(html).not.toContain('<script>');
    expect(html).toContain('Evil &lt;script&gt;x&lt;/script&gt;');
  });

  test('record as JSON and Markdown', async () => {
    const json = await (await call(viewer, 'GET', '/api/privacy/record')).json();
    expect(json.generatedAt).toBe(new Date(h.now.t).toISOString());
    expect(json.retention).toEqual([{ site: 'Example', days: 30 }]);
    const md = await call(viewer, 'GET', '/api/privacy/record?format=md');
    expect(md.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    expect(await md.text()).toContain('## Technical and organisational security measures');
  });
});
