import { describe, expect, test } from 'bun:test';
import { keysetPages, planVisitReads } from './slices.ts';

describe('keysetPages', () => {
  // Rows 0..n-1 read `size` at a time after the last one seen; every row exactly once, in order,
  // no page over `size`, and no read past a short page.
  test.each([
    [0, 3],
    [1, 3],
    [3, 3],
    [4, 3],
    [9, 3],
    [10, 1],
  ])('%i rows, pages of %i', (n, size) => {
    const rows = Array.from({ length: n }, (_, i) => i);
    const afters: (number | null)[] = [];
    const pages = [
      ...keysetPages<number>((after) => {
        afters.push(after);
        const from = after === null ? 0 : after + 1;
        return rows.slice(from, from + size);
      }, size),
    ];
    expect(pages.flat()).toEqual(rows);
    expect(pages.every((p) => p.length > 0 && p.length <= size)).toBe(true);
    expect(afters.length).toBe(Math.floor(n / size) + 1);
    expect(afters[0]).toBeNull();
  });
});

describe('planVisitReads', () => {
  const v = (id: number, pageviews: number) => ({ id, pageviews });
  const plan = (pages: { id: number; pageviews: number }[][], limit: number) =>
    [...planVisitReads(pages, limit)].map((r) =>
      'long' in r ? `long ${r.long.id}` : r.group.map((x) => x.id).join(','),
    );
  test.each([
    ['nothing', [], 10, []],
    ['one group across pages', [[v(1, 3), v(2, 3)], [v(3, 4)]], 10, ['1,2,3']],
    ['split at the limit', [[v(1, 6), v(2, 5), v(3, 5)]], 10, ['1', '2,3']],
    [
      'a long visit ends the group before it',
      [[v(1, 2), v(2, 11), v(3, 2)]],
      10,
      ['1', 'long 2', '3'],
    ],
    ['long visits in a row', [[v(1, 11)], [v(2, 12)]], 10, ['long 1', 'long 2']],
    ['exactly the limit is not long', [[v(1, 10), v(2, 1)]], 10, ['1', '2']],
    ['empty visits are grouped', [[v(1, 0), v(2, 0), v(3, 10)]], 10, ['1,2,3']],
  ] as const)('%s', (_, pages, limit, want) => {
    expect(plan(pages as unknown as { id: number; pageviews: number }[][], limit)).toEqual([
      ...want,
    ]);
  });
});
