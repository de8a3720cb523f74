/**
 * Referrer-spam hosts: sites that fake visits with their own address as the referrer to get it
 * into analytics reports. A beacon whose referrer is one of them, or a sub-domain, is dropped
 * (`referrer_spam`, counted on /metrics). A short list of long-running offenders, written for this
 * project from public reports; extend it here (lower-case, registrable domains).
 */
export const REFERRER_SPAM: readonly string[] = [
  '4webmasters.org',
  '7makemoneyonline.com',
  'best-seo-offer.com',
  'best-seo-solution.com',
  'blackhatworth.com',
  'buttons-for-website.com',
  'buttons-for-your-website.com',
  'darodar.com',
  'econom.co',
  'event-tracking.com',
  'floating-share-buttons.com',
  'free-share-buttons.com',
  'free-social-buttons.com',
  'get-free-traffic-now.com',
  'hulfingtonpost.com',
  'ilovevitaly.com',
  'ilovevitaly.ru',
  'kambasoft.com',
  'priceg.com',
  'rank-checker.online',
  'ranksonic.info',
  'savetubevideo.com',
  'semalt.com',
  'seo-platform.com',
  'social-buttons.com',
  'trafficmonetize.org',
  'webmonetizer.net',
];

const SPAM = new Set(REFERRER_SPAM);

/**
 * True when `host` is a listed spam domain or one of its sub-domains.
 * @example isReferrerSpam('www.semalt.com') // true
 */
export function isReferrerSpam(host: string): boolean {
  let h = host.toLowerCase().replace(/\.$/, '');
  for (;;) {
    if (SPAM.has(h)) return true;
    const dot = h.indexOf('.');
    if (dot < 0) return false;
    h = h.slice(dot + 1);
  }
}
