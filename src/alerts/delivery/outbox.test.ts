import { afterEach, describe, expect, test } from 'bun:test';
import type { Driver } from '../../db/index.ts';
import { type Delivery, RETRY_DELAYS_MS } from '../model.ts';
import { createOutbox, OutboxInputError, type OutboxOptions } from './outbox.ts';
import { receiver, tempDb, verifySignature } from './test-kit.ts';

const SECRET = 'whsec-test-0123456789abcdef';
const T0 = Date.UTC(2026, 10, 29, 10, 0, 0);

interface Row {
  state: string;
  attempts: number;
  next_at: number;
  last_error: string | null;
  sent_at: number | null;
}
const rowOf = (db: Driver, id: number) =>
  db
    .prepare<Row>('SELECT state, attempts, next_at, last_error, sent_at FROM outbox WHERE id = ?')
    .get(id) as Row;

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function setup(opts: OutboxOptions = {}, allow = ['127.0.0.1/32']) {
  const t = tempDb();
  const now = { t: T0 };
  const outbox = createOutbox({
    db: t.db,
    clock: () => now.t,
    config: { webhookAllow: allow },
    options: { autoKick: false, ...opts },
  });
  cleanups.push(() => {
    t.db.close();
    t.tmp.cleanup();
  });
  cleanups.push(() => outbox.close());
  return { ...t, now, outbox };
}

const hook = (
  url: string,
  body: unknown = { schema: 'leadlens.trigger/1', company: 'CanaryCo AG' },
) => ({ kind: 'webhook', url, secret: SECRET, body }) as Delivery;

