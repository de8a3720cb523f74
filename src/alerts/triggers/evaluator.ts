import type { Logger } from '../../log/index.ts';

/** What the evaluator needs of a committed pageview (src/track's StoredPageview has it all). */
export interface VisitEvent {
  siteId: number;
  visitId: number;
  at: number;
}

export interface EvaluatorDeps {
  /** Evaluates the triggers for one visit; may throw (logged, the queue goes on). */
  evaluate: (e: VisitEvent) => void;
  log?: Pick<Logger, 'warn' | 'error'>;
  /** Events waiting at most; beyond it new ones are dropped and counted. */
  maxQueue?: number;
  /** Visits evaluated per turn of the event loop before yielding to requests. */
  batch?: number;
}

/**
 * The queue between the ingest path and the trigger rules. `push` only appends (it never throws
 * and never waits: a beacon's 202 must not depend on a rule, an SMTP server or Slack); a drain
 * scheduled with setImmediate takes a batch, evaluates each visit once however many of its
 * pageviews arrived meanwhile (the facts are read after commit, so the last one sees them all),
 * and yields to the event loop between batches. The queue is bounded: a burst beyond it drops
 * events, counted and logged, instead of growing without limit.
 * @example const q = createEvaluator({ evaluate }); onStored.push((e) => q.push(e));
 */
export function createEvaluator(d: EvaluatorDeps) {
  const max = d.maxQueue ?? 10_000;
  const batch = d.batch ?? 200;
  // Keyed by visit: a visit queued twice is evaluated once, with its latest event.
  let queue = new Map<number, VisitEvent>();
  let scheduled = false;
  let closed = false;
  let idleWaiters: Array<() => void> = [];
  const stats = { evaluated: 0, dropped: 0, errors: 0 };

  const schedule = () => {
    if (scheduled || closed) return;
    scheduled = true;
    setImmediate(drain);
  };

  function drain() {
    scheduled = false;
    let n = 0;
    for (const [visitId, e] of queue) {
      if (n++ >= batch) break;
      queue.delete(visitId);
      try {
        d.evaluate(e);
        stats.evaluated++;
      } catch (err) {
        stats.errors++;
        d.log?.error('trigger evaluation failed', { error: (err as Error).message });
      }
    }
    if (queue.size > 0) schedule();
    else {
      const waiters = idleWaiters;
      idleWaiters = [];
      for (const w of waiters) w();
    }
  }

  return {
    /** Queues a committed pageview's visit. Never throws, never blocks. */
    push(e: VisitEvent): void {
      try {
        if (closed || !e.visitId) return;
        if (queue.size >= max && !queue.has(e.visitId)) {
          // Warn on the first drop and then every thousandth, not once per beacon of a burst.
          if (stats.dropped++ % 1000 === 0) {
            d.log?.warn('trigger queue full: visits dropped', { dropped: stats.dropped, max });
          }
          return;
        }
        queue.delete(e.visitId);
        queue.set(e.visitId, e);
        schedule();
      } catch {
        // A listener on the ingest path must never throw.
      }
    },
    /** Resolves once the queue is empty (tests, shutdown). */
    idle(): Promise<void> {
      if (queue.size === 0 && !scheduled) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.push(resolve));
    },
    get depth(): number {
      return queue.size;
    },
    stats: (): Readonly<typeof stats> => ({ ...stats }),
    /** Stops taking events; what is queued is dropped (the rows are committed; nothing is lost but a notification). */
    close(): void {
      closed = true;
      queue = new Map();
      const waiters = idleWaiters;
      idleWaiters = [];
      for (const w of waiters) w();
    },
  };
}

export type Evaluator = ReturnType<typeof createEvaluator>;
