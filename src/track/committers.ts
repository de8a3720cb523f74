import { embedded } from '../embed/index.ts';
import type { IngestStore, WriteOp } from './store.ts';
import type { Committer } from './writer.ts';

export interface CommitterHandle {
  commit: Committer;
  /** Forget the writer's cached ids (network → company, interned paths) after rows were deleted. */
  clearCache(): void;
  close(): Promise<void>;
}

/** Commits on the calling thread (tests, tools). The commit blocks the event loop while it runs. */
export function inlineCommitter(store: IngestStore): CommitterHandle {
  return {
    commit: async (ops) => store.apply(ops),
    clearCache: () => store.clearCache(),
    close: async () => {},
  };
}

/**
 * Commits on a Worker thread with its own connection to `dbPath`: the main thread keeps
 * answering requests while a batch is fsynced. Resolves each batch only on the worker's reply.
 */
export async function workerCommitter(
  dbPath: string,
  synchronous: 'full' | 'normal' = 'full',
): Promise<CommitterHandle> {
  // In the compiled binary the worker is an extra entrypoint with a path of its own.
  const worker = new Worker(
    embedded()?.workers.writer ?? new URL('./writer-worker.ts', import.meta.url),
  );
  const waiting = new Map<number, { resolve: () => void; reject: (e: Error) => void }>();
  let nextId = 1;
  let onClosed: (() => void) | null = null;
  let failed: Error | null = null;
  const ready = new Promise<void>((resolve, reject) => {
    worker.onmessage = (event: MessageEvent) => {
      const m = event.data as { type: string; id?: number; ok?: boolean; error?: string };
      if (m.type === 'ready') {
        if (m.error) reject(new Error(`writer thread: ${m.error}`));
        else resolve();
      } else if (m.type === 'done') {
        const w = waiting.get(m.id!);
        waiting.delete(m.id!);
        if (m.ok) w?.resolve();
        else w?.reject(new Error(m.error ?? 'batch failed'));
      } else if (m.type === 'closed') {
        onClosed?.();
      }
    };
  });
  worker.onerror = (e) => {
    failed = new Error(`writer thread died: ${e.message}`);
    for (const w of waiting.values()) w.reject(failed);
    waiting.clear();
  };
  worker.postMessage({ type: 'open', path: dbPath, synchronous });
  await ready;
  return {
    commit(ops: WriteOp[]) {
      if (failed) return Promise.reject(failed);
      const id = nextId++;
      return new Promise<void>((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        // A JSON string crosses to the thread faster than a structured clone of many small objects.
        worker.postMessage({ type: 'batch', id, ops: JSON.stringify(ops) });
      });
    },
    clearCache() {
      // Ordered with the batches: every batch posted after this uses fresh ids.
      worker.postMessage({ type: 'clear' });
    },
    async close() {
      await new Promise<void>((resolve) => {
        onClosed = resolve;
        worker.postMessage({ type: 'close' });
        setTimeout(resolve, 2000).unref?.();
      });
      worker.terminate();
    },
  };
}
