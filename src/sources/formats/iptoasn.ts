/**
 * iptoasn.com `ip2asn-v4.tsv`, `-v6.tsv`, `-combined.tsv` and `-v4-u32.tsv` (decimal IPv4):
 * tab-separated `start end asn country description`, no header.
 */
import type { ImportRecord, ParseContext, Parser } from '../types.ts';
import { asnReason, parseAsn, quote, rangeFromFields, readRows } from './csv-common.ts';

/** `HANDLE - Organisation`: an RIR handle (upper case, no spaces) before ` - `. */
const HANDLE_PREFIX = /^[A-Z0-9][A-Z0-9._-]* - (?=\S)/;

/**
 * The organisation named by an iptoasn description. `EXAMPLE-NET - Example Networks, Inc.` names
 * `Example Networks, Inc.`, so the handle is dropped; only a handle-shaped prefix is, so that
 * `Example Telecom - Mobile` stays whole. Handle-only descriptions (`EXAMPLE-NET`) are kept as is.
 * @example orgFromDescription('EXAMPLE-NET - Example Networks, Inc.') // 'Example Networks, Inc.'
 */
export function orgFromDescription(description: string): string {
  const m = HANDLE_PREFIX.exec(description);
  return m ? description.slice(m[0].length).trim() : description;
}

/**
 * Parses iptoasn TSV files into `range` records. Unrouted rows (asn 0 or `Not routed`, which come
 * with country `None`) are skipped; a routed row with country `None` gets country null. Some
 * mirrors prepend a `range_start	range_end	…` header; it is skipped.
 * @example for await (const r of parseIptoasn(['ip2asn-combined.tsv'], ctx)) r.country
 */
export const parseIptoasn: Parser = async function* (
  files: string[],
  ctx: ParseContext,
): AsyncGenerator<ImportRecord> {
  for await (const row of readRows(files, ctx, { delimiter: '\t', quoted: false })) {
    const f = row.fields;
    if (row.index === 0 && f[0] === 'range_start') continue;
    row.expectColumns(5);
    // The u32 variant holds IPv4 only, so decimal bounds are always IPv4 here.
    const range = rangeFromFields(row, 4);
    const asn = parseAsn(f[2]);
    if (asn === null) throw row.error(2, asnReason(f[2]));
    const description = f[4].trim();
    if (asn === 0 || description === 'Not routed') continue;
    let country: string | null = null;
    if (f[3] !== 'None') {
      if (!/^[A-Za-z]{2}$/.test(f[3])) throw row.error(3, `invalid country ${quote(f[3])}`);
      country = f[3].toUpperCase();
    }
    const org = orgFromDescription(description);
    yield {
      kind: 'range',
      family: range.family,
      start: range.start,
      end: range.end,
      asn,
      name: org === '' ? `AS${asn}` : org,
      country,
      line: row.line,
    };
  }
};
