import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { createHarness, type Harness } from '../../testing/harness.ts';
import { smtpInbox } from '../../testing/smtp.ts';
import { RETRY_DELAYS_MS } from '../model.ts';
import { createOutbox, type Outbox } from './outbox.ts';
import { receiver } from './test-kit.ts';

const ORIGIN = 'http://leadlens.test';
const SECRET = 'whsec-routes-0123456789abcdef';

let h: Harness;
let outbox: Outbox;
let viewer: string;

/** A viewer's session, made through the real invite flow. */
async function viewerCookie(): Promise<string> {
  const inv = await h.api('POST', '/api/invites', { email: 'viewer@example.com', role: 'viewer' });
  const { path } = (await inv.json()) as { path: string };
  const token = new URL(path, ORIGIN).searchParams.get('token');
  const acc = await h.handle(
    new Request(`${ORIGIN}/api/invites/accept`, {
      method: 'POST',
      headers: { origin: ORIGIN, 'content-type': 'application/json' },
      body: JSON.stringify({ token, name: 'Vera Viewer', password: 'viewer password 123' }),
    }),
  );
  const cookie = /(?:__Host-)?ll_session=[^;]+/.exec(acc.headers.get('set-cookie') ?? '')?.[0];
  if (!cookie) throw new Error(`invite accept failed: ${acc.status}`);
  return cookie;
}

const asViewer = (method: string, path: string, body?: unknown) =>
  h.handle(
    new Request(`${ORIGIN}${path}`, {
      method,
      headers: {
        origin: ORIGIN,
        cookie: viewer,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    }),
  );

beforeAll(async () => {
  h = await createHarness({ env: { WEBHOOK_ALLOW: '127.0.0.1' } });
  // A second outbox over the same table, driven by the test: the one compose made sends what
  // the routes retry (its kick), this one lets the test step through attempts with the fake clock.
  outbox = createOutbox({
    db: h.db,
    clock: () => h.now.t,
    config: { webhookAllow: ['127.0.0.1/32'] },
    options: { autoKick: false },
  });
  await h.ownerCookie();
  viewer = await viewerCookie();
});

afterAll(async () => {
  await outbox.close();
  await h.close();
});

describe('SMTP settings routes', () => {
  test('GET before any settings: not configured', async () => {
    const res = await h.api('GET', '/api/settings/smtp');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ configured: false, passwordSet: false, host: null });
  });

  test('PUT stores them; the password is write-only', async () => {
    const res = await h.api('PUT', '/api/settings/smtp', {
      host: 'smtp.example.com',
      port: 587,
      tls: 'starttls',
      user: 'mailer',
      password: 'smtp-secret-pw',
      from: 'Leadlens <alerts@example.com>',
    });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).not.toContain('smtp-secret-pw');
    expect(JSON.parse(text)).toEqual({
      configured: true,
      host: 'smtp.example.com',
      port: 587,
      tls: 'starttls',
      user: 'mailer',
      from: 'Leadlens <alerts@example.com>',
      passwordSet: true,
    });
    const again = await (await h.api('GET', '/api/settings/smtp')).text();
    expect(again).not.toContain('smtp-secret-pw');
    expect(JSON.parse(again).passwordSet).toBe(true);
  });

  const bad: [string, unknown, RegExp][] = [
    ['port 0', { host: 'h', port: 0, tls: 'none', from: 'a@example.com' }, /invalid request/],
    ['tls mode', { host: 'h', port: 25, tls: 'ssl', from: 'a@example.com' }, /invalid request/],
    ['from', { host: 'h', port: 25, tls: 'none', from: 'not an address' }, /invalid request/],
    [
      'password without user',
      { host: 'h', port: 25, tls: 'none', user: null, password: 'x', from: 'a@example.com' },
      /a password needs a user name/,
    ],
  ];
  for (const [name, body, msg] of bad) {
    test(`PUT refuses: ${name}`, async () => {
      const res = await h.api('PUT', '/api/settings/smtp', body);
      expect(res.status).toBe(400);
      const json = (await res.json()) as { error: { code: string; message: string } };
      expect(json.error.code).toBe('invalid');
      expect(json.error.message).toMatch(msg);
    });
  }

  test('a viewer may not read or change them', async () => {
    expect((await asViewer('GET', '/api/settings/smtp')).status).toBe(403);
    expect((await asViewer('POST', '/api/settings/smtp/test')).status).toBe(403);
  });

  test('POST /test sends to the signed-in user now, or reports the SMTP error', async () => {
    const inbox = await smtpInbox();
    try {
      await h.api('PUT', '/api/settings/smtp', {
        host: '127.0.0.1',
        port: inbox.port,
        tls: 'none',
        user: null,
        password: null,
        from: 'alerts@example.com',
      });
      const ok = await h.api('POST', '/api/settings/smtp/test');
      expect(await ok.json()).toEqual({ ok: true, to: 'owner@example.com', error: null });
      expect(inbox.envelopes[0].to).toEqual(['owner@example.com']);
      expect(inbox.mails[0].subject).toBe('Leadlens test e-mail');
    } finally {
      await inbox.stop();
    }
    const failed = (await (await h.api('POST', '/api/settings/smtp/test')).json()) as {
      ok: boolean;
      error: string;
    };
    expect(failed.ok).toBe(false);
    expect(failed.error).toMatch(/SMTP connection error: connection refused|could not connect/);
    expect(failed.error).not.toContain('127.0.0.1');
  });
});

