import { expect, test } from 'bun:test';
import { createTopPages } from './top-pages.ts';

// Path ids → texts as site_paths holds them: ids 1–3 on one site, 11–12 on another ("/" again).
const TEXTS: Record<number, string> = {
  1: '/',
  2: '/pricing',
  3: '/demo',
  11: '/',
  12: '/about',
  4000: '/late',
};

test.each([
  ['one pair', '2', '/pricing'],
  ['most days first', '3,2,2,1,2,1', '/pricing | / | /demo'],
  ['ties by path', '3,2,12', '/about | /demo | /pricing'],
  ['"/" on two sites counts as one path, each day once', '11,2,1,2,3,11', '/ | /pricing | /demo'],
  ['only the first three', '12,3,2,1,4000,4000', '/late | / | /about'],
  ['a path id beyond the first array', '4000', '/late'],
])('%s: %p → %p', (_, list, want) => {
  expect(createTopPages((id) => TEXTS[id]).best(list)).toBe(want);
});

test('companies one after another: counts never leak into the next', () => {
  const read: number[] = [];
  const top = createTopPages((id) => {
    read.push(id);
    return TEXTS[id];
  });
  expect(top.best('2,2,2,3')).toBe('/pricing | /demo');
  expect(top.best('3,1')).toBe('/ | /demo');
  expect(top.best('12')).toBe('/about');
  // Each path id's text is read once per export.
  expect(read.sort((a, b) => a - b)).toEqual([1, 2, 3, 12]);
});

test('past the cache limit the texts are read again, and the answers stay right', () => {
  const read: number[] = [];
  const top = createTopPages((id) => {
    read.push(id);
    return TEXTS[id];
  }, 2);
  expect(top.best('1,2,3')).toBe('/ | /demo | /pricing');
  // Three texts cached, over the limit of 2: the next company starts from an empty cache.
  expect(top.best('2,2,12')).toBe('/pricing | /about');
  expect(top.best('11,1,4000')).toBe('/ | /late');
  expect(read).toEqual([1, 2, 3, 2, 12, 11, 1, 4000]);
});
