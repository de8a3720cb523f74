/**
 * ip-location-db ASN CSV (`asn-ipv4.csv`, `asn-ipv6.csv`, `*-num.csv`) and DB-IP's monthly
 * `dbip-asn-lite-YYYY-MM.csv`: no header, `start,end,asn,org`, inclusive ranges.
 */
import { basename } from 'node:path';
import type { ImportRecord, ParseContext, Parser } from '../types.ts';
import {
  asnReason,
  type NumericFamily,
  parseAsn,
  rangeFromFields,
  readRows,
} from './csv-common.ts';

/**
 * Family of decimal-integer bounds: a file named like `*ipv6*` is IPv6 throughout (its first
 * ranges, e.g. `::/8`-style space, have values below 2^32). Otherwise the row decides: a value
 * above 2^32-1 can only be IPv6, and one at or below is taken as IPv4 (the only sane reading
 * for a mixed numeric file, since real IPv6 ASN ranges all lie far above 2^32).
 */
function numericFamily(file: string): NumericFamily {
  return basename(file).toLowerCase().includes('ipv6') ? 6 : 'auto';
}

/**
 * Parses ip-location-db / DB-IP ASN CSV files into `range` records (asn 0 rows, unrouted, are
 * skipped; an empty org is named `AS<asn>`).
 * @example for await (const r of parseIpLocationDb(['asn-ipv4.csv'], ctx)) r.asn
 */
export const parseIpLocationDb: Parser = async function* (
  files: string[],
  ctx: ParseContext,
): AsyncGenerator<ImportRecord> {
  let file = '';
  let numeric: NumericFamily = 'auto';
  for await (const row of readRows(files, ctx, { delimiter: ',', quoted: true })) {
    if (row.file !== file) {
      file = row.file;
      numeric = numericFamily(file);
    }
    row.expectColumns(4);
    const f = row.fields;
    const range = rangeFromFields(row, numeric);
    const asn = parseAsn(f[2]);
    if (asn === null) throw row.error(2, asnReason(f[2]));
    if (asn === 0) continue;
    const org = f[3].trim();
    yield {
      kind: 'range',
      family: range.family,
      start: range.start,
      end: range.end,
      asn,
      name: org === '' ? `AS${asn}` : org,
      country: null,
      line: row.line,
    };
  }
};
