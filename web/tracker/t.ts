/**
 * Leadlens tracking script, served as `/t.js` (see README.md for the contract).
 *
 * A tiny IIFE with no imports: plain DOM APIs, no cookies, no storage, no identifiers.
 * Every entry point is wrapped in try/catch so nothing ever throws into the host page.
 *
 * @example
 * <script defer src="https://stats.example.com/t.js" data-site="SITE_KEY"></script>
 */
((w: Window, d: Document) => {
  // Declared inside the IIFE: this file is a script, a top-level type would be global.
  type Payload = { s: string; e: string; u: string; r: string; t: string; w: number; m?: number };
  try {
    const script = d.currentScript as HTMLScriptElement | null;
    const data = script?.dataset;
    const site = data?.site;
    const loc = location;
    if (!site || !/^https?:$/.test(loc.protocol)) return;

    const api = data.api || `${new URL(script!.src).origin}/e`;
    const hashMode = data.hash != null;
    const exclude = data.exclude;
    // `*` matches any run of characters (also `/`); every other character is literal.
    const excluded = exclude
      ? RegExp(
          `^(${exclude
            .split(',')
            .map((g) => g.trim().replace(/\W/g, '\\$&').replace(/\\\*/g, '.*'))
            .join('|')})$`,
        )
      : undefined;
    // Firefox before 133 ignores fetch keepalive, so a beacon sent on pagehide could be cut off.
    const keepalive = 'keepalive' in Request.prototype;
    const now = () => performance.now();

    let last: string | undefined; // URL of the last navigation seen (dedupe key)
    let current: Payload | undefined; // the tracked pageview; undefined on an excluded page
    // Only the first pageview sent in a page load carries it (an excluded landing page keeps it).
    let referrer = d.referrer;
    let visibleSince = 0; // 0 while hidden
    let engaged = 0; // visible ms not sent yet

    const send = (p: Payload) => {
      try {
        const body = JSON.stringify(p);
        // text/plain keeps the request CORS-"simple" (no preflight); 'omit' sends no cookies.
        keepalive
          ? fetch(api, {
              method: 'POST',
              body,
              keepalive,
              credentials: 'omit',
              headers: { 'Content-Type': 'text/plain' },
            }).catch(() => {})
          : w.navigator.sendBeacon(api, body);
      } catch {}
    };

    const resume = () => {
      visibleSince = d.visibilityState === 'hidden' ? 0 : visibleSince || now();
    };

    // Sub-second remainders stay in `engaged` (added to the next send of the same pageview)
    // instead of producing a beacon each time a tab flickers.
    const flush = () => {
      if (visibleSince) engaged += now() - visibleSince;
      visibleSince = 0;
      const m = Math.round(engaged);
      if (current && m >= 1000) {
        send({ ...current, e: 'engagement', r: '', m });
        engaged = 0;
      }
    };

    const track = (force?: boolean) => {
      try {
        const path = loc.pathname + (hashMode ? loc.hash : '');
        const utm = loc.search
          .slice(1)
          .split('&')
          .filter((p) => p.startsWith('utm_'))
          .join('&');
        const u = loc.origin + loc.pathname + (utm && `?${utm}`) + (hashMode ? loc.hash : '');
        if (u === last && !force) return;
        last = u;
        flush();
        engaged = 0;
        resume();
        current = excluded?.test(path)
          ? undefined
          : { s: site, e: 'pageview', u, r: referrer, t: d.title, w: screen.width };
        if (current) {
          send(current);
          referrer = '';
        }
      } catch {}
    };

    const start = () => {
      try {
        const h = history;
        for (const k of ['pushState', 'replaceState'] as const) {
          const original = h[k];
          h[k] = function (this: History, ...args: Parameters<History['pushState']>) {
            // The page's own errors (e.g. a cross-origin URL) must still reach the page.
            const result = original.apply(this, args);
            track();
            return result;
          };
        }
        const on = (target: EventTarget, type: string, fn: (e: Event) => void) =>
          target.addEventListener(type, (e) => {
            try {
              fn(e);
            } catch {}
          });
        on(w, 'popstate', () => track());
        if (hashMode) on(w, 'hashchange', () => track());
        on(d, 'visibilitychange', () => (d.visibilityState === 'hidden' ? flush() : resume()));
        on(w, 'pagehide', flush);
        // A page restored from the back/forward cache is a new view of the same URL.
        on(w, 'pageshow', (e) => (e as PageTransitionEvent).persisted && track(true));
        track();
      } catch {}
    };

    // A prerendered page counts only once the visitor actually sees it.
    if ((d as Document & { prerendering?: boolean }).prerendering) {
      d.addEventListener('prerenderingchange', start, { once: true });
    } else start();
  } catch {}
})(window, document);
