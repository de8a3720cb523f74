import type { SetTimer } from './scheduler.ts';

interface Pending {
  at: number;
  seq: number;
  fn: () => void;
}

/** Fake time for scheduler tests: timers fire only when `tick` moves `now.t` past them. */
export interface FakeTimers {
  setTimer: SetTimer;
  /** Advances `now.t` by `ms`, firing due timers in time order (the clock set to each one's time). */
  tick(ms: number): Promise<void>;
  /** Timers armed and not yet fired or cancelled. */
  readonly pending: number;
}

// Lets the promise chains of a fired job (its run, its catch, its bookkeeping) settle before the
// next timer fires: a macrotask turn drains every pending microtask.
const settle = () => new Promise<void>((r) => setImmediate(r));

/**
 * A `setTimer` over a shared fake clock (`now.t`, e.g. the harness clock).
 * @example const ft = fakeTimers(h.now); createScheduler({ clock: () => h.now.t, log, setTimer: ft.setTimer }); await ft.tick(60_000);
 */
export function fakeTimers(now: { t: number }): FakeTimers {
  let timers: Pending[] = [];
  let seq = 0;
  return {
    setTimer(fn, ms) {
      const p = { at: now.t + Math.max(0, ms), seq: seq++, fn };
      timers.push(p);
      return () => {
        timers = timers.filter((x) => x !== p);
      };
    },
    async tick(ms) {
      const end = now.t + ms;
      await settle();
      for (;;) {
        const due = timers
          .filter((p) => p.at <= end)
          .sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
        if (!due) break;
        timers = timers.filter((p) => p !== due);
        now.t = Math.max(now.t, due.at);
        due.fn();
        await settle();
      }
      now.t = end;
      await settle();
    },
    get pending() {
      return timers.length;
    },
  };
}
