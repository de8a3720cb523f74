import type { Driver } from '../db/index.ts';
import type { CompanyExport } from './export-model.ts';
import type { Visit } from './model.ts';
import { COMPANY_COLUMNS, type CompanyDbRow, iso, parseTags } from './sql.ts';
import type { LeadsStore } from './store.ts';

/** Visits read per query: bounds memory per step, not the document (it holds them all). */
const BATCH = 500;

/**
 * Builds a company's export document (see export-model.ts): firmographics, how it was
 * identified, opt-out, status, tags, notes with their authors' names, and every visit with its
 * pages. Any company that exists can be exported, also one hidden from the inbox (opted out, no
 * longer a lead): an access request covers whatever is held.
 * @example createCompanyExporter(db, store, Date.now).build(42) // → CompanyExport | null
 */
export function createCompanyExporter(db: Driver, store: LeadsStore, clock: () => number) {
  const q = {
    company: db.prepare<
      CompanyDbRow & { postal_code: string | null; created_at: number; updated_at: number }
    >(
      `SELECT ${COMPANY_COLUMNS}, c.postal_code, c.created_at, c.updated_at FROM companies c
         LEFT JOIN networks n ON n.id = c.network_id LEFT JOIN company_status cs ON cs.company_id = c.id
        WHERE c.id = ?`,
    ),
    status: db.prepare<{ updated_at: number; name: string | null }>(
      `SELECT cs.updated_at, u.name FROM company_status cs LEFT JOIN users u ON u.id = cs.updated_by
        WHERE cs.company_id = ?`,
    ),
    tags: db.prepare<{ tag: string; created_at: number }>(
      'SELECT tag, created_at FROM company_tags WHERE company_id = ? ORDER BY tag',
    ),
    optedOut: db.prepare<{ n: number }>(
      `SELECT count(*) AS n FROM optouts o JOIN companies c ON c.id = ?
        WHERE o.company_id = c.id OR o.network_id = c.network_id`,
    ),
  };

  function allVisits(companyId: number): Visit[] {
    const out: Visit[] = [];
    let after: [number, number] | null = null;
    for (;;) {
      const page = store.visits(companyId, BATCH, after);
      out.push(...page);
      if (page.length < BATCH) return out;
      const last = page[page.length - 1];
      after = [Date.parse(last.startedAt), last.id];
    }
  }

  function read(id: number): CompanyExport | null {
    const c = q.company.get(id);
    if (!c) return null;
    const status = q.status.get(id);
    return {
      format: 'leadlens-company-export/1',
      exportedAt: iso(clock()),
      company: {
        id: c.id,
        name: c.name,
        domain: c.domain,
        country: c.country,
        city: c.city,
        postalCode: c.postal_code,
        address: c.address,
        industry: c.industry,
        employees: c.employees,
        phone: c.phone,
        linkedin: c.linkedin,
        class: c.class,
        status: c.status,
        tags: parseTags(c.tags),
        createdAt: iso(c.created_at),
        updatedAt: iso(c.updated_at),
      },
      identifiedBy: store.identifiedBy(c),
      optedOut: (q.optedOut.get(id)?.n ?? 0) > 0,
      status: {
        status: c.status,
        updatedAt: status ? iso(status.updated_at) : null,
        updatedBy: status?.name ?? null,
      },
      tags: q.tags.all(id).map((r) => ({ tag: r.tag, createdAt: iso(r.created_at) })),
      notes: store.notes(id),
      stats: store.stats(id),
      visits: allVisits(id),
    };
  }

  return {
    /** The export of one company, or null when it does not exist. */
    build(id: number): CompanyExport | null {
      // One read transaction: the document is one snapshot even while the writer commits
      // (statements would otherwise each see the database as of their own start).
      db.exec('BEGIN');
      try {
        return read(id);
      } finally {
        db.exec('COMMIT');
      }
    },
  };
}
