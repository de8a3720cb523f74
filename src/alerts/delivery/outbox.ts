import { TypeCompiler } from '@sinclair/typebox/compiler';
import type { Config } from '../../config/index.ts';
import type { Driver } from '../../db/index.ts';
import type { Logger } from '../../log/index.ts';
import { Delivery, type DeliveryMeta, RETRY_DELAYS_MS } from '../model.ts';
import { createEmailSender, createMailer, type EmailDelivery, type Mailer } from './email.ts';
import { DeliveryError, scrubAddresses } from './errors.ts';
import { DEFAULT_POST_LIMITS, type PostLimits } from './http.ts';
import type { DeliveryLogItem, DeliveryState } from './model.ts';
import { createAllowList, type Resolver } from './ssrf.ts';
import { createOutboxStore } from './store.ts';
import {
  createSlackSender,
  createWebhookSender,
  type SendContext,
  type SlackDelivery,
  type WebhookDelivery,
} from './webhook.ts';

/** One sender per delivery kind; a rejection with a DeliveryError is a failed attempt. */
export interface Senders {
  email(d: EmailDelivery, ctx: SendContext): Promise<void>;
  webhook(d: WebhookDelivery, ctx: SendContext): Promise<void>;
  slack(d: SlackDelivery, ctx: SendContext): Promise<void>;
}

export interface OutboxOptions {
  /** Sends in flight at once (default 4). */
  concurrency?: number;
  /** Rows claimed per round (default 50); a run goes on while full rounds come back. */
  batchSize?: number;
  /** How long a claimed row is left alone before it counts as abandoned (default 5 min). */
  leaseMs?: number;
  /** Delay of kick() (default 250 ms), so a burst of enqueues is one run. */
  kickDelayMs?: number;
  /** enqueue() kicks a run by itself (default true; tests that drive runDue() turn it off). */
  autoKick?: boolean;
  /** Webhook/Slack limits (timeout, body caps, extra CA). */
  http?: Partial<PostLimits>;
  /** DNS for the SSRF guard (default node:dns lookup). */
  resolve?: Resolver;
  /** SMTP connect/greeting/idle timeout (default 20 s). */
  smtpTimeoutMs?: number;
}

export interface OutboxDeps {
  db: Driver;
  clock?: () => number;
  log?: Logger;
  config: Pick<Readonly<Config>, 'webhookAllow'>;
  senders?: Partial<Senders>;
  options?: OutboxOptions;
}

/** What one runDue() did. */
export interface RunTotals {
  sent: number;
  retried: number;
  failed: number;
}

/** enqueue() was given something that is not a Delivery. */
export class OutboxInputError extends Error {}

const checkDelivery = TypeCompiler.Compile(Delivery);
const MAX_ROUNDS = 20;
const LOG_PAGE = 50;

const encodeCursor = (id: number) => Buffer.from(`d:${id}`).toString('base64url');
const decodeCursor = (c: string): number | null => {
  const m = /^d:(\d{1,15})$/.exec(Buffer.from(c, 'base64url').toString('utf8'));
  return m ? Number(m[1]) : null;
};

/**
 * The delivery outbox: messages are written in the caller's transaction, then sent by runDue()
 * (a job every 15 s, or soon after kick()) with retries at RETRY_DELAYS_MS. All state is in the
 * `outbox` table, so a restart resumes; a crash mid-send sends again after the lease
 * (at-least-once; receivers de-duplicate by the X-Leadlens-Delivery id).
 * @example
 * const outbox = createOutbox({ db, clock, log, config });
 * db.transaction(() => outbox.enqueue(delivery, { triggerId, companyId }))();
 * outbox.kick();
 */
