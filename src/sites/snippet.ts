/**
 * The origin a snippet points at, from what the operator typed: an http(s) URL with nothing
 * after the host (a path, a query or credentials would end up in every customer page). Null when
 * it is not one.
 * @example publicOrigin('https://stats.example.com/') // 'https://stats.example.com'
 */
export function publicOrigin(base: string): string | null {
  if (!URL.canParse(base)) return null;
  const u = new URL(base);
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return null;
  if (u.username || u.password || u.search || u.hash || u.pathname !== '/') return null;
  return u.origin;
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
const escapeAttr = (s: string) => s.replace(/[&<>"']/g, (c) => ESCAPES[c]);

/**
 * The tag to paste into every page of a site: the script, and a pixel for visitors without
 * JavaScript (the server takes the page from its Referer). `origin` must come from publicOrigin().
 * @example installSnippet('https://stats.example.com', 'abc…')
 * // <script defer src="https://stats.example.com/t.js" data-site="abc…"></script>
 * // <noscript><img src="https://stats.example.com/p.gif?s=abc…" alt="" width="1" height="1"></noscript>
 */
export function installSnippet(origin: string, siteKey: string): string {
  // Origins and keys hold no markup characters today; escaping keeps that from mattering.
  const base = escapeAttr(origin);
  const key = escapeAttr(siteKey);
  const pixelKey = escapeAttr(encodeURIComponent(siteKey));
  return (
    `<script defer src="${base}/t.js" data-site="${key}"></script>\n` +
    `<noscript><img src="${base}/p.gif?s=${pixelKey}" alt="" width="1" height="1"></noscript>`
  );
}
