import { Elysia } from 'elysia';
import { type Auth, validationMessage } from '../auth/index.ts';
import { type Driver, dataVersion } from '../db/index.ts';
import { createSiteService, ErrorBody } from '../sites/index.ts';
import { createSourceCatalog, type SourceInfo } from '../sources/index.ts';
import { buildNotice, buildNoticeSnippet } from './notice.ts';
import {
  type NoticeFormat,
  type NoticeInput,
  NoticeQuery,
  PrivacySettings,
  PrivacySettingsState,
  pickLanguage,
  RecordQuery,
  SnippetQuery,
} from './notice-model.ts';
import { createPrivacySettingsStore, PrivacySettingsError } from './notice-settings.ts';
import { buildRecord, recordMarkdown } from './record.ts';
import { ProcessingRecord } from './record-model.ts';

/** What createPrivacyRoutes needs. */
export interface PrivacyRouteDeps {
  db: Driver;
  clock?: () => number;
  auth: Pick<Auth, 'guard' | 'requireRole'>;
}

const failure = (code: string, message: string) => ({ error: { code, message } });

const TYPES: Record<NoticeFormat, string> = {
  html: 'text/html; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
};
// The page is ours but its text is the operator's: no script, no remote anything, even if an
// escaping bug ever let markup through.
const HTML_CSP = "default-src 'none'; style-src 'unsafe-inline'";

/**
 * The privacy notice and the processing record, from the live settings, sites and sources.
 * `public` (no session; mount at the root): GET /privacy-notice?lang=en|fr|nl|de&format=html|md|txt
 * (language from Accept-Language when not given) and GET /privacy-notice/snippet?lang=… (an HTML
 * fragment for the customer's own privacy page). Both 404 `not_configured` until settings exist.
 * `admin` (mount under /api behind the guard): GET /privacy/settings, PUT /privacy/settings
 * (admin+), GET /privacy/record?format=json|md.
 * @example
 * const privacy = createPrivacyRoutes({ db, clock, auth });
 * app.use(privacy.public).group('/api', (g) => g.use(auth.guard).use(privacy.admin));
 */
export function createPrivacyRoutes(d: PrivacyRouteDeps) {
  const clock = d.clock ?? Date.now;
  const store = createPrivacySettingsStore(d.db);
  const sites = createSiteService(d.db, clock);
  const catalog = createSourceCatalog(d.db);
  // The catalog counts ranges per source (hundreds of thousands of rows); a public page must not
  // pay that per request. Every import bumps the data version, so it is the cache key.
  let cached: { version: number; sources: SourceInfo[] } | null = null;
  const sources = (): SourceInfo[] => {
    const version = dataVersion(d.db);
    if (cached?.version !== version) cached = { version, sources: catalog.list() };
    return cached.sources;
  };
  const input = (): NoticeInput | null => {
    const settings = store.get();
    if (!settings) return null;
    // A disabled site records nothing, so what it would honour does not concern visitors.
    const live = sites.list().filter((s) => s.enabled);
    return { settings, sites: live, sources: sources() };
  };
  const notConfigured = () =>
    Response.json(failure('not_configured', 'no privacy notice has been published yet'), {
      status: 404,
      headers: { 'cache-control': 'no-store' },
    });
  const text = (body: string, type: string, extra: Record<string, string> = {}) =>
    new Response(body, {
      headers: {
        'content-type': type,
        'x-content-type-options': 'nosniff',
        // Cheap to build, and it must follow setting changes at once.
        'cache-control': 'no-cache',
        ...extra,
      },
    });
  const languageHeaders = (lang: string, fromHeader: boolean): Record<string, string> => ({
    'content-language': lang,
    ...(fromHeader ? { vary: 'accept-language' } : {}),
  });

  const publicRoutes = new Elysia()
    .onError(({ code, error, set }) => {
      if (code === 'VALIDATION') {
        set.status = 400;
        return failure('invalid', validationMessage(error));
      }
    })
    .get(
      '/privacy-notice',
      ({ query, request }) => {
        const data = input();
        if (!data) return notConfigured();
        const lang = query.lang ?? pickLanguage(request.headers.get('accept-language'));
        const format = query.format ?? 'html';
        const extra = languageHeaders(lang, !query.lang);
        if (format === 'html') extra['content-security-policy'] = HTML_CSP;
        return text(buildNotice(data, lang, format), TYPES[format], extra);
      },
      { query: NoticeQuery },
    )
    .get(
      '/privacy-notice/snippet',
      ({ query, request }) => {
        const data = input();
        if (!data) return notConfigured();
        const lang = query.lang ?? pickLanguage(request.headers.get('accept-language'));
        return text(buildNoticeSnippet(data, lang), TYPES.html, {
          ...languageHeaders(lang, !query.lang),
          'content-security-policy': HTML_CSP,
        });
      },
      { query: SnippetQuery },
    );

  const adminRoutes = new Elysia()
    // Also here, not only where the host mounts it: never an answer without a session.
    .use(d.auth.guard)
    .onError(({ code, error, set }) => {
      set.headers['cache-control'] = 'no-store';
      if (error instanceof PrivacySettingsError) {
        set.status = 400;
        return failure('invalid', error.message);
      }
      if (code === 'VALIDATION' || code === 'PARSE') {
        set.status = 400;
        return failure(
          'invalid',
          code === 'PARSE' ? 'malformed request body' : validationMessage(error),
        );
      }
    })
    .get(
      '/privacy/settings',
      (): PrivacySettingsState => {
        const settings = store.get();
        return { configured: settings !== null, settings };
      },
      { response: { 200: PrivacySettingsState } },
    )
    .put(
      '/privacy/settings',
      // The store validates (after trimming and dropping cleared optional fields), so no body
      // schema here: it would refuse a form's empty DPO field before it could be cleaned.
      ({ body }) => store.put(body),
      {
        beforeHandle: d.auth.requireRole('admin'),
        response: { 200: PrivacySettings, 400: ErrorBody },
      },
    )
    .get(
      '/privacy/record',
      ({ query, status }) => {
        const data = input();
        if (!data) return status(404, failure('not_configured', 'save the privacy settings first'));
        const record = buildRecord(data, new Date(clock()).toISOString());
        if (query.format === 'md') {
          return text(recordMarkdown(record), TYPES.md, { 'cache-control': 'no-store' });
        }
        return record;
      },
      { query: RecordQuery, response: { 200: ProcessingRecord, 404: ErrorBody } },
    );

  return { public: publicRoutes, admin: adminRoutes };
}

export type PrivacyRoutes = ReturnType<typeof createPrivacyRoutes>;
