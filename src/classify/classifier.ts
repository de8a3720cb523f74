import { isNetworkClass, type NetworkClass } from './classes.ts';
import { matchKeywords } from './keywords.ts';
import { loadDefaultOverrides } from './overrides.ts';

/**
 * What the classifier knows about a network: its AS number, the organisation name and, when a
 * data source gave one, a category.
 */
export interface ClassifyInput {
  asn: number | null;
  name: string;
  category?: NetworkClass | null;
}

/**
 * The class and the rule that decided it:
 * 'override' | 'source' | `keyword:${word}` (the matched text, normalised) | 'default'.
 */
export interface Classification {
  class: NetworkClass;
  why: string;
}

/** A pure function from a network to its class. */
export type Classifier = (input: ClassifyInput) => Classification;

// When no rule matches, say so: 'unknown' (not a lead, shown marked) rather than 'business'.
// Measured on the whole bundled ASN dataset, not on the labelled sample: after the override list
// and the keyword rules, about a fifth of all ASNs are left unmatched, and hand-judging random
// draws of them found fewer than half to be organisations; the rest are small access providers
// (often registered under a person's name), hosters, IP-leasing and unnamed ("-Reserved AS-")
// networks. Weighted by addresses the unmatched set leans further towards carriers (regional
// ISPs and research backbones with bare acronyms). So 'business' would put more non-leads in the
// inbox than 'unknown' hides leads, and an 'unknown' lead is still shown, just marked.
export const DEFAULT_CLASS: NetworkClass = 'unknown';

/**
 * Build a classifier. Precedence: the curated override list by ASN, then the source category,
 * then keyword rules on the name, then the default.
 * @example createClassifier(new Map([[3320, 'isp']]))({ asn: 3320, name: 'Deutsche Telekom AG' })
 *   // { class: 'isp', why: 'override' }
 */
export function createClassifier(
  overrides: Map<number, NetworkClass> = loadDefaultOverrides(),
): Classifier {
  return (input) => {
    if (input.asn !== null) {
      const forced = overrides.get(input.asn);
      if (forced !== undefined) return { class: forced, why: 'override' };
    }
    // 'unknown' from a source means "no opinion", so it must not stop the keyword rules.
    const category = input.category;
    if (category != null && category !== 'unknown' && isNetworkClass(category)) {
      return { class: category, why: 'source' };
    }
    const hit = matchKeywords(input.name);
    if (hit !== null) return { class: hit.class, why: `keyword:${hit.word}` };
    return { class: DEFAULT_CLASS, why: 'default' };
  };
}
