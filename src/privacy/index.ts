export { DailyKeyer } from './daily-keyer.ts';
export { buildNotice, buildNoticeSnippet, noticeFacts } from './notice.ts';
export {
  DEFAULT_RETENTION_DAYS,
  NOTICE_FORMATS,
  NOTICE_LANGS,
  type NoticeFormat,
  type NoticeInput,
  type NoticeLang,
  PrivacySettings,
  PrivacySettingsState,
  pickLanguage,
} from './notice-model.ts';
export { createPrivacyRoutes, type PrivacyRouteDeps } from './notice-routes.ts';
export {
  createPrivacySettingsStore,
  optOutUrl,
  PrivacySettingsError,
  validatePrivacySettings,
} from './notice-settings.ts';
export { buildRecord, recordMarkdown } from './record.ts';
export { ProcessingRecord } from './record-model.ts';
