import { stringify } from 'csv-stringify/sync';
import type { Cell } from './model.ts';

/**
 * First characters that make a spreadsheet read a cell as a formula (or, for tab/CR/LF, that
 * hide one behind a line a viewer does not see), with the full-width forms some apps fold to
 * ASCII. See OWASP "CSV Injection".
 */
const FORMULA_START = new Set(['=', '+', '-', '@', '\t', '\r', '\n', '＝', '＋', '－', '＠']);

/**
 * A text cell made inert for spreadsheets: a leading `'` when it starts like a formula. Company
 * names, page titles and referrers come from third parties and visitors: hostile input. Only
 * text is ever passed here; numbers are written as numbers.
 * @example neutralise('=HYPERLINK("http://x")') // "'=HYPERLINK(\"http://x\")"
 */
export function neutralise(text: string): string {
  return text.length > 0 && FORMULA_START.has(text[0]) ? `'${text}` : text;
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
 * field (a few objects each) was most of an export's time: about 4× faster on typical data.
 * @example encodeRows([['=1+1', 2]], { delimiter: ',', bom: false }, ['a', 'b']) // "a,b\r\n'=1+1,2\r\n"
 */
export function encodeRows(rows: Cell[][], dialect: Dialect, header?: readonly string[]): string {
  const quotes = NEEDS_QUOTES[dialect.delimiter];
  const out: string[] = [];
  let hard: Cell[][] = [];
  const flush = () => {
    out.push(stringify(hard, { delimiter: dialect.delimiter, record_delimiter: '\r\n' }));
    hard = [];
  };
  for (const row of header ? [header as unknown as Cell[], ...rows] : rows) {
    let line = '';
    let easy = true;
    const safe: Cell[] = new Array(row.length);
    for (let i = 0; i < row.length; i++) {
      const v = row[i];
      const text = v === null ? '' : typeof v === 'string' ? neutralise(v) : String(v);
      if (easy && typeof v === 'string' && quotes.test(text)) easy = false;
      safe[i] = typeof v === 'string' ? text : v;
      line += i ? dialect.delimiter + text : text;
    }
    if (easy) {
      if (hard.length) flush();
      out.push(`${line}\r\n`);
    } else hard.push(safe);
  }
  if (hard.length) flush();
  const text = out.join('');
  return header && dialect.bom ? BOM + text : text;
}

/**
 * Unix ms as ISO 8601 UTC, to the second (`2026-11-29T10:00:00Z`): what spreadsheets and
 * scripts parse; the milliseconds of a beacon are noise in an export.
 */
export function isoSecond(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

/** Milliseconds as whole seconds: integers read the same in every spreadsheet locale. */
export const seconds = (ms: number): number => Math.round(ms / 1000);
