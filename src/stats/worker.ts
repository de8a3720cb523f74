/**
 * The overview thread: runs the overview's read queries on a connection of its own, so a long
 * range on a big site never blocks the event loop that answers beacons (see runner.ts).
 */
import { type Driver, openDatabase, yieldToCheckpoint } from '../db/index.ts';
import type { WorkerReply } from './runner.ts';
import { createStatsService, OverviewError, type StatsService } from './service.ts';

declare const self: Worker;

let db: Driver | null = null;
let stats: StatsService | null = null;
// The caller's clock, sent with each query (tests run on a fake clock).
let now = 0;

self.onmessage = (event: MessageEvent<{ id: number; path: string; now: number; query: never }>) => {
  const { id, path, query } = event.data;
  now = event.data.now;
  let reply: WorkerReply;
  try {
    if (!stats) {
      // The main thread migrated the file already; this connection only reads.
      db = openDatabase(path, { migrate: false });
      // Its top pages read in slices: between them, too, a struggling checkpoint goes first.
      stats = createStatsService(
        db,
        () => now,
        () => yieldToCheckpoint(path),
      );
    }
    // Its queries can take a while on a big range: let a struggling checkpoint go first.
    yieldToCheckpoint(path);
    reply = { id, ok: true, overview: stats.overview(query) };
  } catch (e) {
    reply =
      e instanceof OverviewError
        ? { id, ok: false, status: e.status, code: e.code, message: e.message }
        : { id, ok: false, message: (e as Error).message };
  }
  self.postMessage(reply);
};
