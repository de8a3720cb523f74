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
// Measured on the whole bundled ASN dataset, not on the labelled sample: about 17,000 of its
// 84,000 ASNs match no override and no keyword. In a random draw of 100 of them judged by hand,
// about a third were organisations (a casino, a diocese, a city, a liquor board) and two thirds
// were access providers (many registered under a person's name, "PT … Nusantara", "… Ltda - ME"),
// hosters, IP-leasing outfits and "-Reserved AS-" placeholders. So 'business' would be wrong
// about twice as often as 'unknown', and an 'unknown' lead is still shown, just marked.
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
