import { afterEach, expect, test } from 'bun:test';
import { IP } from '../../leads/test-kit.ts';
import { createHarness, type Harness } from '../../testing/harness.ts';
import { smtpInbox } from '../../testing/smtp.ts';
import { until } from '../../testing/until.ts';
import { writeSmtpSettings } from '../delivery/index.ts';
import { receiver } from '../delivery/test-kit.ts';

const cleanup: Array<() => unknown> = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

test('beacon → trigger → outbox → e-mail on a real SMTP server and a signed webhook', async () => {
  const smtp = await smtpInbox();
  cleanup.push(() => smtp.stop());
  const h: Harness = await createHarness({
    env: { PUBLIC_URL: 'https://leads.example.com', WEBHOOK_ALLOW: '127.0.0.1' },
  });
  cleanup.push(() => h.close());
  writeSmtpSettings(h.db, {
    host: '127.0.0.1',
    port: smtp.port,
    tls: 'none',
    from: 'Leadlens <alerts@leadlens.example>',
  });

  // The receiver learns the secret from the create answer, as an operator would.
  let secret = '';
  const hook = receiver({
    get secret() {
      return secret;
    },
  });
  cleanup.push(() => hook.stop());
  const res = await h.api('POST', '/api/triggers', {
    name: 'Chemicals on pricing',
    siteId: h.siteId,
    frequency: 'visit',
    rules: {
      match: 'all',
      conditions: [
        { type: 'industry', contains: 'chem' },
        { type: 'page', pattern: '/pricing*' },
      ],
    },
    actions: [
      { type: 'email', to: ['sales@example.com'] },
      { type: 'webhook', url: hook.url('/leadlens') },
    ],
  });
  expect(res.status).toBe(201);
  const created = (await res.json()) as { trigger: { id: number }; secret: string };
  secret = created.secret;

  for (const path of ['/', '/pricing/enterprise', '/contact']) {
    const b = await h.beacon(
      { s: h.siteKey, e: 'pageview', u: `https://example.com${path}`, t: path, w: 1440 },
      IP.canary,
    );
    expect(b.status).toBe(202);
    h.now.t += 1000;
  }

  await until('the e-mail', () => smtp.mails.length >= 1, 8000);
  await until('the webhook', () => hook.got.length >= 1, 8000);
  // Once per visit: the third pageview matched too, and sent nothing more.
  await Bun.sleep(400);
  expect(smtp.mails).toHaveLength(1);
  expect(hook.got).toHaveLength(1);

  const mail = smtp.mails[0];
  expect(mail.subject).toBe('CanaryCo AG is on Example (Chemicals on pricing)');
  expect(mail.text).toContain('/pricing/enterprise');
  expect(String(mail.html)).toMatch(/href="https:\/\/leads\.example\.com\/companies\/\d+"/);

  const got = hook.got[0];
  expect(got.path).toBe('/leadlens');
  expect(got.signatureOk).toBe(true);
  expect(got.json).toMatchObject({
    schema: 'leadlens.trigger/1',
    trigger: { id: created.trigger.id, name: 'Chemicals on pricing' },
    company: { name: 'CanaryCo AG', country: 'DE', industry: 'Chemicals' },
    visit: { pages: ['/', '/pricing/enterprise'] },
    site: { id: h.siteId, name: 'Example' },
  });
  // No visitor address anywhere in what left the server.
  expect(got.raw + mail.text + String(mail.html)).not.toMatch(/198\.51\.100|203\.0\.113/);
});
