import { afterEach, describe, expect, test } from 'bun:test';
import { smtpInbox } from '../../testing/smtp.ts';
import {
  createMailer,
  readSmtpSettings,
  smtpErrorMessage,
  smtpSettingsView,
  writeSmtpSettings,
} from './email.ts';
import { scrubAddresses } from './errors.ts';
import { createOutbox } from './outbox.ts';
import { tempDb } from './test-kit.ts';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function setup() {
  const t = tempDb();
  cleanups.push(() => {
    t.db.close();
    t.tmp.cleanup();
  });
  return t;
}

describe('e-mail over SMTP', () => {
  test('without auth: the outbox delivers; the message parses with subject, text, html and id header', async () => {
    const inbox = await smtpInbox();
    cleanups.push(inbox.stop);
    const { db } = setup();
    writeSmtpSettings(db, {
      host: '127.0.0.1',
      port: inbox.port,
      tls: 'none',
      from: 'Leadlens <alerts@leadlens.example>',
    });
    const outbox = createOutbox({ db, config: { webhookAllow: [] }, options: { autoKick: false } });
    cleanups.push(() => outbox.close());
    const id = outbox.enqueue(
      {
        kind: 'email',
        to: ['sales@example.com', 'ceo@example.com'],
        subject: 'CanaryCo AG is on your pricing page',
        text: 'CanaryCo AG (Hamburg, Chemicals) viewed /pricing.',
        html: '<p><b>CanaryCo AG</b> viewed /pricing.</p>',
      },
      { triggerId: null, companyId: null },
    );
    expect(await outbox.runDue()).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(inbox.mails).toHaveLength(1);
    const m = inbox.mails[0];
    expect(m.subject).toBe('CanaryCo AG is on your pricing page');
    expect(m.text?.trim()).toBe('CanaryCo AG (Hamburg, Chemicals) viewed /pricing.');
    expect(m.html).toContain('<b>CanaryCo AG</b>');
    expect(m.from?.value[0]).toEqual({ address: 'alerts@leadlens.example', name: 'Leadlens' });
    expect(m.headers.get('x-leadlens-delivery')).toBe(String(id));
    expect(inbox.envelopes[0].to).toEqual(['sales@example.com', 'ceo@example.com']);
    expect(inbox.logins).toEqual([]);
  });

  test('with auth: the stored user and password log in; a wrong password fails with the SMTP reply', async () => {
    const inbox = await smtpInbox({ user: 'mailer', password: 'right password' });
    cleanups.push(inbox.stop);
    const { db } = setup();
    const settings = {
      host: '127.0.0.1',
      port: inbox.port,
      tls: 'none' as const,
      user: 'mailer',
      password: 'right password',
      from: 'alerts@leadlens.example',
    };
    writeSmtpSettings(db, settings);
    const mailer = createMailer({ db, timeoutMs: 5000 });
    await mailer.send({ to: ['owner@example.com'], subject: 'Hi', text: 'auth works' });
    expect(inbox.logins).toEqual(['mailer']);
    expect(inbox.mails[0].text?.trim()).toBe('auth works');

    writeSmtpSettings(db, { ...settings, password: 'wrong password' });
    const err = await mailer
      .send({ to: ['owner@example.com'], subject: 'Hi', text: 'x' })
      .catch((e: Error) => e);
    expect((err as Error).message).toMatch(/^SMTP authentication failed: 535/);
    expect((err as Error).message).not.toContain('wrong password');
    expect((err as Error).message).not.toContain('127.0.0.1');
    expect(inbox.mails).toHaveLength(1);
  });

  test('no server listening: a retryable failure without the address', async () => {
    const inbox = await smtpInbox();
    const port = inbox.port;
    await inbox.stop();
    const { db } = setup();
    writeSmtpSettings(db, { host: '127.0.0.1', port, tls: 'none', from: 'a@leadlens.example' });
    const err = await createMailer({ db, timeoutMs: 3000 })
      .send({ to: ['x@example.com'], subject: 's', text: 't' })
      .catch((e: Error) => e);
    expect((err as Error).message).toMatch(
      /could not connect to the SMTP server|connection refused/,
    );
    expect((err as Error).message).not.toMatch(/127\.0\.0\.1|:\d{2,5}\b/);
  });

  test('not configured: the delivery waits and retries (the operator may configure SMTP meanwhile)', async () => {
    const { db } = setup();
    const outbox = createOutbox({ db, config: { webhookAllow: [] }, options: { autoKick: false } });
    cleanups.push(() => outbox.close());
    outbox.enqueue(
      { kind: 'email', to: ['a@example.com'], subject: 's', text: 't', html: '' },
      { triggerId: null, companyId: null },
    );
    expect(await outbox.runDue()).toEqual({ sent: 0, retried: 1, failed: 0 });
    expect(outbox.list()?.items[0].lastError).toBe('SMTP is not configured (Settings → E-mail)');
  });
});

