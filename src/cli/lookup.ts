import type { Driver } from '../db/index.ts';
import { bytes16ToBigInt, INVALID, type IpIndex, ipToString, NOT_FOUND } from '../ipindex/index.ts';

export interface LookupCompany {
  id: number;
  name: string;
  domain: string | null;
  country: string | null;
  city: string | null;
  industry: string | null;
  employees: string | null;
}

/** The "explain this match" answer for one input: which range, from which source, held by whom. */
export type LookupResult =
  | { input: string; error: string }
  | { input: string; found: false }
  | {
      input: string;
      found: true;
      asn: number | null;
      network: string | null;
      class: string;
      company: LookupCompany | null;
      source: string;
      range: string;
    };

interface RangeRow {
  family: 4 | 6;
  start: number | Uint8Array;
  end: number | Uint8Array;
  source: string;
  network: string | null;
}

/** Builds the lookup explainer over an index and the database that describes its ranges. */
export function createExplainer(db: Driver, index: IpIndex): (input: string) => LookupResult {
  const range = db.prepare<RangeRow>(
    `SELECT r.family, r.start, r.end, s.name AS source, n.name AS network
       FROM ip_ranges r JOIN sources s ON s.id = r.source_id LEFT JOIN networks n ON n.id = r.network_id
      WHERE r.id = ?`,
  );
  const company = db.prepare<LookupCompany>(
    'SELECT id, name, domain, country, city, industry, employees FROM companies WHERE id = ?',
  );
  const bound = (f: 4 | 6, v: number | Uint8Array) =>
    ipToString(f, typeof v === 'number' ? BigInt(v) : bytes16ToBigInt(v));
  return (raw) => {
    const input = raw.trim();
    const h = index.lookup(input);
    if (h === INVALID) return { input, error: 'not an IPv4 or IPv6 address' };
    if (h === NOT_FOUND) return { input, found: false };
    const seg = index.describe(h);
    const r = range.get(seg.rangeId);
    return {
      input,
      found: true,
      asn: seg.asn,
      network: r?.network ?? null,
      class: seg.class,
      company: seg.companyId ? (company.get(seg.companyId) ?? null) : null,
      source: r?.source ?? 'unknown',
      range: r ? `${bound(r.family, r.start)}-${bound(r.family, r.end)}` : seg.range,
    };
  };
}

/** One human-readable line for a result. */
export function formatLookup(r: LookupResult): string {
  if ('error' in r) return `${r.input}\terror: ${r.error}`;
  if (!r.found) return `${r.input}\tnot found`;
  const who = r.company
    ? `${r.company.name}${r.company.domain ? ` (${r.company.domain})` : ''}`
    : (r.network ?? '?');
  const as = r.asn ? `AS${r.asn} ` : '';
  return `${r.input}\t${as}${who}\t${r.class}\t${r.range}\t${r.source}`;
}