describe('webhook delivery through the outbox', () => {
  test('signed, retried after the backoff on a 500, then sent', async () => {
    const r = receiver({ secret: SECRET, statuses: [500, 200] });
    cleanups.push(r.stop);
    const s = setup();
    const id = s.outbox.enqueue(hook(r.url()), { triggerId: null, companyId: null });

    expect(await s.outbox.runDue()).toEqual({ sent: 0, retried: 1, failed: 0 });
    expect(rowOf(s.db, id)).toMatchObject({
      state: 'pending',
      attempts: 1,
      next_at: T0 + RETRY_DELAYS_MS[1],
      last_error: 'HTTP 500',
    });
    // Not due yet: nothing is sent before the backoff has passed.
    s.now.t += RETRY_DELAYS_MS[1] - 1;
    expect(await s.outbox.runDue()).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect(r.got).toHaveLength(1);

    s.now.t += 1;
    expect(await s.outbox.runDue()).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(rowOf(s.db, id)).toMatchObject({
      state: 'sent',
      attempts: 2,
      last_error: null,
      sent_at: T0 + RETRY_DELAYS_MS[1],
    });

    expect(r.got).toHaveLength(2);
    for (const [i, g] of r.got.entries()) {
      const ts = Math.floor((T0 + i * RETRY_DELAYS_MS[1]) / 1000);
      expect(g.signatureOk).toBe(true);
      expect(g.headers['content-type']).toBe('application/json');
      expect(g.headers['x-leadlens-delivery']).toBe(String(id));
      expect(g.headers['x-leadlens-timestamp']).toBe(String(ts));
      expect(g.headers.host).toBe(`127.0.0.1:${r.port}`);
      // The signed bytes carry the id and the time: a replay is detectable.
      expect(g.json).toEqual({
        schema: 'leadlens.trigger/1',
        company: 'CanaryCo AG',
        deliveryId: id,
        timestamp: ts,
      });
    }
    // Each attempt is signed afresh (its own timestamp); another secret does not verify.
    expect(r.got[0].headers['x-leadlens-signature']).not.toBe(
      r.got[1].headers['x-leadlens-signature'],
    );
    expect(
      verifySignature(
        'another-secret-0123456789',
        r.got[0].raw,
        r.got[0].headers['x-leadlens-signature'],
      ),
    ).toBe(false);
  });

  test('a receiver that always fails: failed after 5 attempts, spaced by RETRY_DELAYS_MS', async () => {
    const r = receiver({ statuses: [503] });
    cleanups.push(r.stop);
    const s = setup();
    const id = s.outbox.enqueue(hook(r.url()), { triggerId: null, companyId: null });
    const seen: number[] = [];
    for (let n = 0; n < RETRY_DELAYS_MS.length; n++) {
      s.now.t += RETRY_DELAYS_MS[n];
      const totals = await s.outbox.runDue();
      seen.push(r.got.length);
      const last = n === RETRY_DELAYS_MS.length - 1;
      expect(totals).toEqual({ sent: 0, retried: last ? 0 : 1, failed: last ? 1 : 0 });
    }
    expect(seen).toEqual([1, 2, 3, 4, 5]);
    expect(rowOf(s.db, id)).toMatchObject({ state: 'failed', attempts: 5, last_error: 'HTTP 503' });
    s.now.t += 24 * 3600_000;
    expect(await s.outbox.runDue()).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect(r.got).toHaveLength(5);
  });

  test('slack: { text, blocks } as JSON with the delivery id', async () => {
    const r = receiver({});
    cleanups.push(r.stop);
    const s = setup();
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: '*CanaryCo AG*' } }];
    const id = s.outbox.enqueue(
      {
        kind: 'slack',
        url: r.url('/services/T0/B0/x'),
        body: { text: 'CanaryCo AG visited', blocks },
      },
      { triggerId: null, companyId: null },
    );
    expect(await s.outbox.runDue()).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(r.got[0].path).toBe('/services/T0/B0/x');
    expect(r.got[0].json).toEqual({ text: 'CanaryCo AG visited', blocks });
    expect(r.got[0].headers['x-leadlens-delivery']).toBe(String(id));
  });

  test('many due rows go out with bounded concurrency, each once', async () => {
    const r = receiver({ delayMs: 30 });
    cleanups.push(r.stop);
    const s = setup({ concurrency: 3, batchSize: 4 });
    const ids = Array.from({ length: 10 }, (_, i) =>
      s.outbox.enqueue(hook(r.url(`/h${i}`)), { triggerId: null, companyId: null }),
    );
    let inFlight = 0;
    let peak = 0;
    const wrapped = createOutbox({
      db: s.db,
      clock: () => s.now.t,
      config: { webhookAllow: ['127.0.0.1/32'] },
      options: { autoKick: false, concurrency: 3, batchSize: 4 },
      senders: {
        webhook: async (_d, ctx) => {
          inFlight++;
          peak = Math.max(peak, inFlight);
          await Bun.sleep(20);
          inFlight--;
          expect(ids).toContain(ctx.id);
        },
      },
    });
    expect(await wrapped.runDue()).toEqual({ sent: 10, retried: 0, failed: 0 });
    expect(peak).toBe(3);
    expect(await s.outbox.runDue()).toEqual({ sent: 0, retried: 0, failed: 0 });
    await wrapped.close();
  });
});

