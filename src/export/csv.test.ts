import { describe, expect, test } from 'bun:test';
import { stringify } from 'csv-stringify/sync';
import { dialectOf, encodeRows, isoSecond, neutralise } from './csv.ts';
import type { Cell } from './model.ts';
import { parseCsv } from './test-kit.ts';

describe('neutralise (OWASP CSV injection)', () => {
  test.each([
    ['=1+1', "'=1+1"],
    ['=HYPERLINK("http://evil.example","x")', '\'=HYPERLINK("http://evil.example","x")'],
    ['+49 30 1234', "'+49 30 1234"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1:A9)', "'@SUM(A1:A9)"],
    ['\t=1', "'\t=1"],
    ['\r=1', "'\r=1"],
    ['\n=1', "'\n=1"],
    ['＝1+1', "'＝1+1"],
    ['＋1', "'＋1"],
    ['－1', "'－1"],
    ['＠x', "'＠x"],
    // Left alone: the dangerous character is not first, or there is none.
    ['a=1', 'a=1'],
    [' =1', ' =1'],
    ['/pricing', '/pricing'],
    ['2026-11-29T10:00:00Z', '2026-11-29T10:00:00Z'],
    ["'quoted", "'quoted"],
    ['', ''],
  ])('%j → %j', (input, want) => {
    expect(neutralise(input)).toBe(want);
  });
});

describe('encodeRows', () => {
  const hostile: Cell[][] = [
    ['Quote "Inc"', 'a,b;c', 'line\r\nbreak\nhere', '🚀 Ünïcødé'],
    ['=1+1', '+1', '-1', '@x'],
    ['\tTab', '\rCR', '\nLF', null],
  ];
  const numbers: Cell[] = [-5, 0, 42, 1.5];

  test.each([
    [',', false],
    [';', false],
    [',', true],
    [';', true],
  ] as const)('delimiter %j, BOM %p: papaparse reads back every cell', (delimiter, bom) => {
    const text = encodeRows([...hostile, numbers], { delimiter, bom }, ['h1', 'h2', 'h3', 'h4']);
    expect(text.startsWith('\uFEFF')).toBe(bom);
    expect(text.endsWith('\r\n')).toBe(true);
    const rows = parseCsv(bom ? text.slice(1) : text, delimiter);
    expect(rows).toEqual([
      ['h1', 'h2', 'h3', 'h4'],
      ['Quote "Inc"', 'a,b;c', 'line\r\nbreak\nhere', '🚀 Ünïcødé'],
      ["'=1+1", "'+1", "'-1", "'@x"],
      ["'\tTab", "'\rCR", "'\nLF", ''],
      // Numbers stay numbers: a negative number is not text to neutralise.
      ['-5', '0', '42', '1.5'],
    ]);
  });

  // Rows needing no quotes are joined without csv-stringify: the bytes must be the same as its.
  test.each([',', ';'] as const)('byte for byte what csv-stringify writes (delimiter %j)', (d) => {
    const rows: Cell[][] = [...hostile, numbers, ['plain', 'a;b', 'a,b', ''], [null, null, 7, 'x']];
    const want = stringify(rows, {
      delimiter: d,
      record_delimiter: '\r\n',
      cast: { string: neutralise },
    });
    expect(encodeRows(rows, { delimiter: d, bom: false })).toBe(want);
  });

  test('a chunk without header carries no BOM: only the file start does', () => {
    expect(encodeRows([[1, 'x']], { delimiter: ',', bom: true })).toBe('1,x\r\n');
  });
});

test.each([
  [{}, { delimiter: ',', bom: false }],
  [
    { delimiter: 'semicolon', bom: '1' },
    { delimiter: ';', bom: true },
  ],
  [
    { delimiter: 'comma', bom: '0' },
    { delimiter: ',', bom: false },
  ],
] as const)('dialectOf(%j)', (q, want) => {
  expect(dialectOf(q)).toEqual(want);
});

// The day's prefix is cached and the time computed from integers: each boundary against the
// reference formatter (toISOString), plus a spread of random instants over ten years.
test.each([
  [Date.UTC(2026, 10, 29, 10, 0, 0, 999), '2026-11-29T10:00:00Z'],
  [Date.UTC(2026, 10, 29, 23, 59, 59, 999), '2026-11-29T23:59:59Z'],
  [Date.UTC(2026, 10, 30), '2026-11-30T00:00:00Z'],
  [Date.UTC(2024, 1, 29, 12, 30, 5), '2024-02-29T12:30:05Z'],
  [0, '1970-01-01T00:00:00Z'],
  [-1, '1969-12-31T23:59:59Z'],
])('isoSecond(%p) = %p', (ms, want) => {
  expect(isoSecond(ms)).toBe(want);
});

test('isoSecond agrees with toISOString to the second', () => {
  const start = Date.UTC(2020, 0, 1);
  for (let i = 0; i < 20_000; i++) {
    const ms = start + Math.floor(Math.random() * 10 * 365 * 86_400_000);
    expect(isoSecond(ms)).toBe(`${new Date(ms).toISOString().slice(0, 19)}Z`);
  }
});
