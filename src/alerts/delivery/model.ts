import { t } from 'elysia';

/** How the SMTP connection is secured: none, STARTTLS upgrade (required), or TLS from the start. */
export const SmtpTls = t.Union([t.Literal('none'), t.Literal('starttls'), t.Literal('tls')]);
export type SmtpTls = typeof SmtpTls.static;

/** A sender address: `alerts@example.com` or `Leadlens <alerts@example.com>`. */
export const FromAddress = t.String({
  minLength: 3,
  maxLength: 320,
  pattern: '^([^<>\\r\\n]{0,100}<[^\\s@<>]+@[^\\s@<>]+>|[^\\s@<>]+@[^\\s@<>]+)$',
});

/** The SMTP settings as stored (JSON in `settings`, key `smtp`), password included. */
export const SmtpSettings = t.Object({
  host: t.String({ minLength: 1, maxLength: 253, pattern: '^[A-Za-z0-9.:_\\[\\]-]+$' }),
  port: t.Integer({ minimum: 1, maximum: 65535 }),
  tls: SmtpTls,
  user: t.Union([t.String({ minLength: 1, maxLength: 320 }), t.Null()]),
  password: t.Union([t.String({ minLength: 1, maxLength: 500 }), t.Null()]),
  from: FromAddress,
});
export type SmtpSettings = typeof SmtpSettings.static;

/**
 * PUT /api/settings/smtp. `password` absent: keep the stored one; null: remove it; a string:
 * replace it. A user without a password (or the reverse) is refused.
 */
export const SmtpSettingsInput = t.Object({
  host: SmtpSettings.properties.host,
  port: SmtpSettings.properties.port,
  tls: SmtpTls,
  user: t.Optional(SmtpSettings.properties.user),
  password: t.Optional(SmtpSettings.properties.password),
  from: FromAddress,
});
export type SmtpSettingsInput = typeof SmtpSettingsInput.static;

/** GET /api/settings/smtp: the settings without the password. */
export const SmtpSettingsView = t.Object({
  configured: t.Boolean(),
  host: t.Union([t.String(), t.Null()]),
  port: t.Union([t.Integer(), t.Null()]),
  tls: t.Union([SmtpTls, t.Null()]),
  user: t.Union([t.String(), t.Null()]),
  from: t.Union([t.String(), t.Null()]),
  passwordSet: t.Boolean(),
});
export type SmtpSettingsView = typeof SmtpSettingsView.static;

/** POST /api/settings/smtp/test: whether the test e-mail was accepted, and the SMTP error if not. */
export const SmtpTestResult = t.Object({
  ok: t.Boolean(),
  to: t.String(),
  error: t.Union([t.String(), t.Null()]),
});

export const DeliveryState = t.Union([
  t.Literal('pending'),
  t.Literal('sent'),
  t.Literal('failed'),
]);
export type DeliveryState = typeof DeliveryState.static;

/** One row of the delivery log. Never a webhook secret, a body or a full URL. */
export const DeliveryLogItem = t.Object({
  id: t.Integer(),
  kind: t.Union([t.Literal('email'), t.Literal('webhook'), t.Literal('slack')]),
  triggerId: t.Union([t.Integer(), t.Null()]),
  triggerName: t.Union([t.String(), t.Null()]),
  companyId: t.Union([t.Integer(), t.Null()]),
  /** Webhook/Slack: the URL's host; e-mail: the recipients. */
  target: t.String(),
  state: DeliveryState,
  attempts: t.Integer(),
  /** When the next attempt is due (pending rows only). */
  nextAttemptAt: t.Union([t.Integer(), t.Null()]),
  lastError: t.Union([t.String(), t.Null()]),
  createdAt: t.Integer(),
  sentAt: t.Union([t.Integer(), t.Null()]),
});
export type DeliveryLogItem = typeof DeliveryLogItem.static;

/** GET /api/deliveries?state=&trigger=&cursor= */
export const DeliveriesQuery = t.Object({
  state: t.Optional(DeliveryState),
  trigger: t.Optional(t.Integer({ minimum: 1 })),
  cursor: t.Optional(t.String({ maxLength: 200 })),
  limit: t.Optional(t.Integer({ minimum: 1, maximum: 200 })),
});
export type DeliveriesQuery = typeof DeliveriesQuery.static;

export const DeliveriesPage = t.Object({
  items: t.Array(DeliveryLogItem),
  /** Pass as ?cursor= for the next (older) page; null at the end. */
  nextCursor: t.Union([t.String(), t.Null()]),
});
export type DeliveriesPage = typeof DeliveriesPage.static;

export const DeliveryIdParams = t.Object({ id: t.Integer({ minimum: 1 }) });

/** The API's one error envelope. */
export const ErrorBody = t.Object({ error: t.Object({ code: t.String(), message: t.String() }) });

/** POST /api/deliveries/:id/retry: the delivery is pending again and due now. */
export const RetryResult = t.Object({ ok: t.Literal(true) });
