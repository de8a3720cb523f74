import { expect } from 'bun:test';
import type { Driver } from '../db/index.ts';
import { rebuildRollups, rollupSnapshot } from '../leads/index.ts';
import type { Harness } from '../testing/harness.ts';

/** Helpers shared by the retention tests. */
export const DAY = 86_400_000;

/** One pageview beacon for `site`'s key (on example.com, or the host given), acknowledged. */
export async function pageview(
  h: Harness,
  ip: string,
  opts: { key?: string; host?: string; path?: string; title?: string } = {},
): Promise<void> {
  const body = {
    s: opts.key ?? h.siteKey,
    e: 'pageview',
    u: `https://${opts.host ?? 'example.com'}${opts.path ?? '/'}`,
    t: opts.title ?? 'Page',
  };
  const res = await h.beacon(body, ip);
  expect(res.status).toBe(202);
}

/** Rows of `table` (visits, daily_counts, company_days …) for one site. */
export function countOf(db: Driver, table: string, siteId: number): number {
  return db
    .prepare<{ n: number }>(`SELECT count(*) AS n FROM ${table} WHERE site_id = ?`)
    .get(siteId)!.n;
}

/** The rollups the purge left equal what a recomputation from the remaining visits builds. */
export function expectRollupsRecomputed(db: Driver): void {
  const kept = rollupSnapshot(db);
  rebuildRollups(db);
  // Interned paths may outlive the pageviews that named them (the writer caches their ids).
  expect({ ...rollupSnapshot(db), site_paths: [] }).toEqual({ ...kept, site_paths: [] });
}

/** A driver that counts outermost transactions (nested ones are savepoints of the same one). */
export function countingDriver(db: Driver): Driver & { transactions: number } {
  let depth = 0;
  const spy = {
    name: db.name,
    path: db.path,
    transactions: 0,
    prepare: <Row>(sql: string) => db.prepare<Row>(sql),
    exec: (sql: string) => db.exec(sql),
    close: () => db.close(),
    transaction<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R {
      const tx = db.transaction(fn);
      return (...args: A) => {
        if (depth === 0) spy.transactions++;
        depth++;
        try {
          return tx(...args);
        } finally {
          depth--;
        }
      };
    },
  };
  return spy;
}
