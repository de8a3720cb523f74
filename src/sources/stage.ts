import type { Driver, SqlValue, Statement } from '../db/index.ts';
import { bigIntToBytes16 } from '../ipindex/index.ts';
import type { CompanyFields, ImportRecord } from './types.ts';

/**
 * Staging: parsed records go to TEMP tables first (private to this connection, no lock on the
 * main database), in small batches. Only when the whole file parsed cleanly does the loader copy
 * them into the real tables in one short transaction; a bad line leaves nothing behind.
 */
const SCHEMA = `
DROP TABLE IF EXISTS temp.stage_ranges;
DROP TABLE IF EXISTS temp.stage_companies;
DROP TABLE IF EXISTS temp.stage_meta;
CREATE TEMP TABLE stage_ranges (family INTEGER, start ANY, end ANY, asn INTEGER, name TEXT,
  country TEXT, company_seq INTEGER, priority INTEGER);
CREATE TEMP TABLE stage_companies (seq INTEGER PRIMARY KEY, name TEXT, domain TEXT, country TEXT,
  city TEXT, postal_code TEXT, address TEXT, industry TEXT, employees TEXT, phone TEXT, linkedin TEXT);
CREATE TEMP TABLE stage_meta (asn INTEGER PRIMARY KEY, name TEXT, country TEXT, category TEXT, role TEXT);
`;

export const COMPANY_FIELDS = [
  'name',
  'domain',
  'country',
  'city',
  'postal_code',
  'address',
  'industry',
  'employees',
  'phone',
  'linkedin',
] as const satisfies readonly (keyof CompanyFields)[];

export interface StageCounts {
  ranges: number;
  companies: number;
  meta: number;
}

/** Writes parsed records into the staging tables, batched into temp-only transactions. */
export class Stager {
  readonly counts: StageCounts = { ranges: 0, companies: 0, meta: 0 };
  private batch: ImportRecord[] = [];
  private readonly insRange: Statement;
  private readonly insCompany: Statement;
  private readonly insMeta: Statement;

  constructor(
    private readonly db: Driver,
    private readonly batchSize = 5000,
  ) {
    db.exec(SCHEMA);
    this.insRange = db.prepare(
      'INSERT INTO temp.stage_ranges (family, start, end, asn, name, country, company_seq, priority) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.insCompany = db.prepare(
      `INSERT INTO temp.stage_companies (${COMPANY_FIELDS.join(', ')}) VALUES (${COMPANY_FIELDS.map(() => '?').join(', ')})`,
    );
    // Later rows for the same AS win: a source states one fact per AS.
    this.insMeta = db.prepare(
      `INSERT INTO temp.stage_meta (asn, name, country, category, role) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (asn) DO UPDATE SET name = excluded.name, country = excluded.country,
         category = excluded.category, role = excluded.role`,
    );
  }

  add(r: ImportRecord): void {
    this.batch.push(r);
    if (this.batch.length >= this.batchSize) this.flush();
  }

  flush(): void {
    if (!this.batch.length) return;
    // Plain BEGIN: it writes only TEMP tables, so it never takes the main database's write lock.
    this.db.exec('BEGIN');
    try {
      for (const r of this.batch) this.write(r);
      this.db.exec('COMMIT');
    } catch (e) {
      this.db.exec('ROLLBACK');
      throw e;
    }
    this.batch = [];
  }

  /** Drops the staging tables (after commit or on failure). */
  clear(): void {
    this.batch = [];
    this.db.exec(
      'DROP TABLE IF EXISTS temp.stage_ranges; DROP TABLE IF EXISTS temp.stage_companies; DROP TABLE IF EXISTS temp.stage_meta;',
    );
  }

  private write(r: ImportRecord): void {
    switch (r.kind) {
      case 'range':
        this.insRange.run(
          r.family,
          bound(r.family, r.start),
          bound(r.family, r.end),
          r.asn,
          r.name,
          r.country,
          null,
          r.priority ?? null,
        );
        this.counts.ranges++;
        return;
      case 'company-range': {
        const seq = this.company(r.company);
        this.insRange.run(
          r.family,
          bound(r.family, r.start),
          bound(r.family, r.end),
          null,
          null,
          null,
          seq,
          r.priority ?? null,
        );
        this.counts.ranges++;
        return;
      }
      case 'company':
        this.company(r.company);
        return;
      case 'asn-meta':
        this.insMeta.run(r.asn, r.name, r.country, r.category, r.role);
        this.counts.meta++;
        return;
    }
  }

  private company(c: CompanyFields): number {
    const values: SqlValue[] = COMPANY_FIELDS.map((f) => c[f] ?? null);
    this.counts.companies++;
    return Number(this.insCompany.run(...values).lastInsertRowid);
  }
}

function bound(family: 4 | 6, v: bigint): SqlValue {
  return family === 4 ? Number(v) : bigIntToBytes16(v);
}
