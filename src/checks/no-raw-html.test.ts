// #35, the static half: the dashboard renders user data only through Lit's escaping templates.
// A raw-HTML sink anywhere in web/ (unsafeHTML, innerHTML, …) fails the build, so the browser
// test's payloads are not the only guard.
import { expect, test } from 'bun:test';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const WEB = join(import.meta.dir, '..', '..', 'web');
const SINKS = [
  /\bunsafeHTML\b/,
  /\bunsafeSVG\b/,
  /\bunsafeStatic\b/,
  /\.innerHTML\s*=/,
  /\.outerHTML\s*=/,
  /\binsertAdjacentHTML\b/,
  /\bdocument\.write\b/,
];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : sources(path);
    return /\.(ts|js)$/.test(e.name) && !/\.test\.ts$/.test(e.name) ? [path] : [];
  });
}

test('#35 no raw-HTML sink in the dashboard or the tracker', () => {
  const files = sources(WEB);
  expect(files.length).toBeGreaterThan(40);
  const hits = files.flatMap((f) =>
    readFileSync(f, 'utf8')
      .split('\n')
      .flatMap((line, i) =>
        SINKS.some((s) => s.test(line)) ? [`${relative(WEB, f)}:${i + 1}: ${line.trim()}`] : [],
      ),
  );
  expect(hits).toEqual([]);
});

test('the scan finds a sink when there is one', () => {
  expect(
    SINKS.some((s) => s.test("import { unsafeHTML } from 'lit/directives/unsafe-html.js';")),
  ).toBe(true);
  expect(SINKS.some((s) => s.test('el.innerHTML = name;'))).toBe(true);
});
