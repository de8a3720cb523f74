// The alerts UI in a real browser against the real server: a trigger built in the rule builder
// (client check, a server 400 on its row, the webhook secret once, which then signs), edited
// across a reload, a test send seen by a receiver on 127.0.0.1 and in the delivery log, a failed
// delivery retried; SMTP settings that never echo the password, with a test e-mail to a real SMTP
// server; the digest opt-in across a reload; a viewer who reads everything and can change nothing;
// and no horizontal overflow at 360 px.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import type { Page } from 'playwright-core';
import { receiver } from '../../src/alerts/delivery/test-kit.ts';
import { hasChromium } from '../../src/testing/browser.ts';
import { BROWSER_UA } from '../../src/testing/server.ts';
import { type Inbox, smtpInbox } from '../../src/testing/smtp.ts';
import { tempDir } from '../../src/testing/tmp.ts';
import { until as waitUntil } from '../../src/testing/until.ts';
import {
  importFixtures,
  openWatchedPage,
  startUiServer,
  type UiServer,
} from '../../src/ui/testing.ts';

const STEP = 10_000;
const PASSWORD = 'smtp-pass-Zq81';
const tmp = tempDir('leadlens-triggers-ui-');
const problems: string[] = [];
// The one refusal the test provokes on purpose: a webhook to a private address.
const expected = new Set(['400 POST /api/triggers']);
let server: UiServer;
let browser: Awaited<ReturnType<typeof openWatchedPage>>['browser'];
let page: Page;
let secret = '';
// Answers: the test send (200), a second test send (500), its retry (200).
const hook = receiver({
  get secret() {
    return secret;
  },
  statuses: [200, 500, 200],
});
let smtp: Inbox;
const smtpBodies: string[] = [];

const until = (what: string, ok: () => boolean | Promise<boolean>, ms = STEP) =>
  waitUntil(what, ok, ms, 50);

/** The delivery log's rows' text, after a click on Refresh. */
async function logRows(): Promise<string[]> {
  await page.click('ll-deliveries button.refresh');
  await page.locator('ll-deliveries tbody tr, ll-deliveries p.card').first().waitFor();
  return page.locator('ll-deliveries tbody tr').allTextContents();
}

const post = (path: string, body: unknown) =>
  page.evaluate(
    async ([p, b]) => {
      const r = await fetch(p as string, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(b),
      });
      return r.json();
    },
    [path, body],
  );

