import type { NetworkClass } from '../classify/index.ts';

/** Firmographics of a company, as a source states them. Only `name` is required. */
export interface CompanyFields {
  name: string;
  domain?: string | null;
  country?: string | null;
  city?: string | null;
  postal_code?: string | null;
  address?: string | null;
  industry?: string | null;
  employees?: string | null;
  phone?: string | null;
  linkedin?: string | null;
}

/** Inclusive address range. IPv4 values 0..2^32-1, IPv6 0..2^128-1; start <= end. */
export interface AddressRange {
  family: 4 | 6;
  start: bigint;
  end: bigint;
}

/** What a parser yields; the loader validates nothing more than the schema, so parsers must. */
export type ImportRecord =
  /** A range held by a network (an AS, or an organisation without one). */
  | (AddressRange & {
      kind: 'range';
      asn: number | null;
      name: string;
      country: string | null;
      /** Row-level priority override (companies CSV); null = the source's priority. */
      priority?: number | null;
      /** Line in the input file, for messages. */
      line: number;
    })
  /** A range assigned to a company (licensed data, the operator's own ranges). */
  | (AddressRange & {
      kind: 'company-range';
      company: CompanyFields;
      priority?: number | null;
      line: number;
    })
  /** Enrichment of an existing company (matched by domain, else by name). */
  | { kind: 'company'; company: CompanyFields; line: number }
  /** Facts about an AS: name, country, category (ipverse, RIPE aut-num). */
  | {
      kind: 'asn-meta';
      asn: number;
      name: string | null;
      country: string | null;
      category: NetworkClass | null;
      role: string | null;
      line: number;
    };

export interface ParseContext {
  /** Called as input is consumed: bytes read so far across all files (for progress and ETA). */
  onBytes(bytesSoFar: number): void;
}

/**
 * A format's parser: streams the files and yields records. On the first bad line it throws an
 * ImportError naming file, line and column; the loader then writes nothing.
 */
export type Parser = (files: string[], ctx: ParseContext) => AsyncIterable<ImportRecord>;

/** An input problem, located: `file:line:column: reason`. */
export class ImportError extends Error {
  readonly code = 'import_invalid';
  constructor(
    readonly file: string,
    readonly line: number,
    readonly column: number,
    readonly reason: string,
  ) {
    super(`${file}:${line}:${column}: ${reason}`);
    this.name = 'ImportError';
  }
}
