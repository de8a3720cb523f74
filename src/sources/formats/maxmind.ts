/**
 * MaxMind GeoLite2-ASN CSV (`GeoLite2-ASN-Blocks-IPv4.csv` / `-IPv6.csv`): a required header
 * `network,autonomous_system_number,autonomous_system_organization`, then one CIDR per row.
 */
import type { ImportRecord, ParseContext, Parser } from '../types.ts';
import { asnReason, type CsvRow, cidrRange, parseAsn, quote, readRows } from './csv-common.ts';

const HEADER = ['network', 'autonomous_system_number', 'autonomous_system_organization'];

/** Throws unless the row is exactly the GeoLite2-ASN header (each file carries its own). */
function checkHeader(row: CsvRow): void {
  const f = row.fields;
  for (let i = 0; i < HEADER.length; i++) {
    if (f[i] === undefined) break;
    if (f[i].trim() !== HEADER[i]) {
      throw row.error(i, `expected header column "${HEADER[i]}", got ${quote(f[i])}`);
    }
  }
  if (f.length !== HEADER.length) {
    throw row.error(
      Math.min(f.length, HEADER.length),
      `expected header "${HEADER.join(',')}" (${HEADER.length} columns), got ${f.length} columns`,
    );
  }
}

/**
 * Parses GeoLite2-ASN CSV files into `range` records (asn 0 rows are skipped; an empty
 * organisation is named `AS<asn>`).
 * @example for await (const r of parseMaxmind(['GeoLite2-ASN-Blocks-IPv4.csv'], ctx)) r.name
 */
export const parseMaxmind: Parser = async function* (
  files: string[],
  ctx: ParseContext,
): AsyncGenerator<ImportRecord> {
  for await (const row of readRows(files, ctx, { delimiter: ',', quoted: true })) {
    if (row.index === 0) {
      checkHeader(row);
      continue;
    }
    row.expectColumns(3);
    const f = row.fields;
    const range = cidrRange(f[0]);
    if (typeof range === 'string') throw row.error(0, range);
    const asn = parseAsn(f[1]);
    if (asn === null) throw row.error(1, asnReason(f[1]));
    if (asn === 0) continue;
    const org = f[2].trim();
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