describe('enqueue', () => {
  test('validates with the Delivery schema and writes inside the caller transaction', () => {
    const s = setup();
    const bad: unknown[] = [
      { kind: 'webhook', url: 'https://x.example', secret: 'short', body: {} },
      { kind: 'email', to: ['not-an-address'], subject: 's', text: 't', html: '' },
      { kind: 'email', to: [], subject: 's', text: 't', html: '' },
      { kind: 'sms', to: '+49' },
    ];
    for (const d of bad) {
      expect(() => s.outbox.enqueue(d as Delivery, { triggerId: null, companyId: null })).toThrow(
        OutboxInputError,
      );
    }
    // Rolled back with the caller's transaction: no row.
    expect(() =>
      s.db.transaction(() => {
        s.outbox.enqueue(hook('https://hooks.example.com/x'), { triggerId: null, companyId: null });
        throw new Error('caller failed');
      })(),
    ).toThrow('caller failed');
    const id = s.db.transaction(() =>
      s.outbox.enqueue(hook('https://hooks.example.com/x'), { triggerId: null, companyId: null }),
    )();
    const count = s.db.prepare<{ n: number }>('SELECT count(*) AS n FROM outbox').get()?.n;
    expect(count).toBe(1);
    expect(rowOf(s.db, id)).toMatchObject({ state: 'pending', attempts: 0, next_at: T0 });
  });

  test('kick() runs soon, coalesced, and never overlaps a run', async () => {
    const r = receiver({ delayMs: 50 });
    cleanups.push(r.stop);
    const s = setup({ autoKick: true, kickDelayMs: 10 });
    const a = s.outbox.enqueue(hook(r.url('/a')), { triggerId: null, companyId: null });
    const b = s.outbox.enqueue(hook(r.url('/b')), { triggerId: null, companyId: null });
    s.outbox.kick();
    // Calls during the kicked run share one follow-up run.
    await Bun.sleep(20);
    const p1 = s.outbox.runDue();
    const p2 = s.outbox.runDue();
    expect(p1).toBe(p2);
    await p1;
    for (let i = 0; i < 100 && rowOf(s.db, b).state !== 'sent'; i++) await Bun.sleep(10);
    expect(rowOf(s.db, a).state).toBe('sent');
    expect(rowOf(s.db, b).state).toBe('sent');
    expect(r.got.map((g) => g.path).sort()).toEqual(['/a', '/b']);
  });

  test('an unreadable stored payload is failed, not retried', async () => {
    const s = setup();
    s.db
      .prepare(
        `INSERT INTO outbox (kind, payload, next_at, created_at) VALUES ('webhook', '{"kind":"webhook"}', ?, ?)`,
      )
      .run(T0, T0);
    expect(await s.outbox.runDue()).toEqual({ sent: 0, retried: 0, failed: 1 });
  });
});

describe('restarts', () => {
  test('a new outbox over the same file sends what the old one left pending', async () => {
    const r = receiver({ secret: SECRET });
    cleanups.push(r.stop);
    const s = setup();
    const id = s.outbox.enqueue(hook(r.url()), { triggerId: null, companyId: null });
    await s.outbox.close();
    s.db.close();

    const db2 = s.reopen();
    cleanups.push(() => db2.close());
    const next = createOutbox({
      db: db2,
      clock: () => s.now.t,
      config: { webhookAllow: ['127.0.0.1/32'] },
      options: { autoKick: false },
    });
    cleanups.push(() => next.close());
    expect(await next.runDue()).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(rowOf(db2, id).state).toBe('sent');
    expect(r.got[0].signatureOk).toBe(true);
  });

  test('a crash mid-send: the row is sent again after the lease (at-least-once, same id)', async () => {
    const r = receiver({ secret: SECRET });
    cleanups.push(r.stop);
    const s = setup({ leaseMs: 5 * 60_000 });
    const id = s.outbox.enqueue(hook(r.url()), { triggerId: null, companyId: null });
    // The first process claims the row and never finishes (it "crashed" mid-send).
    const hung = createOutbox({
      db: s.db,
      clock: () => s.now.t,
      config: { webhookAllow: [] },
      options: { autoKick: false, leaseMs: 5 * 60_000 },
      senders: { webhook: () => new Promise(() => {}) },
    });
    void hung.runDue();
    await Bun.sleep(10);

    const db2 = s.reopen();
    cleanups.push(() => db2.close());
    const next = createOutbox({
      db: db2,
      clock: () => s.now.t,
      config: { webhookAllow: ['127.0.0.1/32'] },
      options: { autoKick: false },
    });
    cleanups.push(() => next.close());
    expect(await next.runDue()).toEqual({ sent: 0, retried: 0, failed: 0 });
    s.now.t += 5 * 60_000;
    expect(await next.runDue()).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(rowOf(db2, id)).toMatchObject({ state: 'sent', attempts: 1 });
    expect(r.got[0].headers['x-leadlens-delivery']).toBe(String(id));
  });
});
