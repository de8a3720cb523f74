// End to end in a real browser: a page with the snippet, served from one origin, loads t.js from
// a real Leadlens server on another; the visit must land in the database as its company's.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { writeFileSync } from 'node:fs';
import { createClassifier } from '../classify/index.ts';
import { loadConfig } from '../config/index.ts';
import { createLogger } from '../log/index.ts';
import { type Server, startServer } from '../serve.ts';
import { createSiteService } from '../sites/index.ts';
import { FORMATS, importSource, silentProgress } from '../sources/index.ts';
import { DESKTOP_UA, hasChromium, launchBrowser } from '../testing/browser.ts';
import { tempDir } from '../testing/tmp.ts';

const tmp = tempDir();
let server: Server;
let pages: ReturnType<typeof Bun.serve>;
let siteKey = '';

beforeAll(async () => {
  const config = loadConfig(
    {},
    { DATA_DIR: tmp.dir, PORT: '0', IMPORT_DEFAULT: 'false', LEADLENS_ENV: 'test' },
  );
  const log = createLogger('error');
  server = await startServer(config, log);
  // The browser connects from loopback: a companies-CSV range makes 127.0.0.1 a known company.
  const csv = tmp.path('companies.csv');
  writeFileSync(
    csv,
    'range,name,domain,country\n127.0.0.0/8,Loopback Test Co,loopback.example,NL\n::1/128,Loopback Test Co,loopback.example,NL\n',
  );
  await importSource(server.db, {
    format: 'companies',
    spec: FORMATS.companies,
    files: [csv],
    classify: createClassifier(),
    progress: silentProgress,
  });
  server.index.reload(server.db);
  siteKey = createSiteService(server.db).create({ name: 'Fixture', domains: ['localhost'] }).key;
  const leadlens = `http://127.0.0.1:${server.port}`;
  pages = Bun.serve({
    hostname: '127.0.0.1',
    port: 0,
    fetch: (req) => {
      const path = new URL(req.url).pathname;
      const html = `<!doctype html><html><head><title>Fixture ${path}</title>
<script defer src="${leadlens}/t.js" data-site="${siteKey}"></script></head>
<body><a id="next" href="#">next</a><script>
document.getElementById('next').onclick = (e) => { e.preventDefault(); history.pushState({}, '', '/pricing'); document.title = 'Pricing'; };
</script></body></html>`;
      return new Response(html, { headers: { 'content-type': 'text/html' } });
    },
  });
});

afterAll(async () => {
  pages?.stop(true);
  await server?.stop();
  tmp.cleanup();
});

describe.skipIf(!hasChromium)('tracker → server → database, in chromium', () => {
  test('a pageview, an SPA navigation and engagement become one visit of the company', async () => {
    const browser = await launchBrowser({ userAgent: DESKTOP_UA });
    try {
      const page = await browser.context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`http://localhost:${pages.port}/?utm_source=e2e&private=1`);
      await page.waitForTimeout(1300); // engagement is only sent after a second of visible time
      await page.click('#next');
      const deadline = Date.now() + 10_000;
      const visit = () =>
        server.db
          .prepare<{
            name: string;
            pageviews: number;
            utm_source: string;
            landing_path: string;
            engaged_ms: number;
          }>(
            `SELECT c.name, v.pageviews, v.utm_source, v.landing_path, v.engaged_ms
               FROM visits v JOIN companies c ON c.id = v.company_id`,
          )
          .get();
      while (Date.now() < deadline && (visit()?.pageviews ?? 0) < 2) await Bun.sleep(100);
      expect(visit()).toMatchObject({
        name: 'Loopback Test Co',
        pageviews: 2,
        utm_source: 'e2e',
        landing_path: '/',
      });
      expect(visit()!.engaged_ms).toBeGreaterThan(1000);
      const paths = server.db
        .prepare<{ path: string }>('SELECT path FROM pageviews ORDER BY id')
        .all()
        .map((r) => r.path);
      expect(paths).toEqual(['/', '/pricing']);
      expect(errors).toEqual([]);
      expect(await browser.context.cookies()).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 60_000);
});
