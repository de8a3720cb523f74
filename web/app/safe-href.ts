/**
 * The URL as a string when it is an absolute `http:` or `https:` URL, else `undefined` (so Lit's
 * `ifDefined` leaves the `href` out). Company data comes from imported files and beacons: a
 * `javascript:` or `data:` link there must never become clickable.
 * With `assumeHttps`, a value without a scheme ("linkedin.com/company/x") gets `https://`.
 * @example safeHref('https://example.com') // 'https://example.com/'
 * @example safeHref('javascript:alert(1)') // undefined
 */
export function safeHref(
  raw: string | null | undefined,
  opts: { assumeHttps?: boolean } = {},
): string | undefined {
  if (typeof raw !== 'string') return undefined;
  let s = raw.trim();
  if (!s) return undefined;
  // "No scheme" means no ':' before the first '/', '?' or '#'.
  if (opts.assumeHttps && !/^[^/?#]*:/.test(s)) s = `https://${s.replace(/^\/+/, '')}`;
  let url: URL;
  try {
    url = new URL(s);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  // Credentials in a link are a phishing trick ("https://bank.com@evil.test"), never company data.
  if (url.username || url.password) return undefined;
  return url.href;
}

const HOST = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/i;

/**
 * The https link to a company's website from its bare domain, when the domain is a host name.
 * @example domainHref('canaryco.example') // 'https://canaryco.example/'
 */
export function domainHref(domain: string | null | undefined): string | undefined {
  if (!domain || !HOST.test(domain.trim())) return undefined;
  return safeHref(`https://${domain.trim()}`);
}
