/**
 * ipverse as-metadata (CC0): `as.json`, a 55–60 MB array of `{asn, metadata: {...}}`, streamed one
 * element at a time; and `as.csv` (`asn,handle,description,country-code`, no category). The format
 * is told by content: a file starting with the header `asn,` is the CSV.
 *
 * Rules: name = description, else handle; country = two letters uppercased (EU, ZZ, XX → null);
 * category via the classifier's ipverse map, an unknown category string is an error (a new
 * ipverse category should be mapped, not silently dropped); role = networkRole when a string of
 * at most 64 characters. ASN 0 (IANA reserved, listed by ipverse) and elements that carry no
 * metadata at all are skipped: they say nothing about a network.
 */
import { statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { pipeline } from 'node:stream';
import { type Info, parse } from 'csv-parse';
import { classFromIpverseCategory } from '../../classify/index.ts';
import { openCounted } from '../read.ts';
import { ImportError, type ImportRecord, type Parser } from '../types.ts';

type AsnMeta = Extract<ImportRecord, { kind: 'asn-meta' }>;

const ASN_MAX = 0xffffffff;
const NO_COUNTRY = new Set(['EU', 'ZZ', 'XX']);
const CSV_HEADER = 'asn,handle,description,country-code';
// A real element is under 1 kB; the cap bounds memory on a corrupt file (an unclosed `{`).
const MAX_ELEMENT_CHARS = 16 << 20;

/** Streams ipverse `as.json` / `as.csv` files into `asn-meta` records. */
export const parseIpverse: Parser = async function* (files, ctx) {
  let base = 0;
  for (const file of files) {
    const onBytes = (n: number) => ctx.onBytes(n);
    yield* (await startsWithCsvHeader(file))
      ? csvRecords(file, onBytes, base)
      : jsonRecords(file, onBytes, base);
    base += statSync(file).size;
    ctx.onBytes(base);
  }
};

async function* jsonRecords(file: string, onBytes: (n: number) => void, base: number) {
  const splitter = new ArraySplitter(file);
  const decoder = new TextDecoder();
  for await (const chunk of openCounted(file, onBytes, base)) {
    for (const el of splitter.push(decoder.decode(chunk as Uint8Array, { stream: true }))) {
      const record = elementRecord(file, el);
      if (record) yield record;
    }
  }
  for (const el of splitter.push(decoder.decode())) {
    const record = elementRecord(file, el);
    if (record) yield record;
  }
  splitter.end();
}

/** One top-level array element's text and where it starts. */
interface ArrayElement {
  text: string;
  line: number;
  column: number;
}

const BEFORE = 0; // before `[`
const FIRST = 1; // after `[`: an element or `]`
const NEXT = 2; // after `,`: an element
const INSIDE = 3; // inside an element
const AFTER = 4; // after an element: `,` or `]`
const DONE = 5; // after `]`

/**
 * Cuts a JSON array, fed as text chunks, into the texts of its elements (objects), tracking only
 * string/escape state and brace depth; each element is then parsed alone, so memory stays
 * constant however long the array.
 */
class ArraySplitter {
  private state = BEFORE;
  private line = 1;
  /** Offset of the current line's first character, counted over all chunks. */
  private lineStart = 0;
  /** Characters in the chunks before the current one. */
  private offset = 0;
  private depth = 0;
  private inString = false;
  private escaped = false;
  private partial = '';
  private elLine = 0;
  private elColumn = 0;

  constructor(private readonly file: string) {}

  /** Feeds the next chunk; returns the elements completed in it. */
  push(s: string): ArrayElement[] {
    const out: ArrayElement[] = [];
    let from = 0;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c === 10) {
        this.line++;
        this.lineStart = this.offset + i + 1;
      }
      if (this.state === INSIDE) {
        if (this.inString) {
          if (this.escaped) this.escaped = false;
          else if (c === 92) this.escaped = true;
          else if (c === 34) this.inString = false;
        } else if (c === 34) this.inString = true;
        else if (c === 123 || c === 91) this.depth++;
        else if ((c === 125 || c === 93) && --this.depth === 0) {
          out.push({
            text: this.partial + s.slice(from, i + 1),
            line: this.elLine,
            column: this.elColumn,
          });
          this.partial = '';
          this.state = AFTER;
        }
        continue;
      }
      if (c === 32 || c === 10 || c === 13 || c === 9) continue;
      if (this.state === BEFORE) {
        if (c !== 91) throw this.fail(i, `top level is not a JSON array (found '${s[i]}')`);
        this.state = FIRST;
      } else if (this.state === AFTER) {
        if (c === 44) this.state = NEXT;
        else if (c === 93) this.state = DONE;
        else throw this.fail(i, `expected ',' or ']' after an element, found '${s[i]}'`);
      } else if (this.state === FIRST && c === 93) {
        this.state = DONE;
      } else if (this.state === FIRST || this.state === NEXT) {
        if (c !== 123) throw this.fail(i, `expected an object, found '${s[i]}'`);
        this.state = INSIDE;
        this.depth = 1;
        this.inString = false;
        this.escaped = false;
        from = i;
        this.elLine = this.line;
        this.elColumn = this.column(i);
      } else {
        throw this.fail(i, `unexpected '${s[i]}' after the array`);
      }
    }
    if (this.state === INSIDE) {
      this.partial += s.slice(from);
      if (this.partial.length > MAX_ELEMENT_CHARS) {
        throw new ImportError(this.file, this.elLine, this.elColumn, 'element larger than 16 MB');
      }
    }
    this.offset += s.length;
    return out;
  }

  /** Checks that the input ended after the array's `]`. */
  end(): void {
    if (this.state === DONE) return;
    if (this.state === INSIDE) {
      throw new ImportError(this.file, this.elLine, this.elColumn, 'file ends inside this element');
    }
    throw this.fail(
      0,
      this.state === BEFORE
        ? 'empty file, expected a JSON array'
        : "file ends before the array's ']'",
    );
  }

  private column(i: number): number {
    return this.offset + i - this.lineStart + 1;
  }

  private fail(i: number, reason: string): ImportError {
    return new ImportError(this.file, this.line, this.column(i), reason);
  }
}

