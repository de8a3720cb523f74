import type {
  NoticeLang,
  PrivacySettings,
  PrivacySettingsState,
} from '../../../src/privacy/notice-model.ts';
import { qs, request, requestText } from './http.ts';

export type { NoticeLang, PrivacySettings, PrivacySettingsState };

/** The languages the public notice is written in (the server's NOTICE_LANGS). */
export const NOTICE_LANGS: readonly NoticeLang[] = ['en', 'fr', 'nl', 'de'];

/** The controller's details, or `configured: false` before the first save. */
export const getPrivacySettings = (signal?: AbortSignal) =>
  request<PrivacySettingsState>('GET', '/api/privacy/settings', undefined, signal);
/** Saves the controller's details (admins); the server trims them and drops cleared options. */
export const putPrivacySettings = (s: PrivacySettings) =>
  request<PrivacySettings>('PUT', '/api/privacy/settings', s);
/** The public notice as plain text (shown as text, never as HTML). */
export const getNoticeText = (lang: NoticeLang, signal?: AbortSignal) =>
  requestText(`/privacy-notice${qs({ lang, format: 'txt' })}`, signal);
/** The HTML fragment for the customer's own privacy page, as source text to copy. */
export const getNoticeSnippet = (lang: NoticeLang, signal?: AbortSignal) =>
  requestText(`/privacy-notice/snippet${qs({ lang })}`, signal);
/** Where the Art. 30 record downloads from. */
export const recordHref = (format: 'md' | 'json') => `/api/privacy/record${qs({ format })}`;
