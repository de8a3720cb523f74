import { afterEach, describe, expect, test } from 'bun:test';
import type { Delivery } from '../model.ts';
import { DeliveryError } from './errors.ts';
import { createOutbox, type OutboxOptions } from './outbox.ts';
import { createAllowList, type Resolver, systemResolver } from './ssrf.ts';
import { canary, fakeDns, HOOK_TEST_CERT, receiver, tempDb } from './test-kit.ts';
import { createWebhookSender } from './webhook.ts';

const SECRET = 'whsec-test-0123456789abcdef';
const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** An outbox on a temp DB; returns the state and last error of each delivery after one run. */
function outboxWith(allow: string[], options: OutboxOptions = {}) {
  const t = tempDb();
  const outbox = createOutbox({
    db: t.db,
    config: { webhookAllow: allow },
    options: { autoKick: false, ...options },
  });
  cleanups.push(() => {
    t.db.close();
    t.tmp.cleanup();
  });
  cleanups.push(() => outbox.close());
  const stateOf = (id: number) =>
    t.db
      .prepare<{ state: string; last_error: string | null; attempts: number }>(
        'SELECT state, last_error, attempts FROM outbox WHERE id = ?',
      )
      .get(id);
  const send = async (d: Delivery) => {
    const id = outbox.enqueue(d, { triggerId: null, companyId: null });
    await outbox.runDue();
    return stateOf(id);
  };
  return { outbox, send, db: t.db };
}

const hook = (url: string): Delivery => ({ kind: 'webhook', url, secret: SECRET, body: { a: 1 } });

describe('SSRF: a target that is not allow-listed is never connected to', () => {
  test('loopback in every spelling, by name and through DNS: zero connections', async () => {
    const c = canary();
    cleanups.push(c.stop);
    // evil.example answers with loopback; the system resolver answers for "localhost.".
    const dns = fakeDns({
      'evil.example': ['127.0.0.1'],
      'rebind.example': ['93.184.216.34', '127.0.0.1'],
    });
    const { send } = outboxWith([], { resolve: dns.resolve });
    const p = c.port;
    const targets = [
      `http://127.0.0.1:${p}/`,
      `http://localhost:${p}/`,
      `http://[::ffff:127.0.0.1]:${p}/`,
      `http://[::ffff:7f00:1]:${p}/`,
      `http://[64:ff9b::7f00:1]:${p}/`,
      `http://2130706433:${p}/`,
      `http://0x7f.0.0.1:${p}/`,
      `http://127.1:${p}/`,
      `http://[::1]:${p}/`,
      `http://0.0.0.0:${p}/`,
      `http://evil.example:${p}/`,
      `http://rebind.example:${p}/`,
    ];
    for (const url of targets) {
      const row = await send(hook(url));
      expect({ url, state: row?.state }).toEqual({ url, state: 'failed' });
      expect(row?.last_error).toMatch(/not allowed for webhooks/);
      expect(row?.last_error).not.toMatch(/127\.|::|0x/);
    }
    const slack = await send({ kind: 'slack', url: `http://localhost:${p}/`, body: { text: 'x' } });
    expect(slack?.state).toBe('failed');
    expect(c.connections).toBe(0);
  });

  test('the real system resolver: its answer for localhost is refused by address', async () => {
    const c = canary();
    cleanups.push(c.stop);
    // A name the check does not know as local, answered by node:dns for "localhost".
    const resolve: Resolver = (host) =>
      systemResolver(host === 'loop.invalid' ? 'localhost' : host);
    const { send } = outboxWith([], { resolve });
    const row = await send(hook(`http://loop.invalid:${c.port}/`));
    expect(row?.state).toBe('failed');
    expect(row?.last_error).toMatch(/resolves to a loopback address/);
    const dotted = await send(hook(`http://localhost.:${c.port}/`));
    expect(dotted?.last_error).toMatch(/localhost is not allowed/);
    expect(c.connections).toBe(0);
  });

  test('allow-listing the canary address makes the same target reachable (the test can fail)', async () => {
    const c = canary();
    cleanups.push(c.stop);
    const { send } = outboxWith(['127.0.0.1/32'], { http: { timeoutMs: 2000 } });
    const row = await send(hook(`http://127.0.0.1:${c.port}/`));
    expect(row?.state).toBe('pending'); // the canary hangs up: a retryable failure
    expect(c.connections).toBe(1);
  });
});

