// runInBackground() lowers the priority of the thread that calls it, and of no other: run in a
// real Worker, it reports its own nice value from /proc; the main thread's stays as it was.
import { expect, test } from 'bun:test';
import { existsSync, readFileSync } from 'node:fs';
import { BACKGROUND_NICE } from './background.ts';

/** Field 19 of /proc/thread-self/stat (after the parenthesised name): the nice value. */
const niceOfThisThread = () =>
  Number(readFileSync('/proc/thread-self/stat', 'utf8').split(') ')[1].split(' ')[16]);

test.skipIf(!existsSync('/proc/thread-self'))(
  'a worker that calls it runs at nice 10; the main thread does not',
  async () => {
    const before = niceOfThisThread();
    const code = `
      import { runInBackground } from ${JSON.stringify(`${import.meta.dir}/background.ts`)};
      import { readFileSync } from 'node:fs';
      const nice = () => Number(readFileSync('/proc/thread-self/stat', 'utf8').split(') ')[1].split(' ')[16]);
      const was = nice();
      const done = runInBackground();
      postMessage({ was, done, now: nice() });
    `;
    const url = URL.createObjectURL(new Blob([code], { type: 'application/javascript' }));
    const w = new Worker(url);
    const got = await new Promise<{ was: number; done: boolean; now: number }>((resolve) => {
      w.onmessage = (e) => resolve(e.data);
    });
    w.terminate();
    expect(got).toEqual({ was: before, done: true, now: Math.max(before, BACKGROUND_NICE) });
    expect(niceOfThisThread()).toBe(before);
  },
);
