import { Elysia } from 'elysia';
import { type Auth, AuthError, inputErrorResponse } from '../../auth/index.ts';
import type { Driver } from '../../db/index.ts';
import {
  readSmtpSettings,
  SmtpSettingsError,
  smtpSettingsView,
  writeSmtpSettings,
} from './email.ts';
import { DeliveryError } from './errors.ts';
import {
  DeliveriesPage,
  DeliveriesQuery,
  DeliveryIdParams,
  ErrorBody,
  RetryResult,
  SmtpSettingsInput,
  SmtpSettingsView,
  SmtpTestResult,
} from './model.ts';
import type { Outbox } from './outbox.ts';

export interface DeliveryRouteDeps {
  db: Driver;
  outbox: Pick<Outbox, 'list' | 'retry' | 'mailer'>;
  auth: Pick<Auth, 'guard' | 'requireRole'>;
}

const failure = (code: string, message: string) => ({ error: { code, message } });

/**
 * E-mail settings and the delivery log, under /api behind the session guard.
 * GET|PUT /settings/smtp and POST /settings/smtp/test (admin), GET /deliveries (viewer+),
 * POST /deliveries/:id/retry (admin). The SMTP password is write-only.
 * @example app.group('/api', (g) => g.use(auth.guard).use(createDeliveryRoutes({ db, outbox, auth })))
 */
export function createDeliveryRoutes(d: DeliveryRouteDeps) {
  const admin = d.auth.requireRole('admin');
  const viewer = d.auth.requireRole('viewer');
  // AuthError carries its own envelope, so it answers 400 whichever app's onError sees it first.
  const save = (body: SmtpSettingsInput) => {
    try {
      return writeSmtpSettings(d.db, body);
    } catch (e) {
      if (e instanceof SmtpSettingsError) throw new AuthError('invalid', e.message);
      throw e;
    }
  };
  return new Elysia()
    .use(d.auth.guard)
    .onError(({ code, set }) => {
      set.headers['cache-control'] = 'no-store';
      return inputErrorResponse(code);
    })
    .get('/settings/smtp', () => smtpSettingsView(readSmtpSettings(d.db)), {
      beforeHandle: admin,
      response: { 200: SmtpSettingsView },
    })
    .put('/settings/smtp', ({ body }) => smtpSettingsView(save(body)), {
      beforeHandle: admin,
      body: SmtpSettingsInput,
      response: { 200: SmtpSettingsView, 400: ErrorBody },
    })
    .post(
      '/settings/smtp/test',
      async ({ user }) => {
        try {
          await d.outbox.mailer.send({
            to: [user.email],
            subject: 'Leadlens test e-mail',
            text: `This is a test e-mail from Leadlens, sent to ${user.email} from the e-mail settings.\n\nIf you can read it, alert e-mails will arrive.`,
          });
          return { ok: true, to: user.email, error: null };
        } catch (e) {
          const error = e instanceof DeliveryError ? e.message : 'could not send';
          return { ok: false, to: user.email, error };
        }
      },
      { beforeHandle: admin, response: { 200: SmtpTestResult } },
    )
    .get(
      '/deliveries',
      ({ query, status }) =>
        d.outbox.list(
          { state: query.state, triggerId: query.trigger, limit: query.limit },
          query.cursor,
        ) ?? status(400, failure('invalid', 'invalid cursor')),
      {
        beforeHandle: viewer,
        query: DeliveriesQuery,
        response: { 200: DeliveriesPage, 400: ErrorBody },
      },
    )
    .post(
      '/deliveries/:id/retry',
      ({ params, status }) => {
        const r = d.outbox.retry(params.id);
        if (r === 'not_found') return status(404, failure('not_found', 'no such delivery'));
        if (r === 'sent') return status(409, failure('conflict', 'this delivery was already sent'));
        return { ok: true as const };
      },
      {
        beforeHandle: admin,
        params: DeliveryIdParams,
        response: { 200: RetryResult, 404: ErrorBody, 409: ErrorBody },
      },
    );
}
