/** Methods that never change state; every other method is checked. */
const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Fetch-Metadata values a browser sends for requests our own pages make (or the user typed). */
const SAME_SITE_FETCH: ReadonlySet<string> = new Set(['same-origin', 'none']);

/** The first value of a comma-separated header that a proxy sets (the client-facing hop). */
const firstValue = (v: string | null) => v?.split(',')[0].trim().toLowerCase() || null;

/**
 * What auth needs to know about where a request came from. Forwarded headers (X-Forwarded-Proto,
 * X-Forwarded-Host) are believed only when the socket peer is a trusted proxy.
 */
export interface RequestFacts {
  /** True when the browser reached us over HTTPS (directly, or at a trusted proxy). */
  isHttps(request: Request, peer: string | null): boolean;
  /**
   * CSRF defence (OWASP: Fetch Metadata with an Origin fallback). Safe methods pass. Otherwise
   * `Sec-Fetch-Site` must be same-origin or none when present; without it an `Origin` whose host
   * equals the request's host is required. `Origin: null`, a foreign origin or neither header fails.
   */
  sameOrigin(request: Request, peer: string | null): boolean;
}

/**
 * Compiles the checks once with the trusted-proxy matcher.
 * @example const facts = createRequestFacts(createCidrMatcher(config.trustedProxies));
 */
export function createRequestFacts(trusted: (ip: string) => boolean): RequestFacts {
  const fromProxy = (peer: string | null) => peer !== null && trusted(peer);

  const isHttps = (request: Request, peer: string | null) =>
    new URL(request.url).protocol === 'https:' ||
    (fromProxy(peer) && firstValue(request.headers.get('x-forwarded-proto')) === 'https');

  // The host the browser addressed: the proxy's X-Forwarded-Host when it sent one, else Host.
  const requestHost = (request: Request, peer: string | null) =>
    (fromProxy(peer) && firstValue(request.headers.get('x-forwarded-host'))) ||
    request.headers.get('host')?.trim().toLowerCase() ||
    new URL(request.url).host;

  return {
    isHttps,
    sameOrigin(request, peer) {
      if (SAFE_METHODS.has(request.method)) return true;
      const site = request.headers.get('sec-fetch-site');
      if (site !== null) return SAME_SITE_FETCH.has(site.trim().toLowerCase());
      const origin = request.headers.get('origin');
      if (!origin || origin === 'null' || !URL.canParse(origin)) return false;
      const o = new URL(origin);
      if (o.protocol !== 'https:' && o.protocol !== 'http:') return false;
      // Compare as URLs of the origin's scheme, so a default port written out ("host:443") matches.
      const host = `${o.protocol}//${requestHost(request, peer)}`;
      return URL.canParse(host) && new URL(host).host === o.host;
    },
  };
}
