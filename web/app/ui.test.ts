// The admin UI end to end: real Chromium, the real server on a temp data dir, beacons over real
// HTTP from a fixture company network. Screenshots go to a temp dir (printed), never the repo.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { hasChromium } from '../../src/testing/browser.ts';
import { BROWSER_UA } from '../../src/testing/server.ts';
import { tempDir } from '../../src/testing/tmp.ts';
import {
  importFixtures,
  openWatchedPage,
  startUiServer,
  type UiServer,
} from '../../src/ui/testing.ts';

const STEP = 10_000; // per wait: generous for a loaded CI machine, bounded all the same
const tmp = tempDir('leadlens-ui-');
const shots = mkdtempSync(join(tmpdir(), 'leadlens-ui-shots-'));
let server: UiServer;
let browser: { context: BrowserContext; close: () => Promise<void> };
let page: Page;
const problems: string[] = [];

/** One beacon "from" a CanaryCo address (198.51.100.128/25), via the trusted-proxy header. */
async function beacon(body: Record<string, unknown>) {
  const res = await fetch(`${server.base}/e`, {
    method: 'POST',
    headers: {
      'content-type': 'text/plain',
      'user-agent': BROWSER_UA,
      origin: 'https://example.com',
      'x-forwarded-for': '198.51.100.200',
    },
    body: JSON.stringify(body),
  });
  expect(res.headers.get('x-leadlens-drop')).toBeNull();
  expect(res.status).toBeLessThan(300);
}

/** The text inside a component's shadow root (textContent on a host does not reach it). */
const textOf = async (selector: string) =>
  (await page.locator(`${selector} >> :scope > *`).allTextContents()).join(' ');

const shot = (name: string, fullPage = true) =>
  page.screenshot({ path: join(shots, `${name}.png`), fullPage, timeout: STEP });

const describeUi = hasChromium ? describe : describe.skip;
if (!hasChromium) console.warn('ui.test.ts skipped: /usr/bin/chromium is not installed');

