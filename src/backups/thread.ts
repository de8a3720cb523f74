import { BackupError, type BackupResult } from '../db/backup.ts';
import { embedded } from '../embed/index.ts';

/** What the backup thread answers: the copy written, or why not (a BackupError's message). */
export type BackupReply = { ok: true; result: BackupResult } | { ok: false; message: string };

/**
 * backupDatabase(dbPath → target) on a thread of its own (worker.ts), one per backup: VACUUM INTO
 * reads the whole database, seconds for a large one, and the server's event loop must keep
 * answering meanwhile. Rejects with a BackupError, also when the thread dies.
 * @example const r = await backupInThread(db.path, '/backups/leadlens-20261129T033000Z.db');
 */
export function backupInThread(
  dbPath: string,
  target: string,
  o: { workerUrl?: string | URL } = {},
): Promise<BackupResult> {
  const url = o.workerUrl ?? embedded()?.workers.backup ?? new URL('./worker.ts', import.meta.url);
  return new Promise((resolve, reject) => {
    const w = new Worker(url);
    w.onmessage = (event: MessageEvent<BackupReply>) => {
      w.terminate();
      const m = event.data;
      if (m.ok) resolve(m.result);
      else reject(new BackupError(m.message));
    };
    w.onerror = (e) => {
      w.terminate();
      reject(new BackupError(`backup ${target}: the backup thread died: ${e.message}`));
    };
    w.postMessage({ path: dbPath, target });
  });
}
