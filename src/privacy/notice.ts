import { attributionLines } from '../sources/index.ts';
import {
  DEFAULT_RETENTION_DAYS,
  type NoticeFormat,
  type NoticeInput,
  type NoticeLang,
  type NoticeSite,
} from './notice-model.ts';
import { renderHtmlBlocks, renderHtmlPage, renderMarkdown, renderText } from './notice-render.ts';
import { optOutUrl } from './notice-settings.ts';
import { de } from './texts/de.ts';
import { en } from './texts/en.ts';
import { fr } from './texts/fr.ts';
import { nl } from './texts/nl.ts';
import type { Coverage, NoticeFacts, NoticeText, Retention } from './texts/types.ts';

const TEXTS: Record<NoticeLang, NoticeText> = { en, fr, nl, de };

// Past this many sites a per-site retention list stops helping a reader; the longest suffices.
const MAX_LISTED_SITES = 10;

function coverage(sites: NoticeSite[], on: (s: NoticeSite) => boolean): Coverage {
  const yes = sites.filter(on).map((s) => s.name);
  if (yes.length === sites.length) return { mode: 'all', sites: [] };
  if (yes.length === 0) return { mode: 'none', sites: [] };
  return { mode: 'some', sites: yes };
}

function retention(sites: NoticeSite[]): Retention {
  if (sites.length === 0) return { mode: 'same', days: DEFAULT_RETENTION_DAYS };
  const all = sites.map((s) => s.retentionDays);
  if (all.every((d) => d === all[0])) return { mode: 'same', days: all[0] };
  if (sites.length > MAX_LISTED_SITES) return { mode: 'max', days: Math.max(...all) };
  return { mode: 'per-site', sites: sites.map((s) => ({ name: s.name, days: s.retentionDays })) };
}

/**
 * The facts every language writes from. With no site yet, the sites module's defaults apply
 * (GPC honoured, DNT not, 395 days): that is what the first site will get.
 */
export function noticeFacts(input: NoticeInput): NoticeFacts {
  const sites: NoticeSite[] =
    input.sites.length > 0
      ? input.sites
      : [{ name: '', honorGpc: true, honorDnt: false, retentionDays: DEFAULT_RETENTION_DAYS }];
  const credits = attributionLines(input.sources);
  const credited = new Set(credits.flatMap((c) => c.sources));
  return {
    settings: input.settings,
    optOutUrl: optOutUrl(input.settings.publicBaseUrl),
    credits,
    ownSources: input.sources.filter((s) => !credited.has(s.name)).map((s) => s.name),
    gpc: coverage(sites, (s) => s.honorGpc),
    dnt: coverage(sites, (s) => s.honorDnt),
    retention: retention(input.sites),
    date: input.date,
  };
}

/**
 * The privacy notice for the live settings, sites and sources, in one language and format: a
 * pure function, so the public page, the snippet and the admin preview all say the same thing.
 * HTML is a complete page; every operator-provided value is escaped for the format.
 * @example buildNotice({ settings, sites: siteService.list(), sources: catalog.list() }, 'de', 'txt')
 */
export function buildNotice(input: NoticeInput, lang: NoticeLang, format: NoticeFormat): string {
  const text = TEXTS[lang];
  const blocks = text.build(noticeFacts(input));
  if (format === 'html') return renderHtmlPage(blocks, lang, text.title);
  if (format === 'md') return renderMarkdown(blocks);
  return renderText(blocks, 80);
}

/**
 * The notice as an HTML fragment to paste into a website's own privacy page: a `<section>`
 * with headings from h2 down, no styles and no scripts, every value escaped.
 */
export function buildNoticeSnippet(input: NoticeInput, lang: NoticeLang): string {
  const blocks = TEXTS[lang].build(noticeFacts(input));
  return `<section class="leadlens-privacy-notice" lang="${lang}">\n${renderHtmlBlocks(blocks, 1)}\n</section>\n`;
}
