/**
 * The backup thread: one scheduled backup (VACUUM INTO, integrity check of the copy) on a
 * connection of its own, so the seconds it takes on a large database never hold up the event
 * loop that answers beacons. Started per backup and ended after it (see thread.ts).
 */
import { backupDatabase } from '../db/backup.ts';
import { openDatabase } from '../db/index.ts';
import type { BackupReply } from './thread.ts';

declare const self: Worker;

self.onmessage = (event: MessageEvent<{ path: string; target: string }>) => {
  const { path, target } = event.data;
  let reply: BackupReply;
  let db: ReturnType<typeof openDatabase> | null = null;
  try {
    // The main thread migrated the file already; this connection only reads.
    db = openDatabase(path, { migrate: false });
    reply = { ok: true, result: backupDatabase(db, target) };
  } catch (e) {
    reply = { ok: false, message: (e as Error).message };
  } finally {
    db?.close();
  }
  self.postMessage(reply);
};
