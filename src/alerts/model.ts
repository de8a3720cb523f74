import { t } from 'elysia';

/**
 * One message for the outbox: what a trigger action or a digest asks to send. Stored as JSON in
 * `outbox.payload`; the delivery loop (src/alerts/delivery/) sends it and retries on failure.
 * A webhook's body is built at enqueue time; its timestamp and signature at each attempt.
 */
export const Delivery = t.Union([
  t.Object({
    kind: t.Literal('email'),
    to: t.Array(t.String({ format: 'email', maxLength: 254 }), { minItems: 1, maxItems: 50 }),
    subject: t.String({ minLength: 1, maxLength: 300 }),
    text: t.String({ maxLength: 200_000 }),
    html: t.String({ maxLength: 400_000 }),
  }),
  t.Object({
    kind: t.Literal('webhook'),
    url: t.String({ maxLength: 2000 }),
    /** HMAC key for `X-Leadlens-Signature`. */
    secret: t.String({ minLength: 16, maxLength: 200 }),
    /** The versioned JSON body (`{ schema: 'leadlens.trigger/1', … }`). */
    body: t.Unknown(),
  }),
  t.Object({
    kind: t.Literal('slack'),
    url: t.String({ maxLength: 2000 }),
    /** Slack incoming-webhook body: `{ text, blocks? }`. */
    body: t.Object({
      text: t.String({ maxLength: 40_000 }),
      blocks: t.Optional(t.Array(t.Unknown())),
    }),
  }),
]);
export type Delivery = typeof Delivery.static;

/** Who a delivery is about, for the delivery log and for erasure. */
export interface DeliveryMeta {
  triggerId: number | null;
  companyId: number | null;
  /** Every other company the message names (a digest's list): erasing one removes the message. */
  alsoNames?: readonly number[];
}

/** Attempt n (0-based) waits RETRY_DELAYS_MS[n] after the previous failure; then it is failed. */
export const RETRY_DELAYS_MS = [0, 60_000, 5 * 60_000, 30 * 60_000, 2 * 60 * 60_000] as const;
