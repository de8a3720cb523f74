import type { Driver } from '../../db/index.ts';
import type { DeliveryLogItem, DeliveryState } from './model.ts';

/** A row claimed for sending. */
export interface ClaimedRow {
  id: number;
  payload: string;
  attempts: number;
}

interface LogRow {
  id: number;
  kind: DeliveryLogItem['kind'];
  trigger_id: number | null;
  trigger_name: string | null;
  company_id: number | null;
  target: string | null;
  state: DeliveryState;
  attempts: number;
  next_at: number;
  last_error: string | null;
  created_at: number;
  sent_at: number | null;
}

// The log reads the target straight from the JSON in SQLite: an e-mail payload can be hundreds of
// KB of HTML, and the log needs only the URL or the recipients.
const LOG_COLUMNS = `o.id, o.kind, o.trigger_id, t.name AS trigger_name, o.company_id,
  CASE o.kind WHEN 'email' THEN json_extract(o.payload, '$.to') ELSE json_extract(o.payload, '$.url') END AS target,
  o.state, o.attempts, o.next_at, o.last_error, o.created_at, o.sent_at`;
const LOG_FROM = 'FROM outbox o LEFT JOIN triggers t ON t.id = o.trigger_id';

/** The host of a URL, or '?' for one that does not parse (it would fail at send time anyway). */
function targetOf(kind: DeliveryLogItem['kind'], raw: string | null): string {
  if (raw === null) return '?';
  if (kind === 'email') {
    try {
      const to: unknown = JSON.parse(raw);
      return Array.isArray(to) ? to.join(', ') : '?';
    } catch {
      return '?';
    }
  }
  return URL.canParse(raw) ? new URL(raw).host : '?';
}

/** The outbox table's statements, prepared once. */
export function createOutboxStore(db: Driver) {
  const insert = db.prepare(
    'INSERT INTO outbox (kind, trigger_id, company_id, payload, next_at, created_at) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const names = db.prepare(
    'INSERT OR IGNORE INTO outbox_companies (outbox_id, company_id) VALUES (?, ?)',
  );
  // Claiming moves next_at past a lease: a crash mid-send leaves the row pending, and it is sent
  // again once the lease ends (at-least-once); a second runner never takes a claimed row.
  const claim = db.prepare<ClaimedRow>(
    `UPDATE outbox SET next_at = ? WHERE id IN (
       SELECT id FROM outbox WHERE state = 'pending' AND next_at <= ? ORDER BY next_at, id LIMIT ?
     ) RETURNING id, payload, attempts`,
  );
  const sent = db.prepare(
    `UPDATE outbox SET state = 'sent', attempts = attempts + 1, sent_at = ?, last_error = NULL
     WHERE id = ? AND state = 'pending'`,
  );
  const retry = db.prepare(
    `UPDATE outbox SET attempts = attempts + 1, next_at = ?, last_error = ?
     WHERE id = ? AND state = 'pending'`,
  );
  const failed = db.prepare(
    `UPDATE outbox SET state = 'failed', attempts = attempts + 1, last_error = ?
     WHERE id = ? AND state = 'pending'`,
  );
  const again = db.prepare(
    `UPDATE outbox SET state = 'pending', next_at = ?,
       attempts = CASE WHEN state = 'failed' THEN 0 ELSE attempts END
     WHERE id = ? AND state IN ('pending', 'failed')`,
  );
  const stateOf = db.prepare<{ state: DeliveryState }>('SELECT state FROM outbox WHERE id = ?');
  const page = {
    all: db.prepare<LogRow>(
      `SELECT ${LOG_COLUMNS} ${LOG_FROM} WHERE o.id < ? ORDER BY o.id DESC LIMIT ?`,
    ),
    state: db.prepare<LogRow>(
      `SELECT ${LOG_COLUMNS} ${LOG_FROM} WHERE o.state = ? AND o.id < ? ORDER BY o.id DESC LIMIT ?`,
    ),
    trigger: db.prepare<LogRow>(
      `SELECT ${LOG_COLUMNS} ${LOG_FROM} WHERE o.trigger_id = ? AND o.id < ? ORDER BY o.id DESC LIMIT ?`,
    ),
    both: db.prepare<LogRow>(
      `SELECT ${LOG_COLUMNS} ${LOG_FROM} WHERE o.trigger_id = ? AND o.state = ? AND o.id < ?
       ORDER BY o.id DESC LIMIT ?`,
    ),
  };

  return {
    insert(
      kind: string,
      triggerId: number | null,
      companyId: number | null,
      payload: string,
      now: number,
    ): number {
      return Number(insert.run(kind, triggerId, companyId, payload, now, now).lastInsertRowid);
    },
    /** Records that message `outboxId` names company `companyId` (see DeliveryMeta.alsoNames). */
    names(outboxId: number, companyId: number): void {
      names.run(outboxId, companyId);
    },
    claim(now: number, leaseUntil: number, limit: number): ClaimedRow[] {
      return claim.all(leaseUntil, now, limit).sort((a, b) => a.id - b.id);
    },
    markSent: (id: number, now: number) => sent.run(now, id),
    markRetry: (id: number, nextAt: number, error: string) => retry.run(nextAt, error, id),
    markFailed: (id: number, error: string) => failed.run(error, id),
    /** Makes a failed (or waiting) row due now; false when it does not exist or was sent. */
    retryNow: (id: number, now: number): boolean => again.run(now, id).changes > 0,
    stateOf: (id: number): DeliveryState | null => stateOf.get(id)?.state ?? null,
    /** Newest first, rows older than `beforeId`. */
    list(
      f: { state?: DeliveryState; triggerId?: number },
      beforeId: number,
      limit: number,
    ): DeliveryLogItem[] {
      const rows =
        f.state && f.triggerId
          ? page.both.all(f.triggerId, f.state, beforeId, limit)
          : f.state
            ? page.state.all(f.state, beforeId, limit)
            : f.triggerId
              ? page.trigger.all(f.triggerId, beforeId, limit)
              : page.all.all(beforeId, limit);
      return rows.map((r) => ({
        id: r.id,
        kind: r.kind,
        triggerId: r.trigger_id,
        triggerName: r.trigger_name,
        companyId: r.company_id,
        target: targetOf(r.kind, r.target),
        state: r.state,
        attempts: r.attempts,
        nextAttemptAt: r.state === 'pending' ? r.next_at : null,
        lastError: r.last_error,
        createdAt: r.created_at,
        sentAt: r.sent_at,
      }));
    },
  };
}

export type OutboxStore = ReturnType<typeof createOutboxStore>;
