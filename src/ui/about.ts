// The public /about page: which data Leadlens identifies organisations with, and the credits its
// licences ask for (CC BY 4.0 needs them wherever the data is used, also without a session).
import { type Driver, dataVersion } from '../db/index.ts';
import { type AttributionLine, attributionLines, createSourceCatalog } from '../sources/index.ts';

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * Text made safe for HTML content and quoted attributes.
 * @example escapeHtml('<b>"A&B"</b>') // '&lt;b&gt;&quot;A&amp;B&quot;&lt;/b&gt;'
 */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/** An escaped link when `url` is http(s) without credentials, else the escaped text alone. */
function link(text: string, url: string | null): string {
  const u = url && URL.canParse(url) ? new URL(url) : null;
  if (!u || !/^https?:$/.test(u.protocol) || u.username || u.password) return escapeHtml(text);
  return `<a href="${escapeHtml(u.href)}" rel="noopener noreferrer">${escapeHtml(text)}</a>`;
}

/**
 * The /about document for the loaded sources' credits; every value escaped, links http(s) only.
 * @example aboutHtml([{ text: 'NRO', url: 'https://www.nro.net/', licence: 'CC BY 4.0', … }])
 */
export function aboutHtml(lines: readonly AttributionLine[]): string {
  const items = lines
    .filter((l) => l.text)
    .map((l) => {
      const licence = l.licence ? ` — ${link(l.licence, l.licenceUrl)}` : '';
      const sources = l.sources.length
        ? ` <small>(${escapeHtml(l.sources.join(', '))})</small>`
        : '';
      return `<li>${link(l.text, l.url)}${licence}${sources}</li>`;
    });
  const credits = items.length
    ? `<p>The loaded network data asks for these credits:</p>\n<ul>\n${items.join('\n')}\n</ul>`
    : '<p>No loaded data source asks for a credit.</p>';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>About the data · Leadlens</title>
<style>body{font:16px/1.55 system-ui,sans-serif;max-width:42rem;margin:2rem auto;padding:0 1rem;color:#101828}a{color:#4338ca}small{color:#667085}</style>
</head>
<body>
<h1>About the data</h1>
<p>Leadlens shows which organisations visit a website by looking up the network a visit comes from in public registries and datasets. It never stores visitors’ IP addresses.</p>
${credits}
<p><a href="/login">Sign in</a></p>
</body>
</html>
`;
}

/** Headers of /about: a static page with no script at all. */
export const ABOUT_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'cache-control': 'no-cache',
};

/**
 * The /about page for a database, rebuilt only when the data version changes: the catalog counts
 * ranges per source, which a public page must not pay on every request.
 */
export function createAboutPage(db: Driver): () => Response {
  const catalog = createSourceCatalog(db);
  let cached: { version: number; body: string } | null = null;
  return () => {
    const version = dataVersion(db);
    if (cached?.version !== version)
      cached = { version, body: aboutHtml(attributionLines(catalog.list())) };
    return new Response(cached.body, { headers: ABOUT_HEADERS });
  };
}
