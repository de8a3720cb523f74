/**
 * The export thread: builds the CSV chunks of every running download on a read-only connection
 * of its own, so a chunk (100–200 ms of queries and encoding) never blocks the event loop that
 * answers beacons (see runner.ts). One message, one chunk: downloads take turns.
 */
import { type Driver, openDriver, yieldToCheckpoint } from '../db/index.ts';
import { createChunkMaker } from './jobs.ts';
import type { FromWorker, ToWorker } from './runner.ts';

declare const self: Worker;

let db: Driver | null = null;
let make: ReturnType<typeof createChunkMaker> | null = null;
const jobs = new Map<number, Generator<Uint8Array, void, undefined>>();

function open(path: string, mmapBytes: number): ReturnType<typeof createChunkMaker> {
  // Read-only: this thread can never write, lock for writing or checkpoint; the main thread
  // migrated the file. WAL lets it read while the writer commits; a reader still meets a short
  // SQLITE_BUSY now and then (WAL index being rebuilt), hence the timeout.
  db = openDriver(path, { readonly: true });
  db.exec('PRAGMA busy_timeout = 5000');
  // Memory-mapped reads: SQLite reads pages straight from the OS cache instead of a read() call
  // each, most of an export's system time (+15–60% rows/s at 200 k companies). Not on the app's
  // shared connection: its writes must never go through a map. This connection only reads, so a
  // map cannot corrupt the file; what an I/O error on a mapped page does is raise SIGBUS, which
  // ends the process instead of failing the one export with SQLITE_IOERR (acknowledged beacons
  // are committed already: a restart loses none). The mapped pages count in the RSS as shared
  // file cache the kernel can drop, and the map goes with the connection, closed when no
  // download runs.
  if (mmapBytes > 0) db.exec(`PRAGMA mmap_size = ${Math.floor(mmapBytes)}`);
  return createChunkMaker(db);
}

function closeWhenIdle(): void {
  if (jobs.size || !db) return;
  db.close();
  db = null;
  make = null;
}

function reply(m: Exclude<FromWorker, { ready: true }>): void {
  if (m.ok && m.bytes) self.postMessage(m, [m.bytes.buffer as ArrayBuffer]);
  else self.postMessage(m);
}

self.onmessage = (event: MessageEvent<ToWorker>) => {
  const m = event.data;
  if (m.type === 'cancel') {
    jobs.get(m.job)?.return(undefined);
    jobs.delete(m.job);
    return closeWhenIdle();
  }
  try {
    if (m.type === 'start') {
      make ??= open(m.path, m.mmapBytes);
      jobs.set(m.job, make(m.spec));
    }
    const chunks = jobs.get(m.job);
    if (!chunks) return reply({ job: m.job, ok: false, message: 'no such export job' });
    // A chunk is a few short reads; when the writer's checkpoints keep meeting readers, hold
    // back a moment so they find none (src/db/wal-guard.ts).
    if (db) yieldToCheckpoint(db.path);
    const step = chunks.next();
    if (step.done) jobs.delete(m.job);
    reply({ job: m.job, ok: true, bytes: step.done ? null : step.value });
  } catch (e) {
    jobs.get(m.job)?.return(undefined);
    jobs.delete(m.job);
    reply({ job: m.job, ok: false, message: (e as Error).message });
  }
  closeWhenIdle();
};

self.postMessage({ ready: true } satisfies FromWorker);
