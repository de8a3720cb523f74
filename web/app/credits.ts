import type { AttributionLine } from './api/sources.ts';
import { safeHref } from './safe-href.ts';

/** Credits sharing one licence, as the footer shows them: "A · B · C — CC BY 4.0". */
export interface CreditGroup {
  licence: string | null;
  /** http(s) only, else undefined (rendered as plain text). */
  licenceHref: string | undefined;
  credits: { text: string; href: string | undefined }[];
}

/**
 * Groups credits by licence in the order they come (source priority), links made safe.
 * @example groupCredits(lines) // [{ licence: 'CC BY 4.0', credits: [{ text: 'IP Geolocation by DB-IP', … }, …] }]
 */
export function groupCredits(lines: readonly AttributionLine[]): CreditGroup[] {
  const groups = new Map<string, CreditGroup>();
  for (const l of lines) {
    if (!l.text) continue;
    const key = l.licence ?? '';
    let g = groups.get(key);
    if (!g) {
      g = { licence: l.licence, licenceHref: safeHref(l.licenceUrl), credits: [] };
      groups.set(key, g);
    }
    if (!g.credits.some((c) => c.text === l.text))
      g.credits.push({ text: l.text, href: safeHref(l.url) });
  }
  return [...groups.values()];
}
