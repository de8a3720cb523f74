/**
 * Alert delivery: the outbox (retries, restarts, at-least-once), e-mail over SMTP, signed
 * webhooks, Slack, the SSRF guard for outgoing HTTP, and the settings/delivery-log routes.
 */
export {
  createMailer,
  type EmailDelivery,
  type Mailer,
  type MailMessage,
  readSmtpSettings,
  smtpErrorMessage,
  writeSmtpSettings,
} from './email.ts';
export { DeliveryError, scrubAddresses } from './errors.ts';
export { DEFAULT_POST_LIMITS, type PostLimits } from './http.ts';
export {
  DeliveriesPage,
  DeliveriesQuery,
  DeliveryLogItem,
  DeliveryState,
  SmtpSettings,
  SmtpSettingsInput,
  SmtpSettingsView,
} from './model.ts';
export {
  createOutbox,
  type Outbox,
  type OutboxDeps,
  OutboxInputError,
  type OutboxOptions,
  type RunTotals,
  type Senders,
} from './outbox.ts';
export { createDeliveryRoutes, type DeliveryRouteDeps } from './routes.ts';
export {
  type AllowList,
  addressBlockReason,
  type CheckedUrl,
  checkTargetUrl,
  createAllowList,
  type PinnedTarget,
  type ResolvedAddress,
  type Resolver,
  resolveTarget,
  type TargetCheck,
  TargetError,
} from './ssrf.ts';
export { type SendContext, signBody, webhookBody } from './webhook.ts';
