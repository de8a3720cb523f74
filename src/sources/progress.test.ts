import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createProgress } from './progress.ts';

const ESC = String.fromCharCode(27);

function sink(isTTY: boolean) {
  const lines: string[] = [];
  return { out: { isTTY, write: (s: string) => lines.push(s) }, lines };
}

test('on a terminal: a redrawn bar with percent, rows, rows/s and ETA', () => {
  let now = 0;
  const s = sink(true);
  const p = createProgress({
    label: 'import x',
    totalBytes: 1000,
    out: s.out,
    now: () => now,
    everyMs: 100,
  });
  now = 1000;
  p.update(250, 50_000);
  now = 1050;
  p.update(300, 60_000); // within everyMs of the last redraw: skipped
  now = 2000;
  p.update(500, 100_000);
  assert.equal(s.lines.length, 2);
  assert.match(
    s.lines[1],
    new RegExp(`^\rimport x \\[#{12}-{12}\\] {2}50% 100,000 rows 50,000/s ETA 2s${ESC}\\[K$`),
  );
  p.done('finished');
  assert.equal(s.lines[2], `\r${ESC}[Kimport x: finished (100,000 rows, 2.0s)\n`);
});

test('elsewhere: plain lines, no control characters', () => {
  let now = 0;
  const s = sink(false);
  const p = createProgress({ label: 'import x', totalBytes: 0, out: s.out, now: () => now });
  now = 500;
  p.update(10, 10);
  p.phase('writing');
  assert.deepEqual(s.lines, ['import x:   0% 10 rows, 20 rows/s, ETA ?\n', 'import x: writing\n']);
});
