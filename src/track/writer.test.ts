import { afterAll, describe, expect, test } from 'bun:test';
import { createHarness } from '../testing/harness.ts';
import type { WriteOp } from './store.ts';
import { GroupWriter, WriterUnavailable } from './writer.ts';

const op = (n: number): WriteOp => ({ kind: 'seen', siteId: n, at: n, path: `/${n}` });

describe('GroupWriter', () => {
  test('batches events, commits in order, resolves each only after its commit', async () => {
    const commits: number[][] = [];
    let release: () => void = () => {};
    const w = new GroupWriter(
      (ops) => {
        commits.push(ops.map((o) => (o as { siteId: number }).siteId));
        return new Promise<void>((r) => (release = r));
      },
      { windowMs: 1 },
    );
    const settled: number[] = [];
    const a = w.write([op(1)]).then(() => settled.push(1));
    const b = w.write([op(2), op(3)]).then(() => settled.push(2));
    await Bun.sleep(5);
    expect(commits).toEqual([[1, 2, 3]]);
    const c = w.write([op(4)]).then(() => settled.push(4));
    await Bun.sleep(5);
    expect(settled).toEqual([]); // first batch not committed yet: nobody is acknowledged
    expect(commits.length).toBe(1); // one batch in flight at a time
    release();
    await Promise.all([a, b]);
    await Bun.sleep(5);
    expect(commits).toEqual([[1, 2, 3], [4]]);
    release();
    await c;
    expect(settled).toEqual([1, 2, 4]);
  });

  test('a failed batch rejects exactly its events; the next batch goes on', async () => {
    let fail = true;
    const w = new GroupWriter(
      async () => {
        if (fail) throw new Error('disk full');
      },
      { windowMs: 1 },
    );
    const bad = w.write([op(1)]);
    await expect(bad).rejects.toBeInstanceOf(WriterUnavailable);
    expect(w.lastError).toBeInstanceOf(Error);
    fail = false;
    await w.write([op(2)]);
    expect(w.lastError).toBeNull();
  });

  test('a full queue refuses new events instead of growing', async () => {
    const w = new GroupWriter(() => new Promise(() => {}), { windowMs: 1, maxQueue: 3 });
    w.write([op(1)]);
    await Bun.sleep(3); // the first batch is now in flight (and never finishes)
    for (let i = 0; i < 3; i++) w.write([op(i)]);
    await expect(w.write([op(9)])).rejects.toThrow('write queue full');
  });

  test('a queue whose oldest event waited past maxWaitMs refuses, and takes again once drained', async () => {
    const clock = { t: 0 };
    let release: () => void = () => {};
    const w = new GroupWriter(() => new Promise<void>((r) => (release = r)), {
      windowMs: 1,
      maxWaitMs: 500,
      now: () => clock.t,
    });
    const first = w.write([op(1)]);
    await Bun.sleep(3); // in flight, stalled (a slow disk, an overloaded core)
    const waiting = w.write([op(2)]);
    clock.t = 400;
    const young = w.write([op(3)]); // the oldest has waited 400 ms: still taken
    clock.t = 501;
    await expect(w.write([op(4)])).rejects.toThrow('write queue too slow');
    expect(w.shed).toBe(1);
    release();
    await first;
    await Bun.sleep(3);
    release();
    await Promise.all([waiting, young]);
    // Caught up: the queue is empty, so new events are taken whatever the time.
    clock.t = 10_000;
    const next = w.write([op(5)]);
    await Bun.sleep(3);
    release();
    await next;
    expect(w.shed).toBe(1);
  });

  test('close() commits what is queued, then refuses', async () => {
    const seen: number[] = [];
    const w = new GroupWriter(
      async (ops) => {
        seen.push(ops.length);
      },
      { windowMs: 1000 },
    );
    const p = w.write([op(1), op(2)]);
    await w.close();
    await p;
    expect(seen).toEqual([2]);
    await expect(w.write([op(3)])).rejects.toThrow('shutting down');
  });
});

describe('worker writer thread', () => {
  test('beacons are committed by the writer thread and readable at once', async () => {
    const h = await createHarness({ writerMode: 'worker' });
    afterAll(() => h.close());
    const body = { s: h.siteKey, u: 'https://example.com/worker', t: 'W' };
    const responses = await Promise.all([1, 2, 3, 4, 5].map(() => h.beacon(body)));
    expect(responses.map((r) => r.status)).toEqual([202, 202, 202, 202, 202]);
    const n = h.db
      .prepare<{ n: number }>("SELECT count(*) AS n FROM pageviews WHERE path = '/worker'")
      .get()!.n;
    expect(n).toBe(5);
    const v = h.db.prepare<{ pageviews: number }>('SELECT pageviews FROM visits').get()!;
    expect(v.pageviews).toBe(5);
  });
});
