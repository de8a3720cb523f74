import { describe, expect, test } from 'bun:test';
import { Elysia } from 'elysia';
import { UI_PATHS } from '../../web/app/router.ts';
import { createUiRoutes, INDEX_HTML } from './index.ts';

// A stand-in build: these tests are about serving, the real bundle is built by ui.test.ts.
const app = new Elysia().use(
  await createUiRoutes({ build: async () => ({ js: 'console.log(1)', css: 'body{}' }) }),
);
const get = (path: string, headers: Record<string, string> = {}) =>
  app.handle(new Request(`http://leadlens.test${path}`, { headers }));

describe('UI routes', () => {
  test.each([...UI_PATHS, '/companies/42', '/setup?token=abc'])(
    '%s serves the page',
    async (path) => {
      const res = await get(path);
      expect(res.status).toBe(200);
      expect(await res.text()).toBe(INDEX_HTML);
      const h = res.headers;
      expect(h.get('content-type')).toBe('text/html; charset=utf-8');
      expect(h.get('content-security-policy')).toContain("script-src 'self'");
      expect(h.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(h.get('referrer-policy')).toBe('no-referrer');
      expect(h.get('x-content-type-options')).toBe('nosniff');
    },
  );

  test.each([
    ['/app.js', 'text/javascript; charset=utf-8', 'console.log(1)'],
    ['/app.css', 'text/css; charset=utf-8', 'body{}'],
  ])('%s: no-cache with an ETag, 304 when unchanged', async (path, type, body) => {
    const res = await get(path);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(type);
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(await res.text()).toBe(body);
    const etag = res.headers.get('etag')!;
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
    const again = await get(path, { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    expect((await get(path, { 'if-none-match': '"other"' })).status).toBe(200);
  });

  test.each([
    '/nope',
    '/companies',
    '/sites/1',
    '/../leadlens.db',
    '/%2e%2e/etc/passwd',
    '/app.js.map',
  ])('%s is not a UI path', async (path) => {
    expect((await get(path)).status).toBe(404);
  });

  test('the page loads the bundle and sets the viewport', () => {
    expect(INDEX_HTML).toContain('<script type="module" src="/app.js"></script>');
    expect(INDEX_HTML).toContain('<link rel="stylesheet" href="/app.css">');
    expect(INDEX_HTML).toContain('<meta name="viewport"');
    expect(INDEX_HTML).toContain('<ll-app></ll-app>');
  });
});
