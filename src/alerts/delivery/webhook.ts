import { createHmac } from 'node:crypto';
import type { Delivery } from '../model.ts';
import { DeliveryError } from './errors.ts';
import { checkStatus, DEFAULT_POST_LIMITS, type PostLimits, postPinned } from './http.ts';
import { type AllowList, type Resolver, resolveTarget, TargetError } from './ssrf.ts';

export type WebhookDelivery = Extract<Delivery, { kind: 'webhook' }>;
export type SlackDelivery = Extract<Delivery, { kind: 'slack' }>;

/** What a sender knows about the attempt. */
export interface SendContext {
  /** The outbox row id: sent as X-Leadlens-Delivery so receivers can drop a repeat. */
  id: number;
  /** The attempt's time (ms); a webhook's timestamp is taken from it. */
  now: number;
}

export interface HttpSenderDeps {
  allow: AllowList;
  resolve?: Resolver;
  limits?: PostLimits;
}

const USER_AGENT = 'Leadlens-Webhook/1';

/**
 * The signature header value: HMAC-SHA256 over the exact body bytes, hex.
 * @example signBody('s3cret-s3cret-s3cret', '{"a":1}') // 'sha256=5f2c…'
 */
export function signBody(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

/**
 * The bytes a webhook sends: the stored body plus `deliveryId` and `timestamp` (Unix seconds),
 * so the signed bytes cover the time and a replayed request is detectable. A body that is not a
 * JSON object is carried as `data`.
 */
export function webhookBody(stored: unknown, deliveryId: number, timestamp: number): string {
  const base =
    stored !== null && typeof stored === 'object' && !Array.isArray(stored)
      ? (stored as Record<string, unknown>)
      : { data: stored };
  return JSON.stringify({ ...base, deliveryId, timestamp });
}

async function pinned(url: string, d: HttpSenderDeps) {
  try {
    return await resolveTarget(url, d.allow, d.resolve);
  } catch (e) {
    if (e instanceof TargetError) throw new DeliveryError(e.message, e.permanent);
    throw e;
  }
}

/**
 * Sends signed webhooks: headers X-Leadlens-Delivery, X-Leadlens-Timestamp and
 * X-Leadlens-Signature (sha256=HMAC of the body). The signature is made fresh per attempt.
 */
export function createWebhookSender(d: HttpSenderDeps) {
  const limits = d.limits ?? DEFAULT_POST_LIMITS;
  return async (delivery: WebhookDelivery, ctx: SendContext): Promise<void> => {
    const target = await pinned(delivery.url, d);
    const timestamp = Math.floor(ctx.now / 1000);
    const body = webhookBody(delivery.body, ctx.id, timestamp);
    const res = await postPinned(
      target,
      body,
      {
        'content-type': 'application/json',
        'user-agent': USER_AGENT,
        'x-leadlens-delivery': String(ctx.id),
        'x-leadlens-timestamp': String(timestamp),
        'x-leadlens-signature': signBody(delivery.secret, body),
      },
      limits,
    );
    checkStatus(res);
  };
}

/** Sends Slack incoming-webhook messages: `{ text, blocks }` as JSON. */
export function createSlackSender(d: HttpSenderDeps) {
  const limits = d.limits ?? DEFAULT_POST_LIMITS;
  return async (delivery: SlackDelivery, ctx: SendContext): Promise<void> => {
    const target = await pinned(delivery.url, d);
    const { text, blocks } = delivery.body;
    const res = await postPinned(
      target,
      JSON.stringify(blocks ? { text, blocks } : { text }),
      {
        'content-type': 'application/json',
        'user-agent': USER_AGENT,
        'x-leadlens-delivery': String(ctx.id),
      },
      limits,
    );
    checkStatus(res);
  };
}
