/**
 * The ingest writer thread: owns a connection of its own and commits the batches the main thread
 * posts, so a commit's fsync and any WAL checkpoint it triggers never block the event loop that
 * answers beacons. Replies `{ id, ok }` only after the transaction committed.
 */
import { createWalGuard, type Driver, openDatabase } from '../db/index.ts';
import { createIngestStore, type WriteOp } from './store.ts';

declare const self: Worker;

type Message =
  | { type: 'open'; path: string; synchronous: 'full' | 'normal' }
  | { type: 'batch'; id: number; ops: string }
  | { type: 'clear' }
  | { type: 'close' };

let db: Driver | null = null;
let store: ReturnType<typeof createIngestStore> | null = null;
let wal: ReturnType<typeof createWalGuard> | null = null;

self.onmessage = (event: MessageEvent<Message>) => {
  const msg = event.data;
  if (msg.type === 'open') {
    try {
      db = openDatabase(msg.path, { migrate: false, synchronous: msg.synchronous });
      // SQLite's automatic checkpoint runs here, after a commit on this thread: it delays the next
      // batch a little but never the event loop. (A separate checkpointer thread was tried: under
      // steady writes its passive passes never catch up, so the WAL grew without bound.) Passive
      // passes cannot start the WAL over while reads overlap: the guard does, past 16 MiB.
      store = createIngestStore(db);
      wal = createWalGuard(db);
      self.postMessage({ type: 'ready' });
    } catch (e) {
      self.postMessage({ type: 'ready', error: (e as Error).message });
    }
  } else if (msg.type === 'clear') {
    store?.clearCache();
  } else if (msg.type === 'close') {
    db?.close();
    db = null;
    self.postMessage({ type: 'closed' });
  } else {
    try {
      store!.apply(JSON.parse(msg.ops) as WriteOp[]);
      self.postMessage({ type: 'done', id: msg.id, ok: true });
      try {
        wal!.afterCommit();
      } catch {
        // A failed checkpoint changes nothing; the next commit tries again.
      }
    } catch (e) {
      self.postMessage({ type: 'done', id: msg.id, ok: false, error: (e as Error).message });
    }
  }
};
