// Load against the real server and kill -9 rounds under that load, for the durability test and
// scripts/bench/ingest.ts. No bun:test import here: the bench runs outside the test runner.
import { join } from 'node:path';
import { integrityCheck, openDriver } from '../db/index.ts';
import { BROWSER_UA, spawnServer } from './server.ts';

/** What `runLoad` sends, where, and when it stops. */
export interface LoadOptions {
  base: string;
  siteKey: string;
  /** Client addresses sent in X-Forwarded-For, cycled per request; leads, so each beacon is stored. */
  addresses: readonly string[];
  concurrency: number;
  /** First n of the unique paths `/ack/<n>`. */
  firstPath: number;
  /** Stop starting new requests (requests in flight finish or fail). */
  signal: AbortSignal;
}

/** What `runLoad` saw: the acknowledged paths and every status. */
export interface LoadResult {
  /** n of every `/ack/<n>` answered 202. */
  acked: number[];
  /** The next unused n. */
  nextPath: number;
  statuses: Record<number, number>;
  failures: number;
}

/** The load client: `concurrency` fetch loops of pageviews of unique `/ack/<n>` paths. */
export async function runLoad(o: LoadOptions): Promise<LoadResult> {
  // A unique path per beacon, so every acknowledgement can be looked up afterwards.
  let next = o.firstPath;
  const acked: number[] = [];
  const statuses: Record<number, number> = {};
  let failures = 0;
  const url = `${o.base}/e`;
  // A loop ends at abort or on its first network error (the server was killed).
  const worker = async () => {
    while (!o.signal.aborted) {
      const n = next++;
      const body = JSON.stringify({
        s: o.siteKey,
        e: 'pageview',
        u: `https://example.com/ack/${n}`,
        t: 'Ack',
        w: 1440,
      });
      try {
        const res = await fetch(url, {
          method: 'POST',
          headers: {
            'content-type': 'text/plain',
            'user-agent': BROWSER_UA,
            'x-forwarded-for': o.addresses[n % o.addresses.length],
          },
          body,
        });
        await res.arrayBuffer();
        statuses[res.status] = (statuses[res.status] ?? 0) + 1;
        if (res.status === 202) acked.push(n);
      } catch {
        failures++;
        return;
      }
    }
  };
  await Promise.all(Array.from({ length: o.concurrency }, worker));
  return { acked, nextPath: next, statuses, failures };
}

/** One kill -9 round: the data directory, the load, and when to kill. */
export interface CrashRoundOptions {
  dataDir: string;
  siteKey: string;
  addresses: readonly string[];
  round: number;
  firstPath: number;
  concurrency?: number;
  /** SIGKILL after a random delay in [min, max] ms of load. */
  killAfterMs?: [number, number];
  env?: Record<string, string>;
  prefix?: string[];
  /** Extra load started with the client (the bench runs wrk here); awaited after the kill. */
  alongside?: (base: string) => Promise<unknown>;
}

/** What one kill -9 round found in the database afterwards. */
export interface CrashRoundResult {
  round: number;
  killedAfterMs: number;
  acked: number;
  /** `/ack/<n>` rows of this round found after the crash (≥ acked: some commits were not answered). */
  stored: number;
  missing: number[];
  integrity: string;
  statuses: Record<number, number>;
  nextPath: number;
}

/** One round: start the server, load it, kill -9, then check the database with a fresh connection. */
export async function crashRound(o: CrashRoundOptions): Promise<CrashRoundResult> {
  const server = await spawnServer(o.dataDir, o.env, o.prefix);
  const ctl = new AbortController();
  try {
    const load = runLoad({
      base: server.base,
      siteKey: o.siteKey,
      addresses: o.addresses,
      concurrency: o.concurrency ?? 20,
      firstPath: o.firstPath,
      signal: ctl.signal,
    });
    const extra = o.alongside?.(server.base);
    const [min, max] = o.killAfterMs ?? [500, 2000];
    const killedAfterMs = Math.round(min + Math.random() * (max - min));
    await Bun.sleep(killedAfterMs);
    server.proc.kill('SIGKILL');
    ctl.abort();
    await server.proc.exited;
    const r = await load;
    await extra;
    await server.drained;

    const db = openDriver(join(o.dataDir, 'leadlens.db'));
    try {
      const integrity = integrityCheck(db);
      const paths = new Set(
        db
          .prepare<{ path: string }>("SELECT path FROM pageviews WHERE path LIKE '/ack/%'")
          .all()
          .map((row) => row.path),
      );
      let stored = 0;
      for (let n = o.firstPath; n < r.nextPath; n++) if (paths.has(`/ack/${n}`)) stored++;
      return {
        round: o.round,
        killedAfterMs,
        acked: r.acked.length,
        stored,
        missing: r.acked.filter((n) => !paths.has(`/ack/${n}`)),
        integrity,
        statuses: r.statuses,
        nextPath: r.nextPath,
      };
    } finally {
      db.close();
    }
  } finally {
    ctl.abort();
    server.proc.kill('SIGKILL');
  }
}

/** `runs` crash rounds on one data directory (each restart recovers the previous crash). */
export async function crashRuns(
  runs: number,
  o: Omit<CrashRoundOptions, 'round' | 'firstPath'>,
  log: (line: string) => void = console.log,
): Promise<CrashRoundResult[]> {
  const results: CrashRoundResult[] = [];
  let firstPath = 0;
  for (let round = 1; round <= runs; round++) {
    const r = await crashRound({ ...o, round, firstPath });
    firstPath = r.nextPath;
    results.push(r);
    log(
      `kill -9 round ${round}/${runs}: killed after ${r.killedAfterMs} ms; acked ${r.acked}, ` +
        `stored ${r.stored}, acked but missing ${r.missing.length}, integrity_check ${r.integrity}`,
    );
  }
  return results;
}