export function createOutbox(d: OutboxDeps) {
  const clock = d.clock ?? Date.now;
  const o = d.options ?? {};
  const concurrency = Math.max(1, o.concurrency ?? 4);
  const batchSize = Math.max(1, o.batchSize ?? 50);
  const leaseMs = o.leaseMs ?? 5 * 60_000;
  const store = createOutboxStore(d.db);
  const mailer: Mailer = createMailer({ db: d.db, timeoutMs: o.smtpTimeoutMs });
  const httpDeps = {
    allow: createAllowList(d.config.webhookAllow),
    resolve: o.resolve,
    limits: { ...DEFAULT_POST_LIMITS, ...o.http },
  };
  const senders: Senders = {
    email: createEmailSender(mailer),
    webhook: createWebhookSender(httpDeps),
    slack: createSlackSender(httpDeps),
    ...d.senders,
  };

  // One run at a time; calls during a run share one follow-up run instead of piling up.
  let running: Promise<RunTotals> | null = null;
  let queued: Promise<RunTotals> | null = null;
  let closed = false;
  let kickTimer: ReturnType<typeof setTimeout> | null = null;

  async function attempt(row: { id: number; payload: string; attempts: number }) {
    let delivery: Delivery | null = null;
    try {
      const v: unknown = JSON.parse(row.payload);
      if (checkDelivery.Check(v)) delivery = v;
    } catch {
      // handled below: an unreadable payload is failed, not retried
    }
    if (!delivery) {
      store.markFailed(row.id, 'invalid payload');
      return 'failed' as const;
    }
    try {
      const send = senders[delivery.kind] as (x: Delivery, c: SendContext) => Promise<void>;
      await send(delivery, { id: row.id, now: clock() });
      store.markSent(row.id, clock());
      return 'sent' as const;
    } catch (e) {
      const err =
        e instanceof DeliveryError ? e : new DeliveryError('internal error while sending');
      if (!(e instanceof DeliveryError)) {
        d.log?.error('delivery sender threw', {
          id: row.id,
          error: scrubAddresses(String((e as Error)?.message ?? e)),
        });
      }
      const attempts = row.attempts + 1;
      if (err.permanent || attempts >= RETRY_DELAYS_MS.length) {
        store.markFailed(row.id, err.message);
        d.log?.warn('delivery failed', {
          id: row.id,
          kind: delivery.kind,
          attempts,
          error: err.message,
        });
        return 'failed' as const;
      }
      store.markRetry(row.id, clock() + RETRY_DELAYS_MS[attempts], err.message);
      return 'retried' as const;
    }
  }

  async function runOnce(): Promise<RunTotals> {
    const totals: RunTotals = { sent: 0, retried: 0, failed: 0 };
    for (let round = 0; round < MAX_ROUNDS && !closed; round++) {
      const now = clock();
      const rows = store.claim(now, now + leaseMs, batchSize);
      if (rows.length === 0) break;
      let next = 0;
      const worker = async () => {
        while (next < rows.length) {
          const row = rows[next++];
          totals[await attempt(row)]++;
        }
      };
      await Promise.all(Array.from({ length: Math.min(concurrency, rows.length) }, worker));
      if (rows.length < batchSize) break;
    }
    return totals;
  }

  function start(): Promise<RunTotals> {
    const p: Promise<RunTotals> = runOnce().finally(() => {
      if (running === p) running = null;
    });
    running = p;
    return p;
  }

  function runDue(): Promise<RunTotals> {
    if (closed) return Promise.resolve({ sent: 0, retried: 0, failed: 0 });
    if (queued) return queued;
    if (!running) return start();
    const p = running
      .catch(() => undefined)
      .then(() => {
        queued = null;
        return start();
      });
    queued = p;
    return p;
  }

  function kick(): void {
    if (closed || kickTimer) return;
    kickTimer = setTimeout(() => {
      kickTimer = null;
      runDue().catch((e) =>
        d.log?.error('outbox run failed', { error: scrubAddresses(String((e as Error)?.message)) }),
      );
    }, o.kickDelayMs ?? 250);
    // A pending kick must not keep a finished process (a CLI command, a test) alive.
    (kickTimer as { unref?: () => void }).unref?.();
  }

  return {
    /**
     * Writes a delivery (validated) as a pending row and returns its id. Synchronous: call it
     * inside your transaction; the row is sent after the commit.
     */
    enqueue(delivery: Delivery, meta: DeliveryMeta): number {
      if (!checkDelivery.Check(delivery)) {
        const first = checkDelivery.Errors(delivery).First();
        throw new OutboxInputError(`invalid delivery${first ? ` at ${first.path || '/'}` : ''}`);
      }
      const id = store.insert(
        delivery.kind,
        meta.triggerId,
        meta.companyId,
        JSON.stringify(delivery),
        clock(),
      );
      for (const c of meta.alsoNames ?? []) store.names(id, c);
      if (o.autoKick !== false) kick();
      return id;
    },
    runDue,
    kick,
    /** The delivery log, newest first, LOG_PAGE rows a page. */
    list(
      filter: { state?: DeliveryState; triggerId?: number; limit?: number } = {},
      cursor?: string | null,
    ): { items: DeliveryLogItem[]; nextCursor: string | null } | null {
      const before = cursor ? decodeCursor(cursor) : Number.MAX_SAFE_INTEGER;
      if (before === null) return null;
      const limit = filter.limit ?? LOG_PAGE;
      const items = store.list(filter, before, limit);
      const last = items.at(-1);
      return { items, nextCursor: items.length === limit && last ? encodeCursor(last.id) : null };
    },
    /**
     * Makes a failed delivery pending again with a fresh set of attempts (a pending one: due
     * now). 'sent' and 'not_found' say why nothing changed.
     */
    retry(id: number): 'ok' | 'sent' | 'not_found' {
      if (store.retryNow(id, clock())) {
        kick();
        return 'ok';
      }
      return store.stateOf(id) === 'sent' ? 'sent' : 'not_found';
    },
    /** Sends e-mail now through the stored SMTP settings (the settings test uses it). */
    mailer,
    /** Stops kicks and waits for the run in progress; later runDue() calls do nothing. */
    async close(): Promise<void> {
      closed = true;
      if (kickTimer) clearTimeout(kickTimer);
      kickTimer = null;
      await Promise.allSettled([running, queued].filter(Boolean));
    },
  };
}

export type Outbox = ReturnType<typeof createOutbox>;
