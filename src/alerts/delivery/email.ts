import { TypeCompiler } from '@sinclair/typebox/compiler';
import nodemailer from 'nodemailer';
import { type Driver, getSetting, setSetting } from '../../db/index.ts';
import type { Delivery } from '../model.ts';
import { DeliveryError, networkErrorMessage, safeCode, scrubAddresses } from './errors.ts';
import { SmtpSettings, type SmtpSettingsInput, type SmtpSettingsView } from './model.ts';
import type { SendContext } from './webhook.ts';

export type EmailDelivery = Extract<Delivery, { kind: 'email' }>;

const KEY = 'smtp';
const checkSettings = TypeCompiler.Compile(SmtpSettings);

/** The stored SMTP settings, or null when none (or unreadable ones) are stored. */
export function readSmtpSettings(db: Driver): SmtpSettings | null {
  const raw = getSetting(db, KEY);
  if (!raw) return null;
  try {
    const v: unknown = JSON.parse(raw);
    return checkSettings.Check(v) ? v : null;
  } catch {
    return null;
  }
}

/** Input the settings route refuses, with a message naming the field. */
export class SmtpSettingsError extends Error {}

/**
 * Stores new SMTP settings. An absent `password` keeps the stored one (the dashboard never sees
 * it, so it cannot send it back); null removes it.
 */
export function writeSmtpSettings(db: Driver, input: SmtpSettingsInput): SmtpSettings {
  const old = readSmtpSettings(db);
  const user = input.user?.trim() || null;
  const password =
    input.password === undefined ? (user ? (old?.password ?? null) : null) : input.password;
  if (user && !password) throw new SmtpSettingsError('a user name needs a password');
  if (!user && password) throw new SmtpSettingsError('a password needs a user name');
  const next: SmtpSettings = {
    host: input.host.trim(),
    port: input.port,
    tls: input.tls,
    user,
    password,
    from: input.from.trim(),
  };
  if (!checkSettings.Check(next)) throw new SmtpSettingsError('invalid SMTP settings');
  setSetting(db, KEY, JSON.stringify(next));
  return next;
}

/** The settings as the dashboard may see them: no password, only whether one is set. */
export function smtpSettingsView(s: SmtpSettings | null): SmtpSettingsView {
  return {
    configured: s !== null,
    host: s?.host ?? null,
    port: s?.port ?? null,
    tls: s?.tls ?? null,
    user: s?.user ?? null,
    from: s?.from ?? null,
    passwordSet: Boolean(s?.password),
  };
}

const LABELS: Record<string, string> = {
  EAUTH: 'SMTP authentication failed',
  ENOAUTH: 'the SMTP server wants a user name and password',
  ECONNECTION: 'could not connect to the SMTP server',
  ETIMEDOUT: 'the SMTP server timed out',
  ESOCKET: 'SMTP connection error',
  EDNS: 'SMTP host not found',
  ETLS: 'SMTP TLS failed',
  EREQUIRETLS: 'the SMTP server does not offer STARTTLS',
  EENVELOPE: 'the SMTP server refused the sender or a recipient',
  EMESSAGE: 'the SMTP server refused the message',
  EPROTOCOL: 'SMTP protocol error',
};

/**
 * An SMTP failure as text for the delivery log and the settings test: what failed, and the
 * server's reply with any address scrubbed. Never the password (nodemailer does not put it in
 * errors; its messages are not used beyond the server reply).
 */
export function smtpErrorMessage(e: unknown): string {
  const err = e as { code?: unknown; response?: unknown; cause?: unknown; originalCode?: unknown };
  const code = safeCode(e);
  const label = (code && LABELS[code]) || (code ? networkErrorMessage(e) : 'SMTP error');
  const reply = typeof err.response === 'string' ? scrubAddresses(err.response) : '';
  // Behind ECONNECTION/ESOCKET sits a socket error whose own code says more ("connection
  // refused"); nodemailer keeps it as originalCode (or a cause).
  const inner = safeCode({ code: err.originalCode }) ?? safeCode(err.cause);
  const detail = reply || (inner && inner !== code ? networkErrorMessage({ code: inner }) : '');
  return scrubAddresses(detail ? `${label}: ${detail}` : label);
}

/** One e-mail to send. */
export interface MailMessage {
  to: string[];
  subject: string;
  text: string;
  html?: string;
  headers?: Record<string, string>;
}

/**
 * Sends e-mail through the SMTP server in the settings table (read at each send, so a change
 * applies at once). Errors reject as DeliveryError with an SMTP-specific message.
 * @example await createMailer({ db }).send({ to: ['a@example.com'], subject: 'Hi', text: '…' })
 */
export function createMailer(d: { db: Driver; timeoutMs?: number }) {
  const timeout = d.timeoutMs ?? 20_000;
  return {
    async send(m: MailMessage): Promise<void> {
      const s = readSmtpSettings(d.db);
      if (!s) throw new DeliveryError('SMTP is not configured (Settings → E-mail)');
      const transport = nodemailer.createTransport({
        host: s.host,
        port: s.port,
        secure: s.tls === 'tls',
        requireTLS: s.tls === 'starttls',
        ignoreTLS: s.tls === 'none',
        auth: s.user && s.password ? { user: s.user, pass: s.password } : undefined,
        connectionTimeout: timeout,
        greetingTimeout: timeout,
        socketTimeout: timeout,
        dnsTimeout: timeout,
        // The message is built from our own text; it must never make nodemailer read a file or URL.
        disableFileAccess: true,
        disableUrlAccess: true,
      });
      try {
        await transport.sendMail({
          from: s.from,
          to: m.to,
          subject: m.subject,
          text: m.text,
          ...(m.html ? { html: m.html } : {}),
          headers: m.headers,
        });
      } catch (e) {
        throw new DeliveryError(smtpErrorMessage(e));
      } finally {
        transport.close();
      }
    },
  };
}

export type Mailer = ReturnType<typeof createMailer>;

/** The outbox's e-mail sender: the stored message, with X-Leadlens-Delivery for de-duplication. */
export function createEmailSender(mailer: Mailer) {
  return (delivery: EmailDelivery, ctx: SendContext): Promise<void> =>
    mailer.send({
      to: delivery.to,
      subject: delivery.subject,
      text: delivery.text,
      html: delivery.html || undefined,
      headers: { 'X-Leadlens-Delivery': String(ctx.id) },
    });
}
