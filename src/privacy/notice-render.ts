/**
 * A tiny document model for generated legal texts, and its three renderers. The language texts
 * build blocks of plain strings; only the renderers know about markup, so every string — ours or
 * an operator's setting — is escaped in exactly one place.
 */

/** Plain text, or a link (rendered as a link only when the URL is http(s)). */
export type Inline = string | { text: string; href: string };
/** A heading, a paragraph or a bulleted list. */
export type Block = { h: 1 | 2; text: string } | { p: Inline[] } | { ul: Inline[][] };

/** A link the renderers may emit: http(s) only, anything else stays plain text. */
export const safeHref = (u: string): string | null =>
  URL.canParse(u) && /^https?:$/.test(new URL(u).protocol) ? u : null;

const HTML: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
/** Escapes text for HTML element content and quoted attributes. */
export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => HTML[c]);

// Address lines keep their breaks in HTML.
const htmlText = (s: string) => escapeHtml(s).replace(/\r?\n/g, '<br>\n');

function htmlInline(parts: Inline[]): string {
  return parts
    .map((x) => {
      if (typeof x === 'string') return htmlText(x);
      const href = safeHref(x.href);
      return href
        ? `<a href="${escapeHtml(href)}" rel="noopener noreferrer">${htmlText(x.text)}</a>`
        : htmlText(x.text);
    })
    .join('');
}

/** The blocks as an HTML fragment (headings shifted by `shift`, e.g. 1 to start at h2). */
export function renderHtmlBlocks(blocks: Block[], shift = 0): string {
  return blocks
    .map((b) => {
      if ('h' in b) return `<h${b.h + shift}>${htmlText(b.text)}</h${b.h + shift}>`;
      if ('p' in b) return `<p>${htmlInline(b.p)}</p>`;
      return `<ul>\n${b.ul.map((li) => `  <li>${htmlInline(li)}</li>`).join('\n')}\n</ul>`;
    })
    .join('\n');
}

const STYLE =
  'body{font:16px/1.55 system-ui,sans-serif;max-width:46em;margin:2em auto;padding:0 1em;color:#222}' +
  'h1{font-size:1.6em}h2{font-size:1.2em;margin-top:1.6em}a{color:#0645ad}';

/** A complete HTML page (inline style only, so it works under `default-src 'none'`). */
export function renderHtmlPage(blocks: Block[], lang: string, title: string): string {
  return `<!doctype html>
<html lang="${escapeHtml(lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${renderHtmlBlocks(blocks)}
</main>
</body>
</html>
`;
}

/**
 * Escapes Markdown syntax in text: backslash escapes for the inline markers, and for a line that
 * would otherwise start a heading, list, quote or numbered list. Entities cover `&`, `<` and `>`
 * so an operator's text cannot open raw HTML, which most Markdown renderers pass through.
 */
export function escapeMarkdown(s: string): string {
  return s
    .replace(/[\\`*_{}[\]#+|!~]/g, (c) => `\\${c}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/^(\s*)-/gm, '$1\\-')
    .replace(/^(\s*\d+)([.)])/gm, '$1\\$2');
}

// Markdown treats a lone newline as a space; an address needs a hard break (two spaces).
const mdText = (s: string) => escapeMarkdown(s).replace(/\r?\n/g, '  \n');

function mdInline(parts: Inline[]): string {
  return parts
    .map((x) => {
      if (typeof x === 'string') return mdText(x);
      const href = safeHref(x.href);
      // Angle-bracket destinations allow any character except <, > and line breaks, which
      // safeHref's URL parser has already percent-encoded.
      return href ? `[${mdText(x.text)}](<${href}>)` : mdText(x.text);
    })
    .join('');
}

/** The blocks as CommonMark. */
export function renderMarkdown(blocks: Block[]): string {
  return `${blocks
    .map((b) => {
      if ('h' in b) return `${'#'.repeat(b.h)} ${mdText(b.text).replace(/\n/g, ' ')}`;
      if ('p' in b) return mdInline(b.p);
      return b.ul.map((li) => `- ${mdInline(li).replace(/\n/g, '\n  ')}`).join('\n');
    })
    .join('\n\n')}\n`;
}

/** Greedy word wrap at `width` columns; words longer than a line (URLs) get a line of their own. */
export function wrap(text: string, width: number, indent = '', first = indent): string {
  const out: string[] = [];
  for (const para of text.split(/\r?\n/)) {
    let line = out.length === 0 ? first : indent;
    let empty = true;
    for (const word of para.split(/\s+/).filter(Boolean)) {
      if (!empty && line.length + 1 + word.length > width) {
        out.push(line);
        line = indent + word;
      } else {
        line += empty ? word : ` ${word}`;
      }
      empty = false;
    }
    out.push(line);
  }
  return out.map((l) => l.trimEnd()).join('\n');
}

function txtInline(parts: Inline[]): string {
  return parts
    .map((x) => {
      if (typeof x === 'string') return x;
      const href = safeHref(x.href);
      if (!href || x.text === href) return href ?? x.text;
      return `${x.text} <${href}>`;
    })
    .join('');
}

/** The blocks as plain text wrapped at `width` columns (headings underlined). */
export function renderText(blocks: Block[], width = 80): string {
  return `${blocks
    .map((b) => {
      if ('h' in b) {
        const text = wrap(b.text, width);
        const longest = Math.max(...text.split('\n').map((l) => l.length));
        return `${text}\n${(b.h === 1 ? '=' : '-').repeat(longest)}`;
      }
      if ('p' in b) return wrap(txtInline(b.p), width);
      return b.ul.map((li) => wrap(txtInline(li), width, '  ', '- ')).join('\n');
    })
    .join('\n\n')}\n`;
}
