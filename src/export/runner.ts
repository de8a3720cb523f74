import type { Driver } from '../db/index.ts';
import { embedded } from '../embed/index.ts';
import { createChunkMaker, type ExportJob } from './jobs.ts';
import type { ChunkSource } from './stream.ts';

/** Starts downloads; where their rows are read is the runner's business. */
export interface ExportRunner {
  /** The job's chunks, or null when as many exports as allowed are running already. */
  start(job: ExportJob): ChunkSource | null;
  /** Downloads running now (started, neither finished nor cancelled). */
  running(): number;
  close(): void;
}

/** What the main thread asks the export thread. */
export type ToWorker =
  | { type: 'start'; job: number; path: string; mmapBytes: number; spec: ExportJob }
  | { type: 'next'; job: number }
  | { type: 'cancel'; job: number };

/**
 * What the export thread answers: a chunk (its buffer transferred), the end (null), or why not;
 * and once, when its code has loaded, that it is ready.
 */
export type FromWorker =
  | { job: number; ok: true; bytes: Uint8Array | null }
  | { job: number; ok: false; message: string }
  | { ready: true };

/**
 * How long a new export thread may take to load. A thread whose code fails to load does not
 * always say so (seen in a bytecode-compiled binary): without this, its downloads would wait
 * until the client gave up.
 */
const START_TIMEOUT_MS = 15_000;

/**
 * Builds every chunk on the calling thread (tests, tools): each blocks the event loop meanwhile
 * (100–200 ms at 10 000 companies or 5 000 visits). No cap: the caller is not a server.
 */
export function inlineRunner(db: Driver): ExportRunner {
  let make: ReturnType<typeof createChunkMaker> | null = null;
  let running = 0;
  return {
    start(job) {
      make ??= createChunkMaker(db);
      const chunks = make(job);
      let open = true;
      running++;
      const end = () => {
        if (open) running--;
        open = false;
      };
      return {
        async next() {
          if (!open) return null;
          try {
            const step = chunks.next();
            if (step.done) end();
            return step.done ? null : step.value;
          } catch (e) {
            end();
            throw e;
          }
        },
        cancel() {
          end();
          chunks.return(undefined);
        },
      };
    },
    running: () => running,
    close() {},
  };
}

export interface WorkerRunnerOptions {
  /** Downloads at once; start() gives null beyond (the service answers 503). */
  maxJobs: number;
  /** mmap_size of the export thread's connection (0: none). */
  mmapBytes: number;
  /** A download whose client takes no chunk for this long is stopped and its slot freed. */
  idleMs: number;
  /** How long a new thread may take to say it is ready (default START_TIMEOUT_MS). */
  startTimeoutMs?: number;
  /** The thread's code (default: the embedded entry, else ./worker.ts); tests give others. */
  workerUrl?: URL | string;
}

/** Bun's Worker: ref()/unref() say whether it keeps the process alive (not in the DOM typings). */
type BunWorker = Worker & { ref(): void; unref(): void };

type Job = {
  /** The thread building it. */
  w: BunWorker;
  waiting: { resolve: (b: Uint8Array | null) => void; reject: (e: Error) => void } | null;
  /** Set once the job is over: null when it ended well, else why it stopped. */
  over: { error: Error | null } | null;
  idle: ReturnType<typeof setTimeout> | null;
};

/**
 * Reads the rows on one Worker thread with its own read-only connection to `dbPath` (WAL lets it
 * read while the ingest writer commits), so no chunk ever blocks the event loop that answers
 * beacons. One thread for every download, not one each: its queue interleaves the downloads a
 * chunk at a time (each asks for its next chunk only when its client pulls, so they take turns),
 * and an export never takes more than one core from ingest, which matters on the 1–2 core
 * machines Leadlens runs on. Started on first use; it keeps the process alive only while a
 * download runs; a crashed thread fails the downloads it held and is replaced on the next one.
 */
export function workerRunner(dbPath: string, o: WorkerRunnerOptions): ExportRunner {
  let worker: BunWorker | null = null;
  const jobs = new Map<number, Job>();
  let nextId = 1;

  /** Ends a job: frees its slot, settles a pending pull, lets the process exit when idle. */
  const finish = (id: number, error: Error | null) => {
    const job = jobs.get(id);
    if (!job) return;
    jobs.delete(id);
    if (job.idle) clearTimeout(job.idle);
    job.over = { error };
    const w = job.waiting;
    job.waiting = null;
    if (w && error) w.reject(error);
    else w?.resolve(null);
    if (!jobs.size) worker?.unref();
  };
  /** Fails the downloads of thread `w` (all of them when null). */
  const failAll = (e: Error, w: BunWorker | null = null) => {
    for (const [id, job] of [...jobs]) if (!w || job.w === w) finish(id, e);
  };
  const spawn = (): BunWorker => {
    const url =
      o.workerUrl ?? embedded()?.workers.export ?? new URL('./worker.ts', import.meta.url);
    const w = new Worker(url, { ref: false }) as BunWorker;
    const died = (why: string) => {
      clearTimeout(starting);
      if (worker === w) worker = null;
      w.terminate();
      failAll(new Error(`export thread died: ${why}`), w);
    };
    const starting = setTimeout(
      () => died('it did not start'),
      o.startTimeoutMs ?? START_TIMEOUT_MS,
    );
    starting.unref?.();
    w.onmessage = (event: MessageEvent<FromWorker>) => {
      const m = event.data;
      if ('ready' in m) return clearTimeout(starting);
      const job = jobs.get(m.job);
      if (!job?.waiting) return; // cancelled meanwhile
      // The end or a failure: finish() settles the pull.
      if (!m.ok) return finish(m.job, new Error(m.message));
      if (m.bytes === null) return finish(m.job, null);
      const { resolve } = job.waiting;
      job.waiting = null;
      // The client has its chunk; it has idleMs to ask for the next.
      job.idle = setTimeout(() => {
        w.postMessage({ type: 'cancel', job: m.job } satisfies ToWorker);
        finish(m.job, new Error('export stopped: the client took no data for too long'));
      }, o.idleMs);
      job.idle.unref?.();
      resolve(m.bytes);
    };
    w.onerror = (e) => died(e.message);
    return w;
  };

  return {
    start(spec) {
      if (jobs.size >= o.maxJobs) return null;
      worker ??= spawn();
      const w = worker;
      const id = nextId++;
      const job: Job = { w, waiting: null, over: null, idle: null };
      jobs.set(id, job);
      w.ref();
      let started = false;
      return {
        next() {
          if (job.over) {
            return job.over.error ? Promise.reject(job.over.error) : Promise.resolve(null);
          }
          if (job.idle) clearTimeout(job.idle);
          job.idle = null;
          return new Promise<Uint8Array | null>((resolve, reject) => {
            job.waiting = { resolve, reject };
            const m: ToWorker = started
              ? { type: 'next', job: id }
              : { type: 'start', job: id, path: dbPath, mmapBytes: o.mmapBytes, spec };
            started = true;
            w.postMessage(m);
          });
        },
        cancel() {
          if (job.over) return;
          // The thread drops the job's generator when it reads this (after the chunk it may be
          // building now, whose answer is then ignored).
          w.postMessage({ type: 'cancel', job: id } satisfies ToWorker);
          finish(id, null);
        },
      };
    },
    running: () => jobs.size,
    close() {
      worker?.terminate();
      worker = null;
      failAll(new Error('export runner closed'));
    },
  };
}
