import type {
  SmtpSettingsInput,
  SmtpSettingsView,
  SmtpTls,
} from '../../../src/alerts/delivery/model.ts';
import { request } from './http.ts';

export type { SmtpSettingsInput, SmtpSettingsView, SmtpTls };

/** The result of "Send test e-mail": sent to `to` (the signed-in admin), or the SMTP error. */
export interface SmtpTestResult {
  ok: boolean;
  to: string;
  error: string | null;
}

/** The SMTP settings without the password, only whether one is set (admins). */
export const getSmtp = (signal?: AbortSignal) =>
  request<SmtpSettingsView>('GET', '/api/settings/smtp', undefined, signal);
/** Saves them: `password` absent keeps the stored one, null removes it (admins). */
export const saveSmtp = (body: SmtpSettingsInput) =>
  request<SmtpSettingsView>('PUT', '/api/settings/smtp', body);
/** Sends a test e-mail to the signed-in admin with the saved settings. */
export const testSmtp = () => request<SmtpTestResult>('POST', '/api/settings/smtp/test');
