import { t } from 'elysia';

// Everything here ends up in a public page, so text fields refuse control characters other than
// line breaks (an address spans lines) and tabs: they have no business in a legal notice.
const TEXT = '^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f]*$';
const LINE = '^[^\\u0000-\\u001f\\u007f]*$';

const Line = (maxLength: number) => t.String({ minLength: 1, maxLength, pattern: LINE });
/** An e-mail address; deliberately loose (RFC 5322 is not worth matching), but one token. */
const Email = t.String({ minLength: 3, maxLength: 254, pattern: '^[^\\s@<>"]+@[^\\s@<>"]+$' });
/** An absolute http(s) URL; the service also parses it and refuses credentials in it. */
const HttpUrl = t.String({ minLength: 8, maxLength: 2048, pattern: '^https?://[^\\s<>"]+$' });

/**
 * The controller's details the privacy notice and the processing record are built from, stored
 * in `settings` under `privacy.*` keys. Optional fields are absent when not given.
 */
export const PrivacySettings = t.Object(
  {
    controllerName: Line(200),
    controllerAddress: t.String({ minLength: 1, maxLength: 500, pattern: TEXT }),
    contactEmail: Email,
    dpoName: t.Optional(Line(200)),
    dpoEmail: t.Optional(Email),
    authorityName: t.Optional(Line(200)),
    authorityUrl: t.Optional(HttpUrl),
    /** Where this Leadlens server is reached publicly; the opt-out page is `<base>/opt-out`. */
    publicBaseUrl: HttpUrl,
    /** Reverse-DNS enrichment of networks (off by default; the notice mentions it only when on). */
    reverseDns: t.Boolean(),
  },
  { additionalProperties: false },
);
export type PrivacySettings = typeof PrivacySettings.static;

/** GET /api/privacy/settings: null settings until an admin has saved them once. */
export const PrivacySettingsState = t.Object({
  configured: t.Boolean(),
  settings: t.Union([PrivacySettings, t.Null()]),
});
export type PrivacySettingsState = typeof PrivacySettingsState.static;

/** The languages the notice is written in. */
export const NOTICE_LANGS = ['en', 'fr', 'nl', 'de'] as const;
export type NoticeLang = (typeof NOTICE_LANGS)[number];
/** The output formats of the notice. */
export const NOTICE_FORMATS = ['html', 'md', 'txt'] as const;
export type NoticeFormat = (typeof NOTICE_FORMATS)[number];

/** 'a, b or c' */
const oneOf = (xs: readonly string[]) => `${xs.slice(0, -1).join(', ')} or ${xs.at(-1)}`;
// `error`: the 400's message, whichever onError answers (see validationMessage).
const Lang = t.Union(
  NOTICE_LANGS.map((l) => t.Literal(l)),
  { error: `lang must be ${oneOf(NOTICE_LANGS)}` },
);

/** GET /privacy-notice?lang=…&format=… */
export const NoticeQuery = t.Object({
  lang: t.Optional(Lang),
  format: t.Optional(
    t.Union(
      NOTICE_FORMATS.map((f) => t.Literal(f)),
      { error: `format must be ${oneOf(NOTICE_FORMATS)}` },
    ),
  ),
});

/** GET /privacy-notice/snippet?lang=… */
export const SnippetQuery = t.Object({ lang: t.Optional(Lang) });

/** GET /api/privacy/record?format=json|md */
export const RecordQuery = t.Object({
  format: t.Optional(
    t.Union([t.Literal('json'), t.Literal('md')], { error: 'format must be json or md' }),
  ),
});

/** A site as far as the notice cares: what it honours and how long it keeps visits. */
export interface NoticeSite {
  name: string;
  honorGpc: boolean;
  honorDnt: boolean;
  retentionDays: number;
}

/** A loaded data source as far as the notice cares (a SourceInfo fits). */
export interface NoticeSource {
  name: string;
  format: string;
  licence: string | null;
  attribution: string | null;
  attributionUrl: string | null;
}

/** Everything the notice is generated from: the live settings, sites and sources. */
export interface NoticeInput {
  settings: PrivacySettings;
  sites: NoticeSite[];
  sources: NoticeSource[];
  /** The day the text was generated (YYYY-MM-DD), shown as "last updated"; omitted when absent. */
  date?: string;
}

/** Retention a site gets when nothing else is configured (the sites module's default). */
export const DEFAULT_RETENTION_DAYS = 395;

/**
 * The best supported language for an Accept-Language header (q-values respected, region
 * subtags ignored); English when none fits.
 * @example pickLanguage('de-CH,de;q=0.9,en;q=0.8') // 'de'
 */
export function pickLanguage(header: string | null | undefined): NoticeLang {
  let best: NoticeLang = 'en';
  let bestQ = 0;
  for (const part of (header ?? '').split(',').slice(0, 20)) {
    const [tag, ...params] = part.trim().toLowerCase().split(';');
    const lang = tag.split('-')[0] as NoticeLang;
    if (!NOTICE_LANGS.includes(lang)) continue;
    const qp = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qp ? Number(qp.slice(2)) : 1;
    if (Number.isFinite(q) && q > bestQ) {
      best = lang;
      bestQ = q;
    }
  }
  return best;
}
