/**
 * The ingest writer thread: owns a connection of its own and commits the batches the main thread
 * posts, so a commit's fsync and any WAL checkpoint it triggers never block the event loop that
 * answers beacons. Replies `{ id, ok }` only after the transaction committed.
 */
import { type Driver, openDatabase } from '../db/index.ts';
import { createIngestStore, type WriteOp } from './store.ts';

declare const self: Worker;

type Message =
  | { type: 'open'; path: string }
  | { type: 'batch'; id: number; ops: WriteOp[] }
  | { type: 'close' };

let db: Driver | null = null;
let store: ReturnType<typeof createIngestStore> | null = null;

self.onmessage = (event: MessageEvent<Message>) => {
  const msg = event.data;
  if (msg.type === 'open') {
    try {
      db = openDatabase(msg.path, { migrate: false });
      store = createIngestStore(db);
      self.postMessage({ type: 'ready' });
    } catch (e) {
      self.postMessage({ type: 'ready', error: (e as Error).message });
    }
  } else if (msg.type === 'close') {
    db?.close();
    db = null;
    self.postMessage({ type: 'closed' });
  } else {
    try {
      store!.apply(msg.ops);
      self.postMessage({ type: 'done', id: msg.id, ok: true });
    } catch (e) {
      self.postMessage({ type: 'done', id: msg.id, ok: false, error: (e as Error).message });
    }
  }
};
