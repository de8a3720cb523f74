import { describe, expect, test } from 'bun:test';
import { createScheduler, fakeTimers, nextDailyAt } from './index.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
const T0 = Date.UTC(2026, 10, 29, 10, 0, 0);

function setup() {
  const now = { t: T0 };
  const ft = fakeTimers(now);
  const logged: { msg: string; fields?: Record<string, unknown> }[] = [];
  const log = {
    error: (msg: string, fields?: Record<string, unknown>) => logged.push({ msg, fields }),
  };
  const scheduler = createScheduler({ clock: () => now.t, log, setTimer: ft.setTimer });
  return { now, ft, logged, scheduler };
}

/** A job whose runs stay open until the test releases them. */
function gate() {
  let release: () => void = () => {};
  let runs = 0;
  return {
    fn: () => {
      runs++;
      return new Promise<void>((r) => (release = r));
    },
    release: () => release(),
    get runs() {
      return runs;
    },
  };
}

describe('nextDailyAt', () => {
  test.each([
    ['earlier today → tomorrow', Date.UTC(2026, 0, 1, 4), Date.UTC(2026, 0, 2, 3, 15)],
    ['later today → today', Date.UTC(2026, 0, 1, 2), Date.UTC(2026, 0, 1, 3, 15)],
    ['exactly now → tomorrow', Date.UTC(2026, 0, 1, 3, 15), Date.UTC(2026, 0, 2, 3, 15)],
    ['year end', Date.UTC(2026, 11, 31, 23, 59), Date.UTC(2027, 0, 1, 3, 15)],
  ])('%s', (_, after, want) => {
    expect(nextDailyAt(after, 3, 15)).toBe(want);
  });
});

describe('scheduler', () => {
  test('every fires once per interval at the fake times', async () => {
    const { now, ft, scheduler } = setup();
    const at: number[] = [];
    scheduler.every('outbox', 5 * MIN, () => at.push(now.t));
    await ft.tick(5 * MIN - 1);
    expect(at).toEqual([]);
    await ft.tick(1 + 10 * MIN);
    expect(at).toEqual([T0 + 5 * MIN, T0 + 10 * MIN, T0 + 15 * MIN]);
    await scheduler.stop();
  });

  test('dailyAt fires at the UTC time, once a day', async () => {
    const { now, ft, scheduler } = setup();
    const at: number[] = [];
    scheduler.dailyAt('retention', 3, 15, () => at.push(now.t));
    await ft.tick(17 * HOUR); // 10:00 → 03:00 next day
    expect(at).toEqual([]);
    await ft.tick(3 * 24 * HOUR);
    expect(at).toEqual([
      Date.UTC(2026, 10, 30, 3, 15),
      Date.UTC(2026, 11, 1, 3, 15),
      Date.UTC(2026, 11, 2, 3, 15),
    ]);
    expect(ft.pending).toBe(1);
    await scheduler.stop();
    expect(ft.pending).toBe(0);
  });

  test('a job never overlaps itself: ticks during a run are skipped', async () => {
    const { ft, scheduler } = setup();
    const g = gate();
    scheduler.every('slow', MIN, g.fn);
    await ft.tick(MIN);
    expect(g.runs).toBe(1);
    expect(scheduler.running()).toEqual(['slow']);
    await ft.tick(3 * MIN); // three ticks while the first run is still going
    expect(g.runs).toBe(1);
    expect(await scheduler.runNow('slow')).toBe(false);
    g.release();
    await ft.tick(MIN);
    expect(g.runs).toBe(2);
    g.release();
    await scheduler.stop();
  });

  test('errors are logged with the job name and the schedule continues', async () => {
    const { ft, logged, scheduler } = setup();
    let n = 0;
    scheduler.every('flaky', MIN, () => {
      n++;
      if (n === 1) throw new Error('sync boom');
      if (n === 2) return Promise.reject(new Error('async boom'));
    });
    await ft.tick(3 * MIN);
    expect(n).toBe(3);
    expect(logged).toEqual([
      { msg: 'job failed', fields: { job: 'flaky', error: 'sync boom' } },
      { msg: 'job failed', fields: { job: 'flaky', error: 'async boom' } },
    ]);
    await scheduler.stop();
  });

  test('stop() cancels the timers and waits for the running job', async () => {
    const { ft, scheduler } = setup();
    const g = gate();
    let other = 0;
    scheduler.every('slow', MIN, g.fn);
    scheduler.dailyAt('daily', 3, 0, () => other++);
    await ft.tick(MIN);
    let stopped = false;
    const stopping = scheduler.stop().then(() => (stopped = true));
    await Promise.resolve();
    await Promise.resolve();
    expect(stopped).toBe(false);
    g.release();
    await stopping;
    expect(stopped).toBe(true);
    await ft.tick(48 * HOUR);
    expect(g.runs).toBe(1);
    expect(other).toBe(0);
    expect(() => scheduler.every('late', MIN, () => {})).toThrow('stopped');
  });

  test('runNow runs a job at once and resolves when it is done', async () => {
    const { scheduler } = setup();
    let n = 0;
    scheduler.dailyAt('retention', 3, 15, async () => {
      await new Promise((r) => setImmediate(r));
      n++;
    });
    expect(await scheduler.runNow('retention')).toBe(true);
    expect(n).toBe(1);
    expect(scheduler.runNow('nope')).rejects.toThrow('no job');
    await scheduler.stop();
  });

  test('duplicate names and bad times are refused', () => {
    const { scheduler } = setup();
    scheduler.every('a', MIN, () => {});
    expect(() => scheduler.every('a', MIN, () => {})).toThrow('already');
    expect(() => scheduler.dailyAt('b', 24, 0, () => {})).toThrow('bad time');
    expect(() => scheduler.every('c', 0, () => {})).toThrow('> 0');
  });

  test('the real timer works too', async () => {
    const scheduler = createScheduler({ clock: Date.now, log: { error() {} } });
    let n = 0;
    scheduler.every('fast', 5, () => n++);
    await new Promise((r) => setTimeout(r, 40));
    await scheduler.stop();
    expect(n).toBeGreaterThanOrEqual(2);
  });
});