describeUi('admin UI in a real browser', () => {
  beforeAll(async () => {
    await importFixtures(tmp.dir);
    server = await startUiServer(tmp.dir);
    ({ browser, page } = await openWatchedPage({ step: STEP, problems }));
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    tmp.cleanup();
    console.log(`ui.test.ts screenshots: ${shots}`);
  });

  test('setup link → owner account → site with its snippet', async () => {
    expect(server.setupPath).toStartWith('/setup?token=');
    const res = await page.goto(server.base + server.setupPath);
    expect(res?.headers()['content-security-policy']).toContain("script-src 'self'");
    expect(res?.headers()['referrer-policy']).toBe('no-referrer');
    await page.fill('ll-setup #name', 'Ada Owner');
    await page.fill('ll-setup #email', 'ada@example.com');
    await page.fill('ll-setup #password', 'correct horse battery');
    await page.click('ll-setup button.primary');
    // A new owner lands on "add a site".
    await page.waitForURL(/\/sites\?new=1$/);
    await page.fill('ll-site-editor #name', 'Example');
    await page.fill('ll-site-editor #domains', 'example.com');
    await page.click('ll-site-editor button.primary');
    await page.waitForURL(/\/sites\?site=\d+$/);
    const snippet = await page.locator('ll-site-install pre').textContent();
    expect(snippet).toContain(`${server.base}/t.js`);
    expect(snippet).toMatch(/data-site="[a-z2-7]{20}"/);
    await shot('01-site');
  }, 30_000);

  test('beacons from a company network → live view and inbox', async () => {
    const key = /data-site="([a-z2-7]+)"/.exec(
      (await page.locator('ll-site-install pre').textContent()) ?? '',
    )![1];
    await page.click('ll-nav a[href="/live"]');
    await page.waitForSelector('ll-live .conn.open');
    await beacon({
      s: key,
      e: 'pageview',
      u: 'https://example.com/pricing?utm_source=newsletter&utm_campaign=spring',
      r: 'https://www.google.com/',
      t: 'Pricing <img src=x onerror=alert(1)>',
      w: 1440,
    });
    await beacon({
      s: key,
      e: 'engagement',
      u: 'https://example.com/pricing?utm_source=newsletter&utm_campaign=spring',
      m: 42_000,
    });
    await beacon({ s: key, e: 'pageview', u: 'https://example.com/docs/setup', t: 'Setup guide' });
    // The live feed updates without a reload.
    await page.locator('ll-live li', { hasText: 'CanaryCo AG' }).waitFor();
    expect(await page.locator('ll-live li', { hasText: 'CanaryCo AG' }).textContent()).toContain(
      '/',
    );
    await shot('02-live');

    await page.click('ll-nav nav a[href="/"]');
    const row = page.locator('ll-inbox .r', { hasText: 'CanaryCo AG' });
    await row.waitFor();
    expect(await row.locator('.new').count()).toBe(1);
    expect(await row.locator('.badge').textContent()).toBe('Business');
    await shot('03-inbox');
  }, 30_000);

  test('profile: the visit and its pages; tag, note and status', async () => {
    await page.click('ll-inbox .r a:has-text("CanaryCo AG")');
    await page.waitForURL(/\/companies\/\d+$/);
    const visits = page.locator('ll-visit-timeline');
    await visits.locator('.page').first().waitFor();
    const timeline = await textOf('ll-visit-timeline');
    for (const text of ['/pricing', '/docs/setup', 'www.google.com', 'utm_source: newsletter'])
      expect(timeline).toContain(text);
    // The title with markup is text, not markup.
    expect(timeline).toContain('Pricing <img src=x onerror=alert(1)>');
    // How it was identified: the companies-CSV range, never an address.
    const facts = await textOf('ll-company-facts');
    expect(facts).toContain('companies');
    expect(facts).not.toMatch(/198\.51\.100\.\d/);

    await page.fill('ll-company-notes #tag', 'hot-lead');
    await page.click('ll-company-notes form.inline button');
    await page.locator('ll-company-notes .tag', { hasText: 'hot-lead' }).waitFor();
    await page.fill('ll-company-notes #note', 'Called them <b>today</b>.');
    await page.click('ll-company-notes button.primary');
    await page.locator('ll-company-notes li', { hasText: 'Called them <b>today</b>.' }).waitFor();
    await page.selectOption('ll-company #status', 'qualified');
    await page.waitForResponse(
      (r) => r.url().includes('/api/companies/') && r.request().method() === 'GET',
    );
    await page.reload();
    await page.locator('ll-company-notes .tag', { hasText: 'hot-lead' }).waitFor();
    expect(await page.locator('ll-company #status').inputValue()).toBe('qualified');
    await shot('04-company');
  }, 30_000);

  test('filter and search the inbox', async () => {
    await page.click('ll-company a.back');
    const rows = page.locator('ll-inbox .r:not(.head)');
    await rows.first().waitFor();
    await page.click('ll-inbox-filters button[aria-controls="more-filters"]');
    await page.fill('ll-inbox-filters #f-tag', 'hot-lead');
    await page.press('ll-inbox-filters #f-tag', 'Enter');
    await page.waitForURL(/tag=hot-lead/);
    await rows.filter({ hasText: 'CanaryCo AG' }).waitFor();
    await page.selectOption('ll-inbox-filters #f-status', 'customer');
    await page.locator('ll-inbox ll-empty-state').waitFor();
    await page.click('ll-inbox ll-empty-state button');
    await rows.first().waitFor();
    // Typed key by key with a pause: the query runs mid-word and focus must stay in the field.
    await page.locator('ll-inbox-filters #q').pressSequentially('can');
    await page.waitForURL(/q=can/);
    await page.keyboard.type('ary');
    await page.waitForURL(/q=canary/);
    expect(await page.locator('ll-inbox-filters #q').inputValue()).toBe('canary');
    expect(await page.locator('ll-inbox-filters ll-site-select option').allTextContents()).toEqual([
      'All sites',
      'Example',
    ]);
    await rows.filter({ hasText: 'CanaryCo AG' }).waitFor();
    await page.fill('ll-inbox-filters #q', 'no such company');
    await page.locator('ll-inbox ll-empty-state').waitFor();
    await page.fill('ll-inbox-filters #q', '');
    await rows.first().waitFor();
    // Keyboard: the company link is a tab stop and Enter opens the profile.
    await page.locator('ll-inbox .r a').first().focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/companies\/\d+$/);
    await page.goBack();
    await rows.first().waitFor();
    // "New since last look" clears when the user marks the inbox seen.
    expect(await rows.locator('.new').count()).toBe(1);
    await page.click('ll-inbox .summary button');
    await page.waitForFunction(
      () =>
        !document
          .querySelector('ll-app')
          ?.shadowRoot?.querySelector('ll-inbox')
          ?.shadowRoot?.querySelector('.new'),
    );
  }, 30_000);

  test('French, narrow screens, sign out', async () => {
    await page.selectOption('ll-nav ll-lang-switch select', 'fr');
    await page.waitForFunction(() => document.documentElement.lang === 'fr');
    expect(await page.locator('ll-nav nav a[href="/"]').textContent()).toBe('Entreprises');
    expect(await page.locator('ll-inbox h1').textContent()).toBe('Entreprises');
    expect(await page.locator('ll-inbox .badge').first().textContent()).toBe('Entreprise');
    await page.click('ll-nav a[href="/settings"]');
    await page.locator('ll-sources a[href="https://db-ip.com"]').waitFor();
    expect(await page.locator('ll-settings h1').textContent()).toBe('Paramètres');

    await page.setViewportSize({ width: 360, height: 780 });
    const company = new URL(page.url()).pathname; // the settings screen: go back to a profile
    await page.goto(`${server.base}/?q=canary`);
    await page.click('ll-inbox .r a');
    await page.waitForURL(/\/companies\/\d+$/);
    const profile = new URL(page.url()).pathname;
    for (const path of [
      '/',
      profile,
      '/live',
      '/overview',
      '/sites',
      '/sites?site=1',
      '/triggers',
      '/triggers?new=1',
      '/triggers/deliveries',
      company,
    ]) {
      await page.goto(server.base + path);
      await page.locator('main h1').first().waitFor();
      await page.waitForTimeout(200); // charts and lists settle
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect({ path, width }).toEqual({ path, width: 360 });
      await shot(`05-360-fr${path.replace(/[/?=]/g, '_')}`);
    }
    await page.setViewportSize({ width: 1440, height: 900 });

    await page.click('ll-nav button');
    await page.waitForURL(/\/login$/);
    // The choice of language survives the session.
    expect(await page.locator('ll-auth-card h1').textContent()).toBe('Connexion');
    expect(await page.evaluate(() => fetch('/api/auth/me').then((r) => r.status))).toBe(401);
  }, 30_000);

  test('invite a viewer: the link, the account, a read-only profile', async () => {
    await page.fill('ll-login #email', 'ada@example.com');
    await page.fill('ll-login #password', 'correct horse battery');
    await page.click('ll-login button.primary');
    await page.waitForURL((u) => u.pathname === '/');
    await page.click('ll-nav a[href="/settings"]');
    await page.fill('ll-users #inv-email', 'bob@example.com');
    await page.selectOption('ll-users #inv-role', 'viewer');
    await page.click('ll-users form.invite button');
    const link = (await page.locator('ll-users .link-box code').textContent()) ?? '';
    expect(link).toStartWith(`${server.base}/invite?token=`);
    await page.click('ll-nav button');
    await page.waitForURL(/\/login$/);

    await page.goto(link);
    expect(await textOf('ll-invite-accept ll-auth-card')).toContain('bob@example.com');
    await page.fill('ll-invite-accept #name', 'Bob Viewer');
    await page.fill('ll-invite-accept #password', 'another long password');
    await page.click('ll-invite-accept button.primary');
    await page.waitForURL((u) => u.pathname === '/');
    await page.click('ll-inbox .r a');
    await page.waitForURL(/\/companies\/\d+$/);
    await page.locator('ll-company-notes .tag').first().waitFor();
    // Viewers read: the status is shown but locked, tags and notes have no controls.
    expect(await page.locator('ll-company #status').isDisabled()).toBe(true);
    expect(await page.locator('ll-company-notes form').count()).toBe(0);
    await page.click('ll-nav button');
    await page.waitForURL(/\/login$/);
    expect(problems).toEqual([]);
  }, 30_000);
});
