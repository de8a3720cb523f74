// Pure helpers of the privacy screen: the public URLs, and which field a server error is about.
import type { NoticeLang, PrivacySettings } from './api/privacy.ts';
import { safeHref } from './safe-href.ts';

/**
 * The public notice's address for a language, under the configured public base URL (a base
 * with a path, behind a proxy prefix, keeps it). Undefined when the base is not an http(s) URL.
 * @example noticeUrl('https://leads.example.com/', 'fr') // 'https://leads.example.com/privacy-notice?lang=fr'
 */
export function noticeUrl(publicBaseUrl: string, lang: NoticeLang): string | undefined {
  const base = safeHref(publicBaseUrl);
  if (!base) return undefined;
  const u = new URL(base);
  u.pathname = `${u.pathname.replace(/\/+$/, '')}/privacy-notice`;
  u.search = `?lang=${lang}`;
  u.hash = '';
  return u.href;
}

/** The form's fields, in the order the form shows them. */
export const PRIVACY_FIELDS = [
  'controllerName',
  'controllerAddress',
  'contactEmail',
  'dpoName',
  'dpoEmail',
  'authorityName',
  'authorityUrl',
  'publicBaseUrl',
] as const;
export type PrivacyField = (typeof PRIVACY_FIELDS)[number];

/**
 * The field a validation message from PUT /api/privacy/settings is about ("/contactEmail: …"),
 * or null when it names none.
 * @example errorField('/contactEmail: Expected string to match pattern') // 'contactEmail'
 */
export function errorField(message: string): PrivacyField | null {
  const m = /^\/?([A-Za-z]+)\s*:/.exec(message);
  const f = m?.[1] as PrivacyField | undefined;
  return f && PRIVACY_FIELDS.includes(f) ? f : null;
}

/**
 * The settings a submitted form holds: text fields as typed (the server trims and drops cleared
 * optional ones), the checkbox as a boolean.
 */
export function settingsFromForm(form: FormData): PrivacySettings {
  const out: Record<string, unknown> = {};
  for (const f of PRIVACY_FIELDS) out[f] = String(form.get(f) ?? '');
  out.reverseDns = form.get('reverseDns') === 'on';
  return out as PrivacySettings;
}