describe('pinned connections', () => {
  test('resolved once; the socket goes to the pinned address, not a second lookup', async () => {
    const r = receiver({ secret: SECRET });
    cleanups.push(r.stop);
    // ".invalid" never resolves in real DNS: if the HTTP client looked the name up itself, the
    // delivery would fail. The fake resolver counts its calls.
    const dns = fakeDns({ 'pinned.invalid': ['127.0.0.1'] });
    const { send } = outboxWith(['127.0.0.1/32'], { resolve: dns.resolve });
    const row = await send(hook(`http://pinned.invalid:${r.port}/hook`));
    expect(row?.state).toBe('sent');
    expect(dns.calls).toEqual(['pinned.invalid']);
    expect(r.got[0].headers.host).toBe(`pinned.invalid:${r.port}`);
    expect(r.got[0].signatureOk).toBe(true);
  });

  test('a rebinding resolver gets one question per attempt; its second answer never counts', async () => {
    const r = receiver({});
    cleanups.push(r.stop);
    const c = canary();
    cleanups.push(c.stop);
    let calls = 0;
    // First answer: the allow-listed receiver address; any later answer would be refused.
    const resolve: Resolver = async () => {
      calls++;
      return [{ address: calls === 1 ? '127.0.0.1' : '10.0.0.1', family: 4 }];
    };
    const sender = createWebhookSender({ allow: createAllowList(['127.0.0.1/32']), resolve });
    await sender(
      { kind: 'webhook', url: `http://rebind.invalid:${r.port}/`, secret: SECRET, body: {} },
      { id: 1, now: Date.now() },
    );
    expect(calls).toBe(1);
    expect(r.got).toHaveLength(1);
  });

  test('https: certificate checked against the host name while connecting to the pinned address', async () => {
    const r = receiver({ tls: true });
    cleanups.push(r.stop);
    const dns = fakeDns({ 'hook.test': ['127.0.0.1'], 'other.test': ['127.0.0.1'] });
    const { send } = outboxWith(['127.0.0.1/32'], {
      resolve: dns.resolve,
      http: { ca: HOOK_TEST_CERT },
    });
    const ok = await send(hook(`https://hook.test:${r.port}/tls`));
    expect(ok?.state).toBe('sent');
    expect(r.got[0].headers.host).toBe(`hook.test:${r.port}`);
    // Same address, a name the certificate does not carry: refused by TLS, no address in the text.
    const bad = await send(hook(`https://other.test:${r.port}/tls`));
    expect(bad?.state).toBe('pending');
    expect(bad?.last_error).toMatch(/TLS|certificate/);
    expect(bad?.last_error).not.toMatch(/127\.0\.0\.1/);
    expect(r.got).toHaveLength(1);
    expect(dns.calls).toEqual(['hook.test', 'other.test']);
  });
});

describe('HTTP limits', () => {
  test('a redirect is refused and not followed', async () => {
    const c = canary();
    cleanups.push(c.stop);
    const r = receiver({ statuses: [302], headers: { location: `http://127.0.0.1:${c.port}/` } });
    cleanups.push(r.stop);
    const { send } = outboxWith(['127.0.0.1/32']);
    const row = await send(hook(r.url()));
    expect(row).toMatchObject({ state: 'pending', attempts: 1 });
    expect(row?.last_error).toBe('redirect refused (HTTP 302); use the final URL');
    expect(r.got).toHaveLength(1);
    expect(c.connections).toBe(0);
  });

  test('a slow receiver times out after the configured time', async () => {
    const r = receiver({ delayMs: 3000 });
    cleanups.push(r.stop);
    const { send } = outboxWith(['127.0.0.1/32'], { http: { timeoutMs: 300 } });
    const t0 = performance.now();
    const row = await send(hook(r.url()));
    const ms = performance.now() - t0;
    expect(row?.last_error).toBe('timed out after 300 ms');
    expect(row?.state).toBe('pending');
    expect(ms).toBeGreaterThanOrEqual(290);
    expect(ms).toBeLessThan(2000);
  });

  test('a refused connection reads "connection refused", without the address', async () => {
    const c = canary();
    const port = c.port;
    c.stop(); // nothing listens there now
    const { send } = outboxWith(['127.0.0.1/32']);
    const row = await send(hook(`http://127.0.0.1:${port}/`));
    expect(row?.last_error).toBe('connection refused');
  });

  test('the response body is read up to the cap; a huge 2xx still counts as delivered', async () => {
    const r = receiver({ body: 'x'.repeat(2 * 1024 * 1024) });
    cleanups.push(r.stop);
    const { send } = outboxWith(['127.0.0.1/32'], { http: { maxResponseBytes: 1024 } });
    expect((await send(hook(r.url())))?.state).toBe('sent');
  });

  test('an oversized request body is refused before connecting, permanently', async () => {
    const r = receiver({});
    cleanups.push(r.stop);
    const { send } = outboxWith(['127.0.0.1/32'], { http: { maxRequestBytes: 1000 } });
    const row = await send({
      kind: 'webhook',
      url: r.url(),
      secret: SECRET,
      body: { big: 'y'.repeat(2000) },
    });
    expect(row?.state).toBe('failed');
    expect(row?.last_error).toMatch(/request body too large/);
    expect(r.got).toHaveLength(0);
  });

  test('DeliveryError caps its message', () => {
    expect(new DeliveryError('z'.repeat(1000)).message.length).toBeLessThanOrEqual(300);
  });
});
