// Builds the admin UI into one JS bundle and one stylesheet. The server calls buildApp() once at
// start (src/ui); `bun web/app/build.ts [outdir]` writes the same files (default dist/web/).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const ENTRY = join(import.meta.dir, 'main.ts');

/**
 * The UI as `{ js, css }` strings: a minified ES module (Lit, the screens, uPlot with its CSS
 * inlined for its shadow root, the French catalogue) and the page stylesheet.
 * @example const { js, css } = await buildApp();
 */
export async function buildApp(): Promise<{ js: string; css: string }> {
  const result = await Bun.build({
    entrypoints: [ENTRY],
    minify: true,
    target: 'browser',
    format: 'esm',
    // Lit's production build (no dev-mode warnings); `process.env.NODE_ENV` checks fold away.
    conditions: ['production'],
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  if (!result.success) {
    throw new AggregateError(result.logs, 'web/app: build failed');
  }
  let js = '';
  let css = '';
  for (const out of result.outputs) {
    if (out.path.endsWith('.js')) js += await out.text();
    else if (out.path.endsWith('.css')) css += await out.text();
  }
  if (!js) throw new Error('web/app: the build produced no JavaScript');
  return { js, css };
}

if (import.meta.main) {
  const outdir = process.argv[2] ?? 'dist/web';
  const t0 = performance.now();
  const { js, css } = await buildApp();
  mkdirSync(outdir, { recursive: true });
  writeFileSync(join(outdir, 'app.js'), js);
  writeFileSync(join(outdir, 'app.css'), css);
  const kb = (s: string) => `${(Buffer.byteLength(s) / 1024).toFixed(1)} KB`;
  const gz = (s: string) => `${(gzipSync(s, { level: 9 }).byteLength / 1024).toFixed(1)} KB gzip`;
  console.log(`${join(outdir, 'app.js')}  ${kb(js)}  (${gz(js)})`);
  console.log(`${join(outdir, 'app.css')}  ${kb(css)}  (${gz(css)})`);
  console.log(`built in ${Math.round(performance.now() - t0)} ms`);
}
