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
export {
  createOptoutService,
  type Optout,
  type OptoutChange,
  type OptoutService,
  type OptoutServiceDeps,
  type OptoutTarget,
} from './optout.ts';
export { AddOptoutBody, createOptoutAdminRoutes, type OptoutAdminDeps } from './optout-admin.ts';
export { createOptoutRequests, type OptoutRequest } from './optout-requests.ts';
export { createOrgResolver, normalizeDomain } from './optout-resolve.ts';
export { createOptoutRoutes, type OptoutRouteDeps } from './optout-routes.ts';
export { pickLang } from './optout-texts.ts';
export { buildRecord, recordMarkdown } from './record.ts';
export { ProcessingRecord } from './record-model.ts';
export {
  createRetentionPurge,
  type RetentionDeps,
  type RetentionPurge,
  type RetentionResult,
  retentionCutoff,
} from './retention.ts';