describe('delivery log routes', () => {
  let failingId = 0;
  let sentId = 0;
  let r: ReturnType<typeof receiver>;

  beforeAll(async () => {
    h.db
      .prepare(
        `INSERT INTO triggers (id, name, rules, actions, created_at, updated_at) VALUES (7, 'Pricing page', '[]', '[]', 0, 0)`,
      )
      .run();
    // Five failures, then success: the admin's retry (after the row failed) gets through.
    r = receiver({ secret: SECRET, statuses: [503, 503, 503, 503, 503, 200] });
    failingId = outbox.enqueue(
      {
        kind: 'webhook',
        url: r.url('/crm'),
        secret: SECRET,
        body: { schema: 'leadlens.trigger/1' },
      },
      { triggerId: 7, companyId: null },
    );
    for (const delay of RETRY_DELAYS_MS) {
      h.now.t += delay;
      await outbox.runDue();
    }
    const ok = receiver({});
    sentId = outbox.enqueue(
      { kind: 'slack', url: ok.url('/slack'), body: { text: 'hi' } },
      { triggerId: null, companyId: null },
    );
    await outbox.runDue();
    ok.stop();
  });
  afterAll(() => r.stop());

  test('a delivery that failed 5 times shows its last error, never its secret or body', async () => {
    const res = await asViewer('GET', '/api/deliveries?state=failed');
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain('leadlens.trigger/1');
    const page = JSON.parse(text);
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).toMatchObject({
      id: failingId,
      kind: 'webhook',
      triggerId: 7,
      triggerName: 'Pricing page',
      target: `127.0.0.1:${r.port}`,
      state: 'failed',
      attempts: 5,
      nextAttemptAt: null,
      lastError: 'HTTP 503',
      sentAt: null,
    });
    expect(r.got).toHaveLength(5);
  });

  test('filters, newest first, and a cursor for older pages', async () => {
    const all = await (await h.api('GET', '/api/deliveries')).json();
    expect(all.items.map((i: { id: number }) => i.id)).toEqual([sentId, failingId]);
    const sent = await (await h.api('GET', '/api/deliveries?state=sent')).json();
    expect(sent.items).toMatchObject([{ id: sentId, kind: 'slack', state: 'sent', attempts: 1 }]);
    const byTrigger = await (await h.api('GET', '/api/deliveries?trigger=7')).json();
    expect(byTrigger.items.map((i: { id: number }) => i.id)).toEqual([failingId]);
    const first = await (await h.api('GET', '/api/deliveries?limit=1')).json();
    expect(first.items.map((i: { id: number }) => i.id)).toEqual([sentId]);
    const second = await (
      await h.api('GET', `/api/deliveries?limit=1&cursor=${first.nextCursor}`)
    ).json();
    expect(second.items.map((i: { id: number }) => i.id)).toEqual([failingId]);
    expect((await h.api('GET', '/api/deliveries?cursor=bogus')).status).toBe(400);
    expect((await h.api('GET', '/api/deliveries?state=lost')).status).toBe(400);
  });

  test('retry: admins only; a failed row is pending again and goes out on the kick', async () => {
    expect((await asViewer('POST', `/api/deliveries/${failingId}/retry`)).status).toBe(403);
    expect((await h.api('POST', '/api/deliveries/99999/retry')).status).toBe(404);
    const conflict = await h.api('POST', `/api/deliveries/${sentId}/retry`);
    expect(conflict.status).toBe(409);
    expect((await conflict.json()).error.code).toBe('conflict');

    const res = await h.api('POST', `/api/deliveries/${failingId}/retry`);
    expect(res.status).toBe(200);
    const row = () =>
      h.db
        .prepare<{ state: string; attempts: number }>(
          'SELECT state, attempts FROM outbox WHERE id = ?',
        )
        .get(failingId);
    // The composed outbox's kick sends it within moments (real timer, fake clock).
    for (let i = 0; i < 200 && row()?.state !== 'sent'; i++) await Bun.sleep(10);
    expect(row()).toEqual({ state: 'sent', attempts: 1 });
    expect(r.got).toHaveLength(6);
    expect(r.got[5].signatureOk).toBe(true);
  });
});