describe.skipIf(!hasChromium)('alerts screens', () => {
  beforeAll(async () => {
    await importFixtures(tmp.dir);
    smtp = await smtpInbox();
    server = await startUiServer(tmp.dir, { env: { WEBHOOK_ALLOW: '127.0.0.1' } });
    ({ browser, page } = await openWatchedPage({ step: STEP, problems, expected }));
    page.on('response', async (r) => {
      if (new URL(r.url()).pathname === '/api/settings/smtp') smtpBodies.push(await r.text());
    });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    hook.stop();
    await smtp?.stop();
    tmp.cleanup();
  });

  let triggerId = 0;

  test('build a trigger: checks, a server refusal on its row, the secret once', async () => {
    await page.goto(server.base + server.setupPath);
    await page.fill('ll-setup #name', 'Ada Owner');
    await page.fill('ll-setup #email', 'ada@example.com');
    await page.fill('ll-setup #password', 'correct horse battery');
    await page.click('ll-setup button.primary');
    await page.waitForURL(/\/sites/);
    const site = (await post('/api/sites', { name: 'Example', domains: ['example.com'] })) as {
      key: string;
    };
    // CanaryCo AG (DE) looks at the pricing page.
    const beacon = await fetch(`${server.base}/e`, {
      method: 'POST',
      headers: {
        'content-type': 'text/plain',
        'user-agent': BROWSER_UA,
        origin: 'https://example.com',
        'x-forwarded-for': '198.51.100.200',
      },
      body: JSON.stringify({ s: site.key, e: 'pageview', u: 'https://example.com/pricing' }),
    });
    expect(beacon.headers.get('x-leadlens-drop')).toBeNull();
    expect(beacon.status).toBe(202);

    await page.goto(`${server.base}/`);
    await page.click('ll-nav a[href="/triggers"]');
    await page.locator('ll-triggers ll-empty-state').waitFor();
    await page.click('ll-triggers a.new');
    await page.waitForURL(/\/triggers\?new=1$/);

    await page.fill('ll-trigger-editor #t-name', 'Pricing from DE');
    const rows = page.locator('ll-trigger-condition');
    await rows.nth(0).locator('input').fill('/pricing*');
    await page.click('ll-trigger-rules button.add-condition');
    expect(await rows.nth(1).locator('select.type').inputValue()).toBe('country');
    await rows.nth(1).locator('input').fill('Germany');
    const actions = page.locator('ll-trigger-actions li');
    await actions.nth(0).locator('select.type').selectOption('webhook');
    await actions.nth(0).locator('input').fill('http://10.1.2.3/hook');
    await page.click('ll-trigger-actions button.add-action');
    await actions.nth(1).locator('input').fill('hot');

    // The client check: on the row, before any request.
    await page.click('ll-trigger-editor button.save');
    await rows.nth(1).locator('.row-error').getByText('Two-letter country codes').waitFor();
    expect(await rows.nth(0).locator('.row-error').count()).toBe(0);

    // The server's refusal lands on the webhook row.
    await rows.nth(1).locator('input').fill('de');
    await page.click('ll-trigger-editor button.save');
    await actions.nth(0).locator('.row-error').getByText('private address').waitFor();
    expect(new URL(page.url()).search).toBe('?new=1');

    await actions.nth(0).locator('input').fill(hook.url('/hook'));
    await page.click('ll-trigger-editor button.save');
    await page.waitForURL(/\/triggers\?id=\d+$/);
    triggerId = Number(new URL(page.url()).searchParams.get('id'));
    secret = (
      (await page.locator('ll-trigger-editor .secret-box code').textContent()) ?? ''
    ).trim();
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await page.locator('ll-trigger-editor .secret-box ll-copy-button').count()).toBe(1);
  }, 30_000);

  test('edit survives a reload; the secret does not; send test → receiver and log', async () => {
    const rows = page.locator('ll-trigger-condition');
    await page.fill('ll-trigger-editor #t-name', 'Pricing from DACH');
    await rows.nth(1).locator('input').fill('DE, AT, CH');
    await page.click('ll-trigger-editor button.save');
    await page.locator('ll-trigger-editor .ok', { hasText: 'Saved' }).waitFor();
    await page.reload();
    await page.locator('ll-trigger-editor h1', { hasText: 'Pricing from DACH' }).waitFor();
    expect(await rows.nth(1).locator('input').inputValue()).toBe('DE, AT, CH');
    expect(await page.locator('ll-trigger-editor .secret-box').count()).toBe(0);
    expect(await page.locator('ll-trigger-editor').textContent()).not.toContain(secret);

    await page.click('ll-trigger-editor button.send-test');
    await page.locator('ll-trigger-editor .test-result.ok', { hasText: '1 message' }).waitFor();
    await until('the webhook', () => hook.got.length === 1);
    // The secret shown once is the one that signs; the message is about CanaryCo, as a test.
    expect(hook.got[0].signatureOk).toBe(true);
    expect(hook.got[0].raw).toContain('CanaryCo AG');

    await page.click('ll-trigger-editor a.deliveries');
    await page.waitForURL(new RegExp(`/triggers/deliveries\\?trigger=${triggerId}$`));
    await until('a sent row', async () => (await logRows()).some((r) => r.includes('Sent')));
    const [row] = await logRows();
    expect(row).toContain('Pricing from DACH');
    expect(row).toContain('Webhook');
    expect(row).toContain('127.0.0.1');

    // The list: name, rules, actions, and no firing yet (a test is not a firing).
    await page.click('ll-deliveries nav.tabs a[href="/triggers"]');
    const card = page.locator('ll-triggers article', { hasText: 'Pricing from DACH' });
    await card.waitFor();
    const text = await card.textContent();
    for (const s of ['/pricing*', 'DE, AT, CH', 'Add a tag: hot', 'Never', 'All sites'])
      expect(text).toContain(s);
    expect(await card.locator('input.toggle').isChecked()).toBe(true);
  }, 30_000);

  test('a new secret (shown once, signs from now on); a failed delivery: last error, retry', async () => {
    await page.goto(`${server.base}/triggers?id=${triggerId}`);
    await page.click('ll-trigger-test button.rotate');
    expect(await page.locator('ll-trigger-editor .secret-box').count()).toBe(0); // one click asks
    await page.click('ll-trigger-test button.rotate.confirm');
    const rotated = (
      (await page.locator('ll-trigger-editor .secret-box code').textContent()) ?? ''
    ).trim();
    expect(rotated).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(rotated).not.toBe(secret);
    secret = rotated;

    await page.click('ll-trigger-editor button.send-test');
    await page.locator('ll-trigger-editor .test-result.ok').waitFor();
    await until('the second webhook', () => hook.got.length === 2);
    expect(hook.got[1].signatureOk).toBe(true);
    // Five failed attempts take hours; the test skips to the end of them.
    await until('the first failure recorded', () =>
      Boolean(
        server.db
          .prepare<{ n: number }>("SELECT count(*) AS n FROM outbox WHERE last_error = 'HTTP 500'")
          .get()?.n,
      ),
    );
    server.db.prepare("UPDATE outbox SET state = 'failed' WHERE last_error = 'HTTP 500'").run();

    await page.goto(`${server.base}/triggers/deliveries`);
    await page.selectOption('ll-deliveries #d-state', 'failed');
    await page.waitForURL(/state=failed/);
    const failed = page.locator('ll-deliveries tbody tr');
    await failed.first().waitFor();
    expect(await failed.count()).toBe(1);
    expect(await failed.textContent()).toContain('HTTP 500');
    await failed.locator('button.retry').click();
    await failed.getByText('Pending').waitFor();
    await until('the retry', () => hook.got.length === 3);
    await page.selectOption('ll-deliveries #d-state', '');
    await until('two sent rows', async () => {
      const rows = await logRows();
      return rows.length === 2 && rows.every((r) => r.includes('Sent'));
    });
  }, 30_000);

  test('SMTP settings: the password is write-only; test e-mail errors and success', async () => {
    await page.goto(`${server.base}/settings`);
    const card = page.locator('ll-smtp-settings');
    await card.locator('#smtp-host').waitFor();
    await card.locator('#smtp-host').fill('127.0.0.1');
    await card.locator('#smtp-tls').selectOption('none');
    // First a port where nothing listens: the test e-mail must fail and say why.
    const gone = Bun.listen({ hostname: '127.0.0.1', port: 0, socket: { data() {} } });
    const closedPort = gone.port;
    gone.stop(true);
    await card.locator('#smtp-port').fill(String(closedPort));
    await card.locator('#smtp-from').fill('Leadlens <alerts@example.com>');
    await card.locator('#smtp-user').fill('mailer');
    await card.locator('#smtp-password').fill(PASSWORD);
    await card.locator('button.save').click();
    await card.locator('.ok', { hasText: 'Saved' }).waitFor();
    expect(await card.locator('#smtp-password').inputValue()).toBe('');
    expect(await card.locator('#smtp-password').getAttribute('placeholder')).toBe('unchanged');

    await page.reload();
    await card.locator('#smtp-host').waitFor();
    expect(await card.locator('#smtp-host').inputValue()).toBe('127.0.0.1');
    expect(await card.locator('#smtp-user').inputValue()).toBe('mailer');
    expect(await card.locator('#smtp-password').inputValue()).toBe('');
    expect(await card.locator('#smtp-password').getAttribute('placeholder')).toBe('unchanged');
    await card.locator('button.send-test').click();
    await card.locator('.result.error', { hasText: 'connection refused' }).waitFor();

    await card.locator('#smtp-port').fill(String(smtp.port));
    await card.locator('button.remove-password').click();
    await card.locator('#smtp-user').fill('');
    await card.locator('button.save').click();
    await card.locator('.ok', { hasText: 'Saved' }).waitFor();
    expect(await card.locator('button.remove-password').count()).toBe(0);
    await card.locator('button.send-test').click();
    await card.locator('.result.ok', { hasText: 'ada@example.com' }).waitFor();
    await until('the e-mail', () => smtp.mails.length === 1);
    expect(smtp.mails[0].subject).toBe('Leadlens test e-mail');
    expect(smtpBodies.length).toBeGreaterThanOrEqual(3);
    for (const body of smtpBodies) expect(body).not.toContain(PASSWORD);
  }, 30_000);

  test('digest opt-in survives a reload', async () => {
    const card = page.locator('ll-digest-settings');
    await card.locator('input[value="weekly"]').check();
    await card.locator('#digest-site').selectOption({ label: 'Example' });
    await card.locator('button.primary').click();
    await card.locator('.ok', { hasText: 'Saved' }).waitFor();
    await page.reload();
    await card.locator('input[value="weekly"]').waitFor();
    expect(await card.locator('input[value="weekly"]').isChecked()).toBe(true);
    expect(await card.locator('#digest-site option:checked').textContent()).toBe('Example');
  }, 30_000);

  test('no horizontal overflow at 360 px', async () => {
    await page.setViewportSize({ width: 360, height: 780 });
    for (const path of [
      '/triggers',
      `/triggers?id=${triggerId}`,
      '/triggers?new=1',
      '/triggers/deliveries',
      '/settings',
    ]) {
      await page.goto(server.base + path);
      await page.locator('main h1').first().waitFor();
      await page.waitForTimeout(150);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect({ path, width }).toEqual({ path, width: 360 });
    }
    await page.setViewportSize({ width: 1440, height: 900 });
  }, 30_000);

  test('a viewer reads triggers and deliveries without a control that would 403', async () => {
    const invite = (await post('/api/invites', { email: 'bob@example.com', role: 'viewer' })) as {
      path: string;
    };
    await page.click('ll-nav button');
    await page.waitForURL(/\/login$/);
    await page.goto(server.base + invite.path);
    await page.fill('ll-invite-accept #name', 'Bob Viewer');
    await page.fill('ll-invite-accept #password', 'another long password');
    await page.click('ll-invite-accept button.primary');
    await page.waitForURL((u) => u.pathname === '/');

    await page.goto(`${server.base}/triggers`);
    const card = page.locator('ll-triggers article', { hasText: 'Pricing from DACH' });
    await card.waitFor();
    expect(await card.locator('.chip').textContent()).toBe('On');
    expect(await page.locator('ll-triggers a.new, ll-triggers input').count()).toBe(0);

    await card.locator('h2 a').click();
    await page.locator('ll-trigger-editor h1', { hasText: 'Pricing from DACH' }).waitFor();
    expect(await page.locator('ll-trigger-condition input').nth(1).inputValue()).toBe('DE, AT, CH');
    expect(await page.locator('ll-trigger-condition input').nth(1).isDisabled()).toBe(true);
    // Only the deliveries link and "All triggers": no save, delete, test, rotate, add or remove.
    expect(
      await page
        .locator(
          'll-trigger-editor button, ll-trigger-rules button, ll-trigger-condition button, ll-trigger-actions button',
        )
        .count(),
    ).toBe(0);

    await page.click('ll-trigger-editor a.deliveries');
    await page.locator('ll-deliveries tbody tr').first().waitFor();
    expect(await page.locator('ll-deliveries button.retry').count()).toBe(0);

    await page.goto(`${server.base}/settings`);
    await page.locator('ll-digest-settings input[value="off"]').waitFor();
    expect(await page.locator('ll-digest-settings input[value="off"]').isChecked()).toBe(true);
    expect(await page.locator('ll-smtp-settings').count()).toBe(0);
    expect(problems).toEqual([]);
  }, 30_000);
});
