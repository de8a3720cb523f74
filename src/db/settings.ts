import type { Driver } from './driver.ts';

/** Reads one setting; undefined when unset. */
export function getSetting(db: Driver, key: string): string | undefined {
  return db.prepare<{ value: string }>('SELECT value FROM settings WHERE key = ?').get(key)?.value;
}

/** Writes one setting (insert or replace). */
export function setSetting(db: Driver, key: string, value: string): void {
  db.prepare(
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  ).run(key, value);
}

/**
 * The version of the range data. Every change to ip_ranges/networks bumps it inside the same
 * transaction, so a cached index built for another version is never used.
 */
export function dataVersion(db: Driver): number {
  return Number(getSetting(db, 'data_version') ?? 0);
}

/** Increments the data version; call inside the transaction that changed the range data. */
export function bumpDataVersion(db: Driver): number {
  const next = dataVersion(db) + 1;
  setSetting(db, 'data_version', String(next));
  return next;
}
