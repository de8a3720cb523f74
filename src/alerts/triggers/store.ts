import type { Driver } from '../../db/index.ts';
import type { ActionInput, Rules, TriggerInput } from './model.ts';

/** An action as stored: a webhook carries the trigger's signing secret. */
export type StoredAction =
  | Exclude<ActionInput, { type: 'webhook' }>
  | { type: 'webhook'; url: string; secret: string };

/** A trigger row, parsed. */
export interface TriggerRecord {
  id: number;
  name: string;
  enabled: boolean;
  siteId: number | null;
  frequency: 'visit' | 'day';
  rules: Rules;
  actions: StoredAction[];
  createdBy: number | null;
  createdAt: number;
  updatedAt: number;
}

interface Row {
  id: number;
  name: string;
  enabled: number;
  site_id: number | null;
  frequency: 'visit' | 'day';
  rules: string;
  actions: string;
  created_by: number | null;
  created_at: number;
  updated_at: number;
}

const COLUMNS =
  'id, name, enabled, site_id, frequency, rules, actions, created_by, created_at, updated_at';

const toRecord = (r: Row): TriggerRecord => ({
  id: r.id,
  name: r.name,
  enabled: r.enabled === 1,
  siteId: r.site_id,
  frequency: r.frequency,
  rules: JSON.parse(r.rules),
  actions: JSON.parse(r.actions),
  createdBy: r.created_by,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/**
 * The SQL of the triggers and trigger_firings tables, prepared once. Values are validated by the
 * service before they get here; the JSON columns hold what the `t` schemas accepted.
 */
export function createTriggerStore(db: Driver) {
  const q = {
    all: db.prepare<Row>(`SELECT ${COLUMNS} FROM triggers ORDER BY id`),
    one: db.prepare<Row>(`SELECT ${COLUMNS} FROM triggers WHERE id = ?`),
    insert: db.prepare<{ id: number }>(
      `INSERT INTO triggers (name, enabled, site_id, frequency, rules, actions, created_by, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
    ),
    update: db.prepare(
      `UPDATE triggers SET name = ?, enabled = ?, site_id = ?, frequency = ?, rules = ?, actions = ?,
         updated_at = ? WHERE id = ?`,
    ),
    setActions: db.prepare('UPDATE triggers SET actions = ?, updated_at = ? WHERE id = ?'),
    remove: db.prepare('DELETE FROM triggers WHERE id = ?'),
    fire: db.prepare(
      'INSERT OR IGNORE INTO trigger_firings (trigger_id, company_id, scope, fired_at) VALUES (?, ?, ?, ?)',
    ),
    fired: db.prepare(
      'SELECT 1 FROM trigger_firings WHERE trigger_id = ? AND company_id = ? AND scope = ?',
    ),
    firings: db.prepare<{ company_id: number; name: string; scope: string; fired_at: number }>(
      `SELECT f.company_id, c.name, f.scope, f.fired_at FROM trigger_firings f
         JOIN companies c ON c.id = f.company_id
        WHERE f.trigger_id = ? ORDER BY f.fired_at DESC LIMIT ?`,
    ),
    site: db.prepare<{ id: number; name: string }>('SELECT id, name FROM sites WHERE id = ?'),
  };
  return {
    all: (): TriggerRecord[] => q.all.all().map(toRecord),
    get(id: number): TriggerRecord | null {
      const r = q.one.get(id);
      return r ? toRecord(r) : null;
    },
    insert(t: TriggerInput, actions: StoredAction[], userId: number | null, now: number): number {
      return q.insert.get(
        t.name,
        t.enabled === false ? 0 : 1,
        t.siteId,
        t.frequency,
        JSON.stringify(t.rules),
        JSON.stringify(actions),
        userId,
        now,
        now,
      )!.id;
    },
    update(id: number, t: TriggerInput, actions: StoredAction[], now: number): boolean {
      const r = q.update.run(
        t.name,
        t.enabled === false ? 0 : 1,
        t.siteId,
        t.frequency,
        JSON.stringify(t.rules),
        JSON.stringify(actions),
        now,
        id,
      );
      return r.changes > 0;
    },
    setActions: (id: number, actions: StoredAction[], now: number): boolean =>
      q.setActions.run(JSON.stringify(actions), now, id).changes > 0,
    remove: (id: number): boolean => q.remove.run(id).changes > 0,
    /** Records a firing; true only when this (trigger, company, scope) had not fired before. */
    fire: (triggerId: number, companyId: number, scope: string, at: number): boolean =>
      q.fire.run(triggerId, companyId, scope, at).changes === 1,
    /** A read-only pre-check, so a visit that already fired takes no write lock. */
    hasFired: (triggerId: number, companyId: number, scope: string): boolean =>
      q.fired.get(triggerId, companyId, scope) !== undefined,
    firings: (triggerId: number, limit: number) => q.firings.all(triggerId, limit),
    site: (id: number) => q.site.get(id) ?? null,
  };
}

export type TriggerStore = ReturnType<typeof createTriggerStore>;
