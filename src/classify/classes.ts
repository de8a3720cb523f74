/** The network classes, in display order: leads first, then the counted-only classes. */
export const NETWORK_CLASSES = [
  'business',
  'education',
  'government',
  'isp',
  'mobile',
  'hosting',
  'unknown',
] as const;

/** One of {@link NETWORK_CLASSES}. */
export type NetworkClass = (typeof NETWORK_CLASSES)[number];

const CLASS_SET: ReadonlySet<string> = new Set(NETWORK_CLASSES);
const LEADS: ReadonlySet<NetworkClass> = new Set(['business', 'education', 'government']);

/**
 * Whether visitors from a network of this class are shown as leads (an organisation that
 * visited), as opposed to access/hosting networks that only get counted.
 * @example isLead('education') // true
 */
export function isLead(c: NetworkClass): boolean {
  return LEADS.has(c);
}

/**
 * Type guard for strings read from CSV, the DB or a query string.
 * @example isNetworkClass('isp') // true; isNetworkClass('ISP') // false
 */
export function isNetworkClass(s: string): s is NetworkClass {
  return CLASS_SET.has(s);
}

// ipverse as-metadata `metadata.category` values. Anything else (including a category a later
// ipverse release adds) maps to null, so the keyword rules decide instead of a guess here.
const IPVERSE: Readonly<Record<string, NetworkClass>> = {
  isp: 'isp',
  hosting: 'hosting',
  business: 'business',
  education_research: 'education',
  government_admin: 'government',
};

/**
 * Map an ipverse `metadata.category` (isp, hosting, business, education_research,
 * government_admin, null) to a class; null for unknown/absent.
 * @example classFromIpverseCategory('education_research') // 'education'
 */
export function classFromIpverseCategory(category: string | null | undefined): NetworkClass | null {
  if (typeof category !== 'string') return null;
  const key = category.trim().toLowerCase();
  return Object.hasOwn(IPVERSE, key) ? IPVERSE[key] : null;
}
