import type { WriteOp } from './store.ts';

/** Commits one batch of writes in one transaction; resolves once it is durable. */
export type Committer = (ops: WriteOp[]) => Promise<void>;

export interface WriterOptions {
  /**
   * Longest an event waits before its batch starts committing. 0 (the default): commit as soon as
   * the event loop has taken in what already arrived; events that arrive during a commit form
   * the next batch, so batches grow with load by themselves.
   */
  windowMs?: number;
  /** A batch this large is committed at once. */
  maxBatch?: number;
  /** More pending events than this: refuse new ones (503) instead of growing without bound. */
  maxQueue?: number;
  /**
   * The oldest pending event has waited longer than this (ms): refuse new ones (503) until the
   * writer catches up. Bounds the queue in time, whatever the disk's speed: under overload a
   * beacon is refused at once rather than answered after seconds (clients give up by then).
   */
  maxWaitMs?: number;
  /** Monotonic milliseconds (tests move it). */
  now?: () => number;
  onFlush?: (events: number, ms: number) => void;
  onError?: (error: unknown) => void;
}

export class WriterUnavailable extends Error {
  readonly code = 'unavailable';
}

interface Pending {
  ops: WriteOp[];
  /** When it was queued (monotonic ms). */
  since: number;
  resolve: () => void;
  reject: (e: unknown) => void;
}

/**
 * Group commit: events wait for the next batch, which commits in one transaction; each event's
 * promise settles only after that commit, so "acknowledged" means "on disk". One batch is in
 * flight at a time (a batch may refer to a visit the previous one created); events arriving
 * meanwhile form the next batch. A failed batch rejects every event in it (the client sees 503);
 * nothing is acknowledged that was not committed.
 */
export class GroupWriter {
  private queue: Pending[] = [];
  private timer: ReturnType<typeof setTimeout> | ReturnType<typeof setImmediate> | null = null;
  private inFlight: Promise<void> | null = null;
  private closed = false;
  private readonly windowMs: number;
  private readonly maxBatch: number;
  private readonly maxQueue: number;
  private readonly maxWaitMs: number;
  private readonly now: () => number;
  /** Events refused because the queue was full or too old (overload), since start. */
  shed = 0;
  lastError: unknown = null;

  constructor(
    private readonly commit: Committer,
    private readonly o: WriterOptions = {},
  ) {
    this.windowMs = o.windowMs ?? 0;
    this.maxBatch = o.maxBatch ?? 1024;
    this.maxQueue = o.maxQueue ?? 20_000;
    this.maxWaitMs = o.maxWaitMs ?? 2000;
    this.now = o.now ?? (() => performance.now());
  }

  /** Events waiting for a batch (not counting the one committing now). */
  get depth(): number {
    return this.queue.length;
  }

  /** Queues one event's writes; resolves once they are committed. */
  write(ops: WriteOp[]): Promise<void> {
    if (this.closed) return Promise.reject(new WriterUnavailable('shutting down'));
    const now = this.now();
    if (this.queue.length >= this.maxQueue) return this.refuse('write queue full');
    if (this.queue.length && now - this.queue[0].since > this.maxWaitMs) {
      return this.refuse('write queue too slow');
    }
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ ops, since: now, resolve, reject });
      if (this.queue.length >= this.maxBatch) this.kick();
      else if (!this.inFlight) this.timer ??= this.later(() => this.kick());
    });
  }

  private refuse(why: string): Promise<void> {
    this.shed++;
    return Promise.reject(new WriterUnavailable(why));
  }

  private later(fn: () => void) {
    return this.windowMs > 0 ? setTimeout(fn, this.windowMs) : setImmediate(fn);
  }

  private kick(): void {
    if (this.timer) {
      if (this.windowMs > 0) clearTimeout(this.timer as ReturnType<typeof setTimeout>);
      else clearImmediate(this.timer as ReturnType<typeof setImmediate>);
      this.timer = null;
    }
    if (!this.inFlight && this.queue.length) this.inFlight = this.run();
  }

  private async run(): Promise<void> {
    while (this.queue.length) {
      const batch = this.queue.splice(0, this.maxBatch);
      const t0 = performance.now();
      try {
        await this.commit(batch.flatMap((p) => p.ops));
        this.lastError = null;
        this.o.onFlush?.(batch.length, performance.now() - t0);
        for (const p of batch) p.resolve();
      } catch (e) {
        this.lastError = e;
        this.o.onError?.(e);
        for (const p of batch) p.reject(new WriterUnavailable('write failed'));
      }
      // Let the event loop take in what arrived during the commit before the next batch starts.
      if (this.queue.length && this.queue.length < this.maxBatch && !this.closed) {
        await new Promise((r) => this.later(() => r(undefined)));
      }
    }
    this.inFlight = null;
  }

  /** Commits everything queued and waits for it. */
  async flush(): Promise<void> {
    this.kick();
    while (this.inFlight) await this.inFlight;
  }

  /** Stops accepting events and commits what is queued (SIGTERM). */
  async close(): Promise<void> {
    this.closed = true;
    await this.flush();
  }
}
