import type { PrivacySettings } from '../notice-model.ts';
import type { Block, Inline } from '../notice-render.ts';

/** How many of the sites act on a browser signal; `sites` names them when only some do. */
export interface Coverage {
  mode: 'all' | 'some' | 'none';
  sites: string[];
}

/** One retention for all sites, one per site, or (many sites) the longest. */
export type Retention =
  | { mode: 'same'; days: number }
  | { mode: 'per-site'; sites: { name: string; days: number }[] }
  | { mode: 'max'; days: number };

/** A credit for loaded data (from the sources module's attribution lines). */
export interface Credit {
  text: string;
  url: string | null;
  licence: string | null;
  licenceUrl: string | null;
}

/** The facts a language text is written from, derived once from the live settings. */
export interface NoticeFacts {
  settings: PrivacySettings;
  optOutUrl: string;
  credits: Credit[];
  /** Sources without a credit (an operator's own lists), by name. */
  ownSources: string[];
  gpc: Coverage;
  dnt: Coverage;
  retention: Retention;
  date?: string;
}

/** One language's notice: its title and the blocks for given facts. */
export interface NoticeText {
  title: string;
  build(f: NoticeFacts): Block[];
}

/** A link inline. */
export const link = (text: string, href: string): Inline => ({ text, href });

/** "a, b and c" in the given language. */
export const joinList = (lang: string, items: string[]): string =>
  new Intl.ListFormat(lang, { type: 'conjunction' }).format(items);

/** A credit as inline parts: its text (linked), then its licence (linked) in brackets. */
export function creditInline(c: Credit): Inline[] {
  const parts: Inline[] = [c.url ? link(c.text, c.url) : c.text];
  if (c.licence) {
    parts.push(' (', c.licenceUrl ? link(c.licence, c.licenceUrl) : c.licence, ')');
  }
  return parts;
}

/** The controller's contact lines; labels carry their own colon (French spaces it). */
export function controllerLines(s: PrivacySettings, l: { email: string; dpo: string }): Inline[][] {
  const items: Inline[][] = [
    [s.controllerName],
    [s.controllerAddress],
    [`${l.email} ${s.contactEmail}`],
  ];
  const dpo = [s.dpoName, s.dpoEmail].filter(Boolean).join(', ');
  if (dpo) items.push([`${l.dpo} ${dpo}`]);
  return items;
}

/** The supervisory authority as inline parts, or null when none is configured. */
export function authorityInline(s: PrivacySettings): Inline[] | null {
  const name = s.authorityName ?? s.authorityUrl;
  if (!name) return null;
  return [s.authorityUrl ? link(name, s.authorityUrl) : name];
}
