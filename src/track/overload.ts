/**
 * Sheds beacons when the event loop falls behind (CHECKS.md load 3: at 2× the maximum the server
 * refuses load instead of queueing it, and sign-in and the inbox stay responsive). The writer's
 * own limits (queue length, oldest wait) act only once beacons have been read and processed;
 * on one saturated core that work is what starves everything else. A timer that should fire
 * every `intervalMs` measures how late it runs; after `ticks` late ticks in a row (each over
 * `thresholdMs`), beacon routes answer 503 with Retry-After before reading the body (a few µs
 * each), until a tick comes in under half the threshold. One long synchronous task (an index
 * rebuild, a backup) makes one late tick, not overload.
 * @example const shed = createLoadShedder(); if (shed.overloaded) return busy(); … shed.stop();
 */
export function createLoadShedder(
  o: { thresholdMs?: number; intervalMs?: number; ticks?: number } = {},
) {
  const threshold = o.thresholdMs ?? 40;
  const interval = o.intervalMs ?? 20;
  const needed = o.ticks ?? 3;
  let lag = 0;
  let lateTicks = 0;
  let expected = performance.now() + interval;
  const state = { overloaded: false };
  const timer = setInterval(() => {
    const now = performance.now();
    lag = Math.max(0, now - expected);
    expected = now + interval;
    lateTicks = lag > threshold ? lateTicks + 1 : 0;
    if (!state.overloaded && lateTicks >= needed) state.overloaded = true;
    else if (state.overloaded && lag < threshold / 2) state.overloaded = false;
  }, interval);
  (timer as { unref?: () => void }).unref?.();
  return {
    /** True while beacons should be refused. */
    get overloaded(): boolean {
      return state.overloaded;
    },
    /** How late the last tick ran, in ms. */
    get lagMs(): number {
      return lag;
    },
    stop(): void {
      clearInterval(timer);
    },
  };
}

export type LoadShedder = ReturnType<typeof createLoadShedder>;