describe('SMTP settings', () => {
  test('the password is kept when absent, removed with null, never in the view', () => {
    const { db } = setup();
    const base = {
      host: 'smtp.example.com',
      port: 587,
      tls: 'starttls' as const,
      from: 'a@example.com',
    };
    writeSmtpSettings(db, { ...base, user: 'u', password: 'p4ss' });
    writeSmtpSettings(db, { ...base, port: 2525, user: 'u' });
    expect(readSmtpSettings(db)).toMatchObject({ port: 2525, user: 'u', password: 'p4ss' });
    const view = smtpSettingsView(readSmtpSettings(db));
    expect(view).toEqual({
      configured: true,
      host: 'smtp.example.com',
      port: 2525,
      tls: 'starttls',
      user: 'u',
      from: 'a@example.com',
      passwordSet: true,
    });
    expect(JSON.stringify(view)).not.toContain('p4ss');
    expect(() => writeSmtpSettings(db, { ...base, user: 'u', password: null })).toThrow(
      'a user name needs a password',
    );
    writeSmtpSettings(db, { ...base, user: null, password: null });
    expect(smtpSettingsView(readSmtpSettings(db)).passwordSet).toBe(false);
    expect(smtpSettingsView(null).configured).toBe(false);
  });
});

describe('error text', () => {
  const cases: [unknown, string][] = [
    [
      { code: 'EAUTH', response: '535 5.7.8 Error: authentication failed: from [203.0.113.9]' },
      'SMTP authentication failed: 535 5.7.8 Error: authentication failed: from [address]',
    ],
    [
      { code: 'EENVELOPE', response: '550 5.1.1 <x@example.com>: Recipient address rejected' },
      'the SMTP server refused the sender or a recipient: 550 5.1.1 <x@example.com>: Recipient address rejected',
    ],
    [
      {
        code: 'ESOCKET',
        cause: { code: 'ECONNREFUSED' },
        message: 'connect ECONNREFUSED 10.0.0.5:25',
      },
      'SMTP connection error: connection refused',
    ],
    [{ code: 'ETIMEDOUT', message: 'Timeout 10.0.0.5' }, 'the SMTP server timed out'],
    [new Error('connect ECONNREFUSED 10.0.0.5:25'), 'SMTP error'],
  ];
  for (const [e, want] of cases) {
    test(want, () => expect(smtpErrorMessage(e)).toBe(want));
  }
  const scrub: [string, string][] = [
    ['from 2001:db8::1 via fe80::1%eth0', 'from [address] via [address]%eth0'],
    ['at 10:30:00 on 2026-11-29, v1.2.3', 'at 10:30:00 on 2026-11-29, v1.2.3'],
    ['peer ::ffff:198.51.100.7 said no', 'peer [address] said no'],
    ['line1\r\nline2', 'line1 line2'],
  ];
  for (const [raw, want] of scrub) {
    test(`scrub ${JSON.stringify(raw)}`, () => expect(scrubAddresses(raw)).toBe(want));
  }
});
