import type { IngestStore, WriteOp } from './store.ts';

export interface WriterOptions {
  /** Longest an event waits for its batch to start committing. */
  windowMs?: number;
  /** A batch this large is committed at once. */
  maxBatch?: number;
  /** More pending events than this: refuse new ones (503) instead of growing without bound. */
  maxQueue?: number;
  onFlush?: (events: number, ms: number) => void;
  onError?: (error: unknown) => void;
}

export class WriterUnavailable extends Error {
  readonly code = 'unavailable';
}

interface Pending {
  ops: WriteOp[];
  resolve: () => void;
  reject: (e: unknown) => void;
}

/**
 * Group commit: events wait for the next batch, which commits in one transaction; each event's
 * promise settles only after that commit, so "acknowledged" means "on disk". A failed batch
 * rejects every event in it (the client sees 503 and can retry); nothing is acknowledged twice.
 */
export class GroupWriter {
  private queue: Pending[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  private closed = false;
  private readonly windowMs: number;
  private readonly maxBatch: number;
  private readonly maxQueue: number;
  lastError: unknown = null;

  constructor(
    private readonly store: IngestStore,
    private readonly o: WriterOptions = {},
  ) {
    this.windowMs = o.windowMs ?? 2;
    this.maxBatch = o.maxBatch ?? 512;
    this.maxQueue = o.maxQueue ?? 20_000;
  }

  get depth(): number {
    return this.queue.length;
  }

  /** Queues one event's writes; resolves once they are committed. */
  write(ops: WriteOp[]): Promise<void> {
    if (this.closed) return Promise.reject(new WriterUnavailable('shutting down'));
    if (this.queue.length >= this.maxQueue)
      return Promise.reject(new WriterUnavailable('write queue full'));
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ ops, resolve, reject });
      if (this.queue.length >= this.maxBatch) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.windowMs);
    });
  }

  /** Commits everything queued now. */
  flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    const batch = this.queue;
    if (!batch.length) return;
    this.queue = [];
    const t0 = performance.now();
    try {
      this.store.apply(batch.flatMap((p) => p.ops));
      this.lastError = null;
    } catch (e) {
      this.lastError = e;
      this.o.onError?.(e);
      for (const p of batch) p.reject(new WriterUnavailable('write failed'));
      return;
    }
    this.o.onFlush?.(batch.length, performance.now() - t0);
    for (const p of batch) p.resolve();
  }

  /** Stops accepting events and commits what is queued (SIGTERM). */
  close(): void {
    this.closed = true;
    this.flush();
  }
}
