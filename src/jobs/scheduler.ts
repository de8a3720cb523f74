/**
 * A tiny in-process scheduler for the few periodic jobs one Leadlens process runs (retention
 * purge, salt rotation, digests, outbox). One process, one SQLite file: no cron, no queue.
 */

const DAY_MS = 86_400_000;

/** Arms a one-shot timer; returns a function that cancels it. Injectable so tests use fake time. */
export type SetTimer = (fn: () => void, ms: number) => () => void;

/** The subset of the logger the scheduler uses. */
export interface SchedulerLog {
  error(msg: string, fields?: Record<string, unknown>): void;
  debug?(msg: string, fields?: Record<string, unknown>): void;
}

export interface SchedulerDeps {
  /** Unix ms; decides when a `dailyAt` job is due. */
  clock: () => number;
  log: SchedulerLog;
  /** Defaults to an unref'd `setTimeout` (a pending job must not keep a CLI process alive). */
  setTimer?: SetTimer;
}

/** A job's work: may be sync or async; a throw or rejection is logged, never fatal. */
export type JobFn = () => unknown;

export interface Scheduler {
  /** Runs `fn` every `ms` (first run `ms` from now). */
  every(name: string, ms: number, fn: JobFn): void;
  /** Runs `fn` once a day at `utcHour:utcMinute` UTC (the next such time after now first). */
  dailyAt(name: string, utcHour: number, utcMinute: number, fn: JobFn): void;
  /** Runs a job now (an admin "purge now"); resolves false if that job was already running. */
  runNow(name: string): Promise<boolean>;
  /** Names of the jobs running at this moment. */
  running(): string[];
  /** Cancels every timer and resolves once the jobs running now have finished. */
  stop(): Promise<void>;
}

const realTimer: SetTimer = (fn, ms) => {
  const t = setTimeout(fn, ms);
  t.unref?.();
  return () => clearTimeout(t);
};

/**
 * The next `hour:minute` UTC strictly after `after` (unix ms).
 * @example nextDailyAt(Date.UTC(2026, 0, 1, 4), 3, 15) // Date.UTC(2026, 0, 2, 3, 15)
 */
export function nextDailyAt(after: number, hour: number, minute: number): number {
  const dayStart = Math.floor(after / DAY_MS) * DAY_MS;
  const today = dayStart + (hour * 60 + minute) * 60_000;
  return today > after ? today : today + DAY_MS;
}

interface Job {
  fn: JobFn;
  current: Promise<void> | null;
  cancel: (() => void) | null;
}

/**
 * Creates a scheduler. A job never overlaps itself: a tick that comes while the previous run is
 * still going is skipped (the next tick will do the work). Errors are logged with the job name and
 * message only — a message never carries request data, and a stack adds nothing for the operator.
 * @example
 * const scheduler = createScheduler({ clock: Date.now, log });
 * scheduler.dailyAt('retention', 3, 15, () => purge.run());
 * await scheduler.stop();
 */
export function createScheduler(deps: SchedulerDeps): Scheduler {
  const setTimer = deps.setTimer ?? realTimer;
  const jobs = new Map<string, Job>();
  let stopped = false;

  const add = (name: string, fn: JobFn): Job => {
    if (stopped) throw new Error(`scheduler stopped: cannot add job ${name}`);
    if (jobs.has(name)) throw new Error(`job ${name} is already scheduled`);
    const job: Job = { fn, current: null, cancel: null };
    jobs.set(name, job);
    return job;
  };

  // Starts one run unless one is going; the promise never rejects (errors end in the log).
  const start = (name: string, job: Job): boolean => {
    if (job.current) {
      deps.log.debug?.('job still running; tick skipped', { job: name });
      return false;
    }
    const run = (async () => {
      try {
        await job.fn();
      } catch (e) {
        deps.log.error('job failed', { job: name, error: (e as Error)?.message ?? String(e) });
      }
    })();
    job.current = run;
    // Cleared here, not in a `finally` inside `run`: a job that throws synchronously would reach
    // that `finally` before `job.current` is even assigned, and stay "running" forever.
    void run.then(() => {
      if (job.current === run) job.current = null;
    });
    return true;
  };

  return {
    every(name, ms, fn) {
      if (!(ms > 0)) throw new Error(`job ${name}: interval must be > 0`);
      const job = add(name, fn);
      // Re-armed on each tick, not after the run ends: a slow run costs skipped ticks, not drift.
      const arm = () => {
        job.cancel = setTimer(() => {
          if (stopped) return;
          arm();
          start(name, job);
        }, ms);
      };
      arm();
    },

    dailyAt(name, utcHour, utcMinute, fn) {
      if (!(utcHour >= 0 && utcHour < 24 && utcMinute >= 0 && utcMinute < 60))
        throw new Error(`job ${name}: bad time ${utcHour}:${utcMinute}`);
      const job = add(name, fn);
      // From the clock each time (not a fixed 24 h interval), so a sleep or clock step does not
      // shift the job; from after the target that fired, so a timer firing a hair early cannot
      // run the job twice in one day.
      const arm = (after: number) => {
        const at = nextDailyAt(after, utcHour, utcMinute);
        job.cancel = setTimer(
          () => {
            if (stopped) return;
            arm(Math.max(deps.clock(), at));
            start(name, job);
          },
          Math.max(0, at - deps.clock()),
        );
      };
      arm(deps.clock());
    },

    async runNow(name) {
      const job = jobs.get(name);
      if (!job) throw new Error(`no job named ${name}`);
      if (stopped || !start(name, job)) return false;
      await job.current;
      return true;
    },

    running: () => [...jobs].filter(([, j]) => j.current).map(([n]) => n),

    async stop() {
      stopped = true;
      for (const job of jobs.values()) job.cancel?.();
      await Promise.all([...jobs.values()].map((j) => j.current));
    },
  };
}
