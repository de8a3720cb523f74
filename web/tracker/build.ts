/**
 * Builds the tracking script (`t.ts`) into the minified IIFE served as `/t.js`.
 *
 * Run as a script to write the file: `bun web/tracker/build.ts [outdir]` (default `dist/web/`).
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Returns the minified tracker code. Takes a few milliseconds; the server calls it once at start.
 *
 * @example
 * const js = await buildTracker(); // "(()=>{...})();"
 */
export async function buildTracker(): Promise<string> {
  const result = await Bun.build({
    entrypoints: [join(import.meta.dir, 't.ts')],
    minify: true,
    target: 'browser',
    format: 'iife',
  });
  const output = result.outputs[0];
  if (!result.success || !output) {
    throw new AggregateError(result.logs, 'tracker build failed');
  }
  return (await output.text()).trim();
}

if (import.meta.main) {
  const outdir = process.argv[2] ?? 'dist/web';
  const code = await buildTracker();
  await mkdir(outdir, { recursive: true });
  const file = join(outdir, 't.js');
  await Bun.write(file, code);
  const gz = Bun.gzipSync(new TextEncoder().encode(code)).length;
  console.log(`${file}: ${code.length} bytes, ${gz} bytes gzipped`);
}
