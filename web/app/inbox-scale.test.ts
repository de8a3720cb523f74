// The inbox at 200 000 companies, in a real browser: the real server and session, with
// GET /api/companies stubbed to serve 200 k rows by cursor (like the real route), so the test
// measures the UI alone: bounded DOM, pages fetched while scrolling, frame times.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { DESKTOP_UA, hasChromium, launchBrowser } from '../../src/testing/browser.ts';
import { tempDir } from '../../src/testing/tmp.ts';
import { startUiServer, type UiServer } from '../../src/ui/testing.ts';

const tmp = tempDir('leadlens-ui-scale-');
let server: UiServer;
let browser: { context: BrowserContext; close: () => Promise<void> };
let page: Page;

const describeUi = hasChromium ? describe : describe.skip;
if (!hasChromium) console.warn('inbox-scale.test.ts skipped: /usr/bin/chromium is not installed');

describeUi('inbox at 200 000 companies', () => {
  beforeAll(async () => {
    server = await startUiServer(tmp.dir);
    browser = await launchBrowser({
      userAgent: DESKTOP_UA,
      viewport: { width: 1440, height: 900 },
    });
    page = await browser.context.newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(server.base + server.setupPath);
    await page.fill('ll-setup #name', 'Ada Owner');
    await page.fill('ll-setup #email', 'ada@example.com');
    await page.fill('ll-setup #password', 'correct horse battery');
    await page.click('ll-setup button.primary');
    await page.waitForURL(/\/sites/);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    tmp.cleanup();
  });

  test('stays virtualised and fetches pages while scrolling', async () => {
    let pages = 0;
    await page.route('**/api/companies?*', (route) => {
      pages++;
      const q = new URL(route.request().url()).searchParams;
      const start = Number(q.get('cursor') ?? 0);
      const limit = Number(q.get('limit'));
      const at = new Date().toISOString();
      const items = Array.from({ length: limit }, (_, k) => ({
        id: start + k + 1,
        name: `Company ${start + k + 1}`,
        domain: `c${start + k + 1}.example`,
        country: 'DE',
        city: 'Berlin',
        industry: null,
        employees: null,
        class: 'business',
        status: 'new',
        tags: [],
        visits: 3,
        pageviews: 9,
        engagedMs: 1000,
        firstVisitAt: at,
        lastVisitAt: at,
        score: 50,
        isNew: false,
      }));
      const next = start + limit < 200_000 ? String(start + limit) : null;
      return route.fulfill({
        json: { items, total: 200_000, totalCapped: false, nextCursor: next },
      });
    });
    await page.goto(`${server.base}/?q=stub`);
    await page.locator('ll-inbox .r a').first().waitFor();
    const frames = await page.evaluate(async () => {
      const times: number[] = [];
      let last = performance.now();
      let on = true;
      const tick = (t: number) => {
        times.push(t - last);
        last = t;
        if (on) requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
      for (let i = 0; i < 150; i++) {
        window.scrollBy(0, 400);
        await new Promise((r) => setTimeout(r, 16));
      }
      on = false;
      return times.slice(1).sort((a, b) => a - b);
    });
    await page.screenshot({ path: join(tmp.dir, 'inbox-scrolled.png') });
    const rows = await page.locator('ll-inbox .r:not(.head)').count();
    const p95 = frames[Math.floor(frames.length * 0.95)];
    console.log(
      `inbox scroll: ${pages} pages fetched, ${rows} rows in the DOM, frame p95 ${p95.toFixed(1)} ms`,
    );
    expect(pages).toBeGreaterThan(5); // 60 000 px of scrolling needs ~1000 rows
    expect(rows).toBeLessThan(120); // only what is on screen (plus a margin) is rendered
    expect(await page.locator('ll-inbox .summary').textContent()).toContain('200,000');
  }, 30_000);
});
