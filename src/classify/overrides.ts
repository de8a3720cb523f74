import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { embedded } from '../embed/index.ts';
import { isNetworkClass, type NetworkClass } from './classes.ts';

const MAX_ASN = 4_294_967_295;

// Split one CSV record (RFC 4180 quoting, no embedded line breaks: the override file is one
// network per line). Returns null on an unterminated or misplaced quote.
function splitCsvLine(line: string): string[] | null {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    if (line[i] === '"') {
      let value = '';
      i++;
      for (;;) {
        const q = line.indexOf('"', i);
        if (q === -1) return null;
        value += line.slice(i, q);
        i = q + 1;
        if (line[i] !== '"') break;
        value += '"';
        i++;
      }
      fields.push(value);
      if (i === line.length) return fields;
      if (line[i] !== ',') return null;
      i++;
    } else {
      const comma = line.indexOf(',', i);
      const end = comma === -1 ? line.length : comma;
      const value = line.slice(i, end);
      if (value.includes('"')) return null;
      fields.push(value);
      if (comma === -1) return fields;
      i = comma + 1;
    }
  }
}

/**
 * Parse the override list (`asn,class,name`; the header line is optional, `name` is only a
 * label for humans). Throws an Error whose message starts with `line N:` on a bad row, so a
 * typo in the curated list fails loudly at startup instead of silently misfiling a network.
 * @example parseOverrides('asn,class,name\n16509,hosting,Amazon\n').get(16509) // 'hosting'
 */
export function parseOverrides(csvText: string): Map<number, NetworkClass> {
  const out = new Map<number, NetworkClass>();
  const firstLine = new Map<number, number>();
  const lines = csvText.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((raw, index) => {
    const n = index + 1;
    const line = raw.trim();
    if (line === '') return;
    const fields = splitCsvLine(line);
    if (fields === null) throw new Error(`line ${n}: malformed quoting`);
    const [asnText = '', classText = ''] = fields.map((f) => f.trim());
    if (n === 1 && asnText.toLowerCase() === 'asn') {
      if (classText.toLowerCase() !== 'class') {
        throw new Error(`line 1: header must be asn,class,name`);
      }
      return;
    }
    if (fields.length < 2 || fields.length > 3) {
      throw new Error(`line ${n}: expected asn,class,name but got ${fields.length} fields`);
    }
    const asn = /^\d{1,10}$/.test(asnText) ? Number(asnText) : Number.NaN;
    if (!Number.isInteger(asn) || asn > MAX_ASN) {
      throw new Error(`line ${n}: bad asn ${JSON.stringify(asnText)}`);
    }
    if (!isNetworkClass(classText)) {
      throw new Error(`line ${n}: bad class ${JSON.stringify(classText)} for AS${asn}`);
    }
    const seen = firstLine.get(asn);
    if (seen !== undefined) {
      throw new Error(`line ${n}: duplicate asn ${asn} (first on line ${seen})`);
    }
    firstLine.set(asn, n);
    out.set(asn, classText);
  });
  return out;
}

/** Absolute path of the bundled `data/asn-overrides.csv` (works under Bun and Node). */
export const DEFAULT_OVERRIDES_PATH = fileURLToPath(
  new URL('../../data/asn-overrides.csv', import.meta.url),
);

/**
 * Read and parse the bundled override list. Errors name the file and the line.
 * @example loadDefaultOverrides().get(749) // 'government' (US DoD)
 */
export function loadDefaultOverrides(): Map<number, NetworkClass> {
  const text = embedded()?.overridesCsv ?? readFileSync(DEFAULT_OVERRIDES_PATH, 'utf8');
  try {
    return parseOverrides(text);
  } catch (err) {
    throw new Error(`${DEFAULT_OVERRIDES_PATH}: ${(err as Error).message}`);
  }
}
