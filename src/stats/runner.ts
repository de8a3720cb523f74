import type { Driver } from '../db/index.ts';
import { embedded } from '../embed/index.ts';
import type { Overview, OverviewQuery } from './model.ts';
import { createStatsService, OverviewError } from './service.ts';

/** Answers overview queries; where the SQL runs is the runner's business. */
export interface OverviewRunner {
  overview(q: OverviewQuery): Promise<Overview>;
  close(): Promise<void>;
}

/** Runs the queries on the calling thread (tests, tools): they block the event loop meanwhile. */
export function inlineRunner(db: Driver, clock: () => number): OverviewRunner {
  const stats = createStatsService(db, clock);
  return { overview: async (q) => stats.overview(q), close: async () => {} };
}

/** What the worker answers: the overview, or the error to rethrow here. */
export type WorkerReply =
  | { id: number; ok: true; overview: Overview }
  | { id: number; ok: false; status?: 400 | 404; code?: 'invalid' | 'not_found'; message: string };

/**
 * Runs the queries on a Worker thread with its own read-only use of `dbPath` (WAL lets it read
 * while the ingest writer commits). A year of a busy site scans millions of rows for the top
 * pages; on the main thread that would stall every beacon for seconds. Started on first use;
 * unref'd, so it never keeps the process alive; a crashed worker is replaced on the next query.
 */
export function workerRunner(dbPath: string, clock: () => number): OverviewRunner {
  let worker: Worker | null = null;
  const waiting = new Map<number, { resolve: (o: Overview) => void; reject: (e: Error) => void }>();
  let nextId = 1;

  const failAll = (e: Error) => {
    for (const w of waiting.values()) w.reject(e);
    waiting.clear();
  };
  const start = (): Worker => {
    const url = embedded()?.workers.stats ?? new URL('./worker.ts', import.meta.url);
    const w = new Worker(url, { ref: false });
    w.onmessage = (event: MessageEvent<WorkerReply>) => {
      const m = event.data;
      const p = waiting.get(m.id);
      waiting.delete(m.id);
      if (!p) return;
      if (m.ok) p.resolve(m.overview);
      else if (m.status && m.code) p.reject(new OverviewError(m.status, m.code, m.message));
      else p.reject(new Error(m.message));
    };
    w.onerror = (e) => {
      worker = null;
      w.terminate();
      failAll(new Error(`overview thread died: ${e.message}`));
    };
    return w;
  };

  return {
    overview(q) {
      worker ??= start();
      const id = nextId++;
      const w = worker;
      return new Promise<Overview>((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        w.postMessage({ id, path: dbPath, now: clock(), query: q });
      });
    },
    async close() {
      worker?.terminate();
      worker = null;
      failAll(new Error('overview runner closed'));
    },
  };
}
