// The API tokens screen in a real browser against the real server: reached from Settings, a
// token created shows its secret once (and it works on /api/v1), the list shows name, scope,
// prefix and last use, and revoking (two clicks) stops the token.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import type { Page } from 'playwright-core';
import { hasChromium } from '../../src/testing/browser.ts';
import { tempDir } from '../../src/testing/tmp.ts';
import {
  importFixtures,
  openWatchedPage,
  startUiServer,
  type UiServer,
} from '../../src/ui/testing.ts';

const STEP = 10_000;
const tmp = tempDir('leadlens-tokens-ui-');
let server: UiServer;
let browser: Awaited<ReturnType<typeof openWatchedPage>>['browser'];
let page: Page;
const problems: string[] = [];

const api = (secret: string) =>
  fetch(`${server.base}/api/v1/sites`, { headers: { authorization: `Bearer ${secret}` } });

describe.skipIf(!hasChromium)('API tokens screen', () => {
  beforeAll(async () => {
    await importFixtures(tmp.dir);
    server = await startUiServer(tmp.dir);
    ({ browser, page } = await openWatchedPage({ step: STEP, problems }));
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    tmp.cleanup();
  });

  test('create (secret once, copy button), list, revoke with confirm', async () => {
    await page.goto(server.base + server.setupPath);
    await page.fill('ll-setup #name', 'Ada Owner');
    await page.fill('ll-setup #email', 'ada@example.com');
    await page.fill('ll-setup #password', 'correct horse battery');
    await page.click('ll-setup button.primary');
    await page.waitForURL(/\/sites/);

    await page.goto(`${server.base}/settings`);
    await page.click('ll-settings a[href="/settings/api-tokens"]');
    await page.waitForURL(/\/settings\/api-tokens$/);
    await page.locator('ll-api-tokens').getByText('No tokens yet.').waitFor();

    await page.fill('ll-api-tokens #tok-name', 'CRM sync');
    await page.selectOption('ll-api-tokens #tok-scope', 'write');
    await page.click('ll-api-tokens form.create button.primary');
    const secret = (
      (await page.locator('ll-api-tokens .secret-box code').textContent()) ?? ''
    ).trim();
    expect(secret).toMatch(/^ll_[A-Za-z0-9_-]{43}$/);
    expect(await page.locator('ll-api-tokens .secret-box ll-copy-button').count()).toBe(1);
    const row = page.locator('ll-api-tokens tbody tr').first();
    await row.getByText('CRM sync').waitFor();
    expect(await row.textContent()).toContain('Read and write');
    expect(await row.textContent()).toContain(`${secret.slice(0, 9)}…`);
    expect(await row.textContent()).toContain('Never');

    expect((await api(secret)).status).toBe(200);
    // Back on the screen later: the list, but the secret is gone for good.
    await page.goto(`${server.base}/settings/api-tokens`);
    await row.getByText('CRM sync').waitFor();
    expect(await page.locator('ll-api-tokens .secret-box').count()).toBe(0);
    expect(await page.locator('ll-api-tokens').textContent()).not.toContain(secret.slice(9));
    expect(await row.textContent()).not.toContain('Never'); // last used: just now

    await row.locator('button.danger').click();
    expect((await api(secret)).status).toBe(200); // one click only asks
    await row.locator('button.danger.confirm').click();
    await row.getByText('Revoked').waitFor();
    expect((await api(secret)).status).toBe(401);
    expect(problems).toEqual([]);
  }, 60_000);
});
