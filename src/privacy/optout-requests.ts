import type { Driver } from '../db/index.ts';

/** The languages the public page speaks. */
export type Lang = 'en' | 'fr' | 'nl' | 'de';

/** A request from the public form, as the review queue shows it. */
export interface OptoutRequest {
  id: number;
  name: string;
  domain: string;
  email: string;
  message: string;
  lang: Lang;
  status: 'pending' | 'approved' | 'rejected';
  createdAt: number;
  decidedAt: number | null;
  optoutId: number | null;
}

/** What the public form submits, already validated. */
export type OptoutRequestInput = Pick<
  OptoutRequest,
  'name' | 'domain' | 'email' | 'message' | 'lang'
>;

type Row = {
  id: number;
  name: string;
  domain: string;
  email: string;
  message: string;
  lang: Lang;
  status: OptoutRequest['status'];
  created_at: number;
  decided_at: number | null;
  optout_id: number | null;
};

const toRequest = (r: Row): OptoutRequest => ({
  id: r.id,
  name: r.name,
  domain: r.domain,
  email: r.email,
  message: r.message,
  lang: r.lang,
  status: r.status,
  createdAt: r.created_at,
  decidedAt: r.decided_at,
  optoutId: r.optout_id,
});

/**
 * The review queue of opt-out requests (table optout_requests, migration 0005). Holds what the
 * requester typed and nothing about their connection.
 * @example const q = createOptoutRequests(db); q.add({ name, domain, email, message: '', lang: 'en' });
 */
export function createOptoutRequests(db: Driver, clock: () => number = Date.now) {
  const insert = db.prepare<Row>(
    `INSERT INTO optout_requests (name, domain, email, message, lang, created_at)
     VALUES (?, ?, ?, ?, ?, ?) RETURNING *`,
  );
  const one = db.prepare<Row>('SELECT * FROM optout_requests WHERE id = ?');
  // Pending first (the work to do), then the latest decisions.
  const all = db.prepare<Row>(
    `SELECT * FROM optout_requests ORDER BY status = 'pending' DESC, created_at DESC, id DESC LIMIT 500`,
  );
  const decide = db.prepare<Row>(
    `UPDATE optout_requests SET status = ?, decided_at = ?, optout_id = ?
      WHERE id = ? AND status = 'pending' RETURNING *`,
  );
  return {
    /** Queues a request; returns it. */
    add(i: OptoutRequestInput): OptoutRequest {
      return toRequest(insert.get(i.name, i.domain, i.email, i.message, i.lang, clock())!);
    },
    /** One request by id. */
    get(id: number): OptoutRequest | undefined {
      const r = one.get(id);
      return r ? toRequest(r) : undefined;
    },
    /** Pending requests first, then decided ones, newest first (at most 500). */
    list(): OptoutRequest[] {
      return all.all().map(toRequest);
    },
    /** Marks a pending request approved or rejected; undefined if it was not pending. */
    decide(
      id: number,
      status: 'approved' | 'rejected',
      optoutId: number | null = null,
    ): OptoutRequest | undefined {
      const r = decide.get(status, clock(), optoutId, id);
      return r ? toRequest(r) : undefined;
    },
  };
}

export type OptoutRequests = ReturnType<typeof createOptoutRequests>;
