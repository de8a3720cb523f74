import type { Lang } from './optout-requests.ts';
import { LANG_NAMES, OPTOUT_TEXTS, type OptoutTexts } from './optout-texts.ts';

/** Headers of every public opt-out answer: no scripts, no framing, no referrer, no caching. */
export const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'cache-control': 'no-store',
} as const;

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text made safe for HTML content and quoted attributes. @example escapeHtml('<b>') // '&lt;b&gt;' */
export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => ESCAPES[c]);

/** What the page shows besides its forms. */
export interface PageState {
  lang: Lang;
  /** The organisation of the viewer's network, or null (none recognised). */
  org: string | null;
  /** A one-line outcome shown on top. */
  notice?: { kind: 'ok' | 'error'; text: keyof OptoutTexts };
  /** The request form's values, kept after a refused submission. */
  form?: Partial<Record<'name' | 'domain' | 'email' | 'message', string>>;
  /** After an opt-out: the page says it is done and offers no button. */
  done?: boolean;
}

const CSS = `body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#1d2330}
h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:2rem}nav a{margin-right:.75rem}
.org{font-weight:600}.ok{background:#e7f6ec;padding:.75rem}.error{background:#fdecea;padding:.75rem}
label{display:block;margin-top:.75rem}input,textarea{width:100%;box-sizing:border-box;padding:.4rem;font:inherit}
button{margin-top:1rem;padding:.5rem 1rem;font:inherit}small{color:#555}`;

const fill = (s: string, name: string) => s.replace('{name}', `<span class="org">${name}</span>`);

/** The whole /opt-out page; every dynamic value is escaped. */
export function renderOptoutPage(s: PageState): string {
  const x = OPTOUT_TEXTS[s.lang];
  const org = s.org === null ? null : escapeHtml(s.org);
  const v = (k: keyof NonNullable<PageState['form']>) => escapeHtml(s.form?.[k] ?? '');
  const langs = (Object.keys(LANG_NAMES) as Lang[])
    .map((l) => `<a href="/opt-out?lang=${l}" hreflang="${l}" lang="${l}">${LANG_NAMES[l]}</a>`)
    .join('');
  const notice = s.notice
    ? `<p class="${s.notice.kind}" role="status">${
        s.notice.text === 'done' && org ? fill(x.done, org) : escapeHtml(x[s.notice.text])
      }</p>`
    : '';
  const own =
    org === null
      ? `<p>${escapeHtml(x.none)}</p>`
      : s.done
        ? ''
        : `<p>${fill(x.yours, org)}</p>
<form method="post" action="/opt-out"><input type="hidden" name="lang" value="${s.lang}">
<p><small>${escapeHtml(x.effect)}</small></p><button type="submit">${fill(x.button, org)}</button></form>`;
  return `<!doctype html>
<html lang="${s.lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex"><title>${escapeHtml(x.title)}</title><style>${CSS}</style></head>
<body><nav>${langs}</nav><h1>${escapeHtml(x.title)}</h1>${notice}
<p>${escapeHtml(x.intro)}</p>${own}
<h2>${escapeHtml(x.otherTitle)}</h2><p>${escapeHtml(x.otherIntro)}</p>
<form method="post" action="/opt-out/request"><input type="hidden" name="lang" value="${s.lang}">
<label>${escapeHtml(x.name)}<input name="name" required maxlength="200" value="${v('name')}"></label>
<label>${escapeHtml(x.domain)}<input name="domain" required maxlength="253" value="${v('domain')}"></label>
<label>${escapeHtml(x.email)}<input name="email" type="email" required maxlength="254" value="${v('email')}"></label>
<label>${escapeHtml(x.message)}<textarea name="message" maxlength="2000" rows="4">${v('message')}</textarea></label>
<button type="submit">${escapeHtml(x.send)}</button></form></body></html>`;
}
