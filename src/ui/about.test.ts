import { describe, expect, test } from 'bun:test';
import { Elysia } from 'elysia';
import { openDatabase } from '../db/index.ts';
import { tempDir } from '../testing/tmp.ts';
import { aboutHtml, escapeHtml } from './about.ts';
import { createUiRoutes } from './index.ts';
import { importFixtures } from './testing.ts';

const build = async () => ({ js: '', css: '' });

describe('/about', () => {
  test('escapes every value and links only http(s)', () => {
    const page = aboutHtml([
      {
        text: '<script>alert(1)</script>',
        url: 'javascript:alert(1)',
        licence: 'CC "BY"',
        licenceUrl: 'https://user:pw@evil.example/',
        sources: ['a&b'],
      },
      {
        text: 'NRO',
        url: 'https://www.nro.net/?a=1&b="2"',
        licence: null,
        licenceUrl: null,
        sources: [],
      },
    ]);
    expect(page).not.toContain('<script>');
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).not.toContain('javascript:');
    expect(page).not.toContain('evil.example');
    expect(page).toContain('CC &quot;BY&quot;');
    expect(page).toContain('(a&amp;b)');
    expect(page).toContain(
      '<a href="https://www.nro.net/?a=1&amp;b=%222%22" rel="noopener noreferrer">NRO</a>',
    );
  });

  test('no credits: says so', () => {
    expect(aboutHtml([])).toContain('No loaded data source asks for a credit.');
  });

  test('escapeHtml', () =>
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;',
    ));

  test('served without a session from the loaded sources, only when given a db', async () => {
    const tmp = tempDir('leadlens-about-');
    try {
      await importFixtures(tmp.dir);
      const db = openDatabase(`${tmp.dir}/leadlens.db`);
      try {
        const app = new Elysia().use(await createUiRoutes({ build, db }));
        const res = await app.handle(new Request('http://leadlens.test/about'));
        expect(res.status).toBe(200);
        expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
        expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
        const body = await res.text();
        expect(body).toContain(
          '<a href="https://db-ip.com/" rel="noopener noreferrer">IP Geolocation by DB-IP</a>',
        );
        expect(body).toContain('RouteViews');
        expect(body).toContain('CC BY 4.0');
      } finally {
        db.close();
      }
      const without = new Elysia().use(await createUiRoutes({ build }));
      expect((await without.handle(new Request('http://leadlens.test/about'))).status).toBe(404);
    } finally {
      tmp.cleanup();
    }
  });
});