function elementRecord(file: string, el: ArrayElement): AsnMeta | null {
  const fail = (reason: string) => new ImportError(file, el.line, el.column, reason);
  let v: unknown;
  try {
    v = JSON.parse(el.text);
  } catch (e) {
    throw fail(`invalid JSON: ${clip((e as Error).message.replace(/^JSON Parse error: /, ''))}`);
  }
  const { asn, metadata } = v as { asn?: unknown; metadata?: unknown };
  if (asn === undefined) throw fail('missing asn');
  if (typeof asn !== 'number' || !Number.isInteger(asn) || asn < 0 || asn > ASN_MAX) {
    throw fail(`invalid asn ${clip(JSON.stringify(asn) ?? String(asn))}`);
  }
  if (metadata !== undefined && metadata !== null && typeof metadata !== 'object') {
    throw fail('metadata is not an object');
  }
  const md = (metadata ?? {}) as Record<string, unknown>;
  const { category } = md;
  if (category !== undefined && category !== null && typeof category !== 'string') {
    throw fail('category is not a string');
  }
  const cls = classFromIpverseCategory(category);
  if (category && !cls) throw fail(`unknown category ${quote(category)}`);
  const role =
    typeof md.networkRole === 'string' && md.networkRole.length <= 64 ? md.networkRole.trim() : '';
  return asnMeta(asn, text(md.description) ?? text(md.handle), md.countryCode, cls, role, el.line);
}

function asnMeta(
  asn: number,
  name: string | null,
  countryCode: unknown,
  category: AsnMeta['category'],
  role: string,
  line: number,
): AsnMeta | null {
  const cc = typeof countryCode === 'string' ? countryCode.trim().toUpperCase() : '';
  const country = /^[A-Z]{2}$/.test(cc) && !NO_COUNTRY.has(cc) ? cc : null;
  if (asn === 0 || (!name && !country && !category && !role)) return null;
  return { kind: 'asn-meta', asn, name, country, category, role: role || null, line };
}

async function startsWithCsvHeader(file: string): Promise<boolean> {
  const fh = await open(file);
  try {
    const { bytesRead, buffer } = await fh.read(Buffer.alloc(64), 0, 64, 0);
    const head = buffer
      .toString('utf8', 0, bytesRead)
      .replace(/^\uFEFF/, '')
      .trimStart();
    return head.toLowerCase().startsWith('asn,');
  } finally {
    await fh.close();
  }
}

async function* csvRecords(file: string, onBytes: (n: number) => void, base: number) {
  const parser = parse({ bom: true, info: true, skip_empty_lines: true });
  // pipeline forwards a read error into the parser, whose iterator then throws it.
  pipeline(openCounted(file, onBytes, base), parser, () => {});
  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: string[];
      info: Info;
    }>) {
      if (info.records === 1) {
        if (record.join(',').toLowerCase() !== CSV_HEADER) {
          throw new ImportError(file, info.lines, 1, `expected header '${CSV_HEADER}'`);
        }
        continue;
      }
      const [asnText, handle, description, countryCode] = record;
      const asn = /^\d{1,10}$/.test(asnText) ? Number(asnText) : -1;
      if (asn < 0 || asn > ASN_MAX)
        throw new ImportError(file, info.lines, 1, `invalid asn ${quote(asnText)}`);
      const r = asnMeta(asn, text(description) ?? text(handle), countryCode, null, '', info.lines);
      if (r) yield r;
    }
  } catch (e) {
    if (e instanceof ImportError) throw e;
    const { lines, message } = e as { lines?: number; message?: string };
    if (typeof lines === 'number')
      throw new ImportError(file, lines, 1, clip(message ?? 'bad CSV'));
    throw e;
  }
}

function text(v: unknown): string | null {
  return typeof v === 'string' && v.trim() ? v.trim() : null;
}

function quote(s: string): string {
  return `'${clip(s)}'`;
}

function clip(s: string): string {
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}
