import type { Driver } from '../../db/index.ts';
import type { Delivery, DeliveryMeta } from '../model.ts';
import type { Facts } from './compile.ts';
import type { OutboxPort } from './service.ts';

/**
 * An outbox that only writes rows (the table C1's delivery loop reads), for unit tests of what
 * gets enqueued without a sender; `kicks` counts the wake-ups asked for.
 */
export function rowsOutbox(db: Driver, clock: () => number): OutboxPort & { kicks: number } {
  const insert = db.prepare<{ id: number }>(
    `INSERT INTO outbox (kind, trigger_id, company_id, payload, next_at, created_at)
     VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
  );
  const port = {
    kicks: 0,
    enqueue(d: Delivery, meta: DeliveryMeta): number {
      const now = clock();
      return insert.get(d.kind, meta.triggerId, meta.companyId, JSON.stringify(d), now, now)!.id;
    },
    kick() {
      port.kicks++;
    },
  };
  return port;
}

export interface OutboxRow {
  id: number;
  kind: string;
  trigger_id: number | null;
  company_id: number | null;
  payload: Delivery;
}

/** Every outbox row, oldest first, payload parsed. */
export function outboxRows(db: Driver): OutboxRow[] {
  return db
    .prepare<Omit<OutboxRow, 'payload'> & { payload: string }>(
      'SELECT id, kind, trigger_id, company_id, payload FROM outbox ORDER BY id',
    )
    .all()
    .map((r) => ({ ...r, payload: JSON.parse(r.payload) }));
}

/** Facts for table-driven rule tests: a German chemicals company on its second visit. */
export function factsOf(
  over: Omit<Partial<Facts>, 'company' | 'visit'> & {
    company?: Partial<Facts['company']>;
    visit?: Partial<Facts['visit']>;
  } = {},
): Facts {
  const now = Date.UTC(2026, 10, 29, 10);
  const { company, visit, ...rest } = over;
  return {
    now,
    siteId: 1,
    visitsWithin: {},
    previousAt: now - 10 * 86_400_000,
    score: 40,
    ...rest,
    company: {
      id: 7,
      name: 'CanaryCo AG',
      domain: 'canaryco.example',
      country: 'DE',
      city: 'Hamburg',
      industry: 'Specialty Chemicals',
      employees: '50-249',
      class: 'business',
      status: 'new',
      tags: ['Hot'],
      ...company,
    },
    visit: {
      id: 100,
      startedAt: now - 60_000,
      pageviews: 3,
      engagedMs: 45_000,
      paths: ['/', '/pricing', '/demo/book'],
      ...visit,
    },
  };
}

/** Lets queued setImmediate work (the evaluator's drains) run to the end. */
export async function settle(turns = 20): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise((r) => setImmediate(r));
}
