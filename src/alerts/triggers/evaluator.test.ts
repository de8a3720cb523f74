import { expect, test } from 'bun:test';
import { createEvaluator, type VisitEvent } from './evaluator.ts';
import { settle } from './test-kit.ts';

const ev = (visitId: number, at = 0): VisitEvent => ({ siteId: 1, visitId, at });

test('evaluates off the caller: push returns before anything runs; one visit once per drain', async () => {
  const seen: VisitEvent[] = [];
  const q = createEvaluator({ evaluate: (e) => seen.push(e) });
  q.push(ev(1, 1));
  q.push(ev(2, 1));
  q.push(ev(1, 2)); // the same visit again: evaluated once, with its latest event
  expect(seen).toEqual([]);
  await q.idle();
  expect(seen).toEqual([ev(2, 1), ev(1, 2)]);
});

test('bounded: beyond maxQueue new visits are dropped and counted, with one warning per 1000', async () => {
  const warnings: unknown[] = [];
  const log = { warn: (...a: unknown[]) => warnings.push(a), error: () => {} };
  const seen: number[] = [];
  const q = createEvaluator({ evaluate: (e) => seen.push(e.visitId), maxQueue: 3, log });
  for (let i = 1; i <= 1005; i++) q.push(ev(i));
  // A visit already queued is not a new entry: it still counts.
  q.push(ev(2));
  expect(q.depth).toBe(3);
  expect(q.stats().dropped).toBe(1002);
  expect(warnings).toHaveLength(2);
  await q.idle();
  expect(seen.sort((a, b) => a - b)).toEqual([1, 2, 3]);
});

test('a failing evaluation is logged and the queue goes on; batches yield between turns', async () => {
  const errors: unknown[] = [];
  const seen: number[] = [];
  const q = createEvaluator({
    evaluate: (e) => {
      if (e.visitId === 2) throw new Error('boom');
      seen.push(e.visitId);
    },
    batch: 2,
    log: { warn: () => {}, error: (...a: unknown[]) => errors.push(a) },
  });
  for (let i = 1; i <= 5; i++) q.push(ev(i));
  await new Promise((r) => setImmediate(r));
  // One batch of two ran in the first turn, not all five.
  expect(seen).toEqual([1]);
  await q.idle();
  expect(seen).toEqual([1, 3, 4, 5]);
  expect(q.stats()).toEqual({ evaluated: 4, dropped: 0, errors: 1 });
  expect(errors).toHaveLength(1);
});

test('closed: pushes are ignored and idle() resolves', async () => {
  const seen: number[] = [];
  const q = createEvaluator({ evaluate: (e) => seen.push(e.visitId) });
  q.push(ev(1));
  q.close();
  q.push(ev(2));
  await q.idle();
  await settle();
  expect(seen).toEqual([]);
});
