// The docs page in a real browser, under its own CSP: Swagger UI renders every /api/v1 operation,
// the browser reports no CSP violation and requests nothing from another origin, and "Try it out"
// with a token reaches the API.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { hasChromium, launchBrowser } from '../testing/browser.ts';
import { createHarness, type Harness } from '../testing/harness.ts';
import { mintToken } from './test-kit.ts';

let h: Harness;
let server: ReturnType<typeof Bun.serve>;

beforeAll(async () => {
  h = await createHarness();
  server = Bun.serve({ hostname: '127.0.0.1', port: 0, fetch: (req) => h.handle(req) });
});
afterAll(async () => {
  server.stop(true);
  await h.close();
});

describe.skipIf(!hasChromium)('GET /openapi in chromium', () => {
  test('renders every operation with no CSP violation and no outside request', async () => {
    const origin = `http://127.0.0.1:${server.port}`;
    const { secret } = await mintToken(h, 'read');
    const b = await launchBrowser();
    try {
      const page = await b.context.newPage();
      const problems: string[] = [];
      const outside: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error' || /Content Security Policy/i.test(m.text()))
          problems.push(m.text());
      });
      page.on('pageerror', (e) => problems.push(String(e)));
      page.on('response', (r) => {
        if (r.status() >= 400 && !r.url().includes('/api/v1/'))
          problems.push(`${r.status()} ${r.url()}`);
      });
      page.on('request', (r) => {
        if (!r.url().startsWith(origin) && !r.url().startsWith('data:')) outside.push(r.url());
      });
      await page.goto(`${origin}/openapi`);
      await page.waitForSelector('.opblock', { timeout: 20_000 });
      const ops = await page.locator('.opblock').count();
      const v1 = h.app.routes.filter((r) => r.path.startsWith('/api/v1/')).length;
      expect(ops).toBe(v1);

      // Authorize with the token, then run GET /api/v1/sites from the page.
      await page.click('button.authorize');
      await page.fill('.modal-ux input[type=text], .modal-ux input[type=password]', secret);
      await page.click('.modal-ux button.authorize');
      await page.click('.modal-ux button.btn-done, .modal-ux .close-modal');
      const op = page.locator('#operations-sites-getApiV1Sites');
      await op.locator('.opblock-summary').click();
      await op.locator('button.try-out__btn').click();
      await op.locator('button.execute').click();
      const cell = op.locator('.live-responses-table tbody .response-col_status').first();
      await cell.waitFor();
      expect(((await cell.textContent()) ?? '').trim()).toBe('200');
      expect(await op.locator('.live-responses-table tbody').textContent()).toContain(
        'example.com',
      );
      // The biggest operation (every inbox filter, the row schema) and the schemas section.
      const list = page.locator('#operations-companies-getApiV1Companies');
      await list.locator('.opblock-summary').click();
      await list.locator('.parameters-container').waitFor();
      await list.getByText('Schema', { exact: true }).first().click();

      expect(problems).toEqual([]);
      expect(outside).toEqual([]);
    } finally {
      await b.close();
    }
  }, 60_000);
});
