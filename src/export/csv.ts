import { stringify } from 'csv-stringify/sync';
import type { Cell } from './model.ts';

/**
 * First characters that make a spreadsheet read a cell as a formula (or, for tab/CR/LF, that
 * hide one behind a line a viewer does not see), with the full-width forms some apps fold to
 * ASCII. See OWASP "CSV Injection". As char codes: tested once per text cell of every row.
 */
const FORMULA_START = new Set(
  ['=', '+', '-', '@', '\t', '\r', '\n', '＝', '＋', '－', '＠'].map((c) => c.charCodeAt(0)),
);
// The ASCII ones as a table: nearly every cell starts with an ASCII letter, digit or '/'.
const ASCII_FORMULA = new Uint8Array(128);
for (const c of FORMULA_START) if (c < 128) ASCII_FORMULA[c] = 1;
const startsLikeFormula = (c: number) => (c < 128 ? ASCII_FORMULA[c] === 1 : FORMULA_START.has(c));

/**
 * A text cell made inert for spreadsheets: a leading `'` when it starts like a formula. Company
 * names, page titles and referrers come from third parties and visitors: hostile input. Only
 * text is ever passed here; numbers are written as numbers.
 * @example neutralise('=HYPERLINK("http://x")') // "'=HYPERLINK(\"http://x\")"
 */
export function neutralise(text: string): string {
  return startsLikeFormula(text.charCodeAt(0)) ? `'${text}` : text;
}

/** How the file is written: field delimiter and whether it starts with a byte order mark. */
export interface Dialect {
  delimiter: ',' | ';';
  bom: boolean;
}

/** The dialect of a query's `delimiter` and `bom` parameters (comma, no BOM by default). */
export function dialectOf(q: { delimiter?: 'comma' | 'semicolon'; bom?: '0' | '1' }): Dialect {
  return { delimiter: q.delimiter === 'semicolon' ? ';' : ',', bom: q.bom === '1' };
}

const BOM = '\uFEFF';

const NEEDS_QUOTES = { ',': /[",\r\n]/, ';': /[";\r\n]/ };

/**
 * CSV text for rows (RFC 4180: CRLF line ends, fields with a delimiter, quote or line break
 * quoted, quotes doubled), every text cell neutralised. Called once per chunk: the stream is the
 * concatenation of its chunks, the header (and the BOM) in the first only.
 *
 * Rows with a cell that needs quoting go through csv-stringify; rows without one are joined here,
 * byte for byte what csv-stringify writes for them (csv.test.ts checks it), because its cost per
 * field (a few objects each) was most of an export's time. The joining loop allocates nothing but
 * the line itself: it runs for every cell of a million-row export.
 * @example encodeRows([['=1+1', 2]], { delimiter: ',', bom: false }, ['a', 'b']) // "a,b\r\n'=1+1,2\r\n"
 */
export function encodeRows(rows: Cell[][], dialect: Dialect, header?: readonly string[]): string {
  const d = dialect.delimiter;
  const quotes = NEEDS_QUOTES[d];
  const all = header ? [header as unknown as Cell[], ...rows] : rows;
  // Lines without their CRLF, joined once at the end: flat strings, cheap to encode as UTF-8.
  const lines: string[] = [];
  const cells: string[] = [];
  let hard: Cell[][] = [];
  const flush = () => {
    lines.push(quoted(hard, d).slice(0, -2));
    hard = [];
  };
  for (let r = 0; r < all.length; r++) {
    const row = all[r];
    let easy = true;
    cells.length = row.length;
    for (let i = 0; i < row.length; i++) {
      const v = row[i];
      if (typeof v === 'string') {
        const cell = startsLikeFormula(v.charCodeAt(0)) ? `'${v}` : v;
        if (quotes.test(cell)) {
          easy = false;
          break;
        }
        cells[i] = cell;
      } else cells[i] = v === null ? '' : String(v);
    }
    if (!easy) {
      hard.push(row);
      continue;
    }
    if (hard.length) flush();
    lines.push(cells.join(d));
  }
  if (hard.length) flush();
  if (!lines.length) return '';
  lines.push('');
  const text = lines.join('\r\n');
  return header && dialect.bom ? BOM + text : text;
}

/** Rows with a cell that needs quotes, through csv-stringify (neutralising its text cells). */
const quoted = (rows: Cell[][], delimiter: string): string =>
  stringify(rows, { delimiter, record_delimiter: '\r\n', cast: { string: neutralise } });

const DAY_MS = 86_400_000;
const TWO_DIGITS = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
/** 'YYYY-MM-DDT' per UTC day number: exports write two times a row, a year holds 366 days. */
const dayPrefixes = new Map<number, string>();

/**
 * Unix ms as ISO 8601 UTC, to the second (`2026-11-29T10:00:00Z`): what spreadsheets and
 * scripts parse; the milliseconds of a beacon are noise in an export. The date part is formatted
 * once per day and kept (a bounded map), the time from integers: 3× cheaper than toISOString().
 */
export function isoSecond(ms: number): string {
  const day = Math.floor(ms / DAY_MS);
  let date = dayPrefixes.get(day);
  if (date === undefined) {
    if (dayPrefixes.size >= 4096) dayPrefixes.clear();
    date = new Date(day * DAY_MS).toISOString().slice(0, 11);
    dayPrefixes.set(day, date);
  }
  const s = Math.floor((ms - day * DAY_MS) / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return `${date}${TWO_DIGITS[h]}:${TWO_DIGITS[m]}:${TWO_DIGITS[s % 60]}Z`;
}

/** Milliseconds as whole seconds: integers read the same in every spreadsheet locale. */
export const seconds = (ms: number): number => Math.round(ms / 1000);
