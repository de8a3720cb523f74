import { createReadStream, statSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';

/** Total size of the files, for progress. */
export function totalBytes(files: string[]): number {
  return files.reduce((n, f) => n + statSync(f).size, 0);
}

/**
 * Opens a file as a byte stream that reports bytes read (added to `base`, for multi-file inputs).
 * A `.gz` file (how RIPE and DB-IP publish their dumps) is decompressed on the fly; progress then
 * counts compressed bytes, matching totalBytes().
 * @example const s = openCounted(path, (n) => ctx.onBytes(n));
 */
export function openCounted(
  path: string,
  onBytes: (bytesSoFar: number) => void,
  base = 0,
): Readable {
  const stream = createReadStream(path, { highWaterMark: 1 << 20 });
  let read = 0;
  stream.on('data', (chunk) => {
    read += chunk.length;
    onBytes(base + read);
  });
  if (!path.endsWith('.gz')) return stream;
  const gunzip = createGunzip();
  stream.on('error', (e) => gunzip.destroy(e));
  return stream.pipe(gunzip);
}

/**
 * Streams a text file line by line with 1-based line numbers; constant memory. Latin-1 for RPSL,
 * UTF-8 otherwise. A trailing CR is removed.
 */
export async function* readLines(
  path: string,
  opts: { encoding?: 'utf8' | 'latin1'; onBytes?: (n: number) => void; base?: number } = {},
): AsyncGenerator<{ text: string; line: number }> {
  const decoder = new TextDecoder(opts.encoding === 'latin1' ? 'latin1' : 'utf-8', {
    fatal: false,
  });
  let rest = '';
  let line = 0;
  for await (const chunk of openCounted(path, opts.onBytes ?? (() => {}), opts.base ?? 0)) {
    const text = rest + decoder.decode(chunk as Uint8Array, { stream: true });
    let from = 0;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', from)) {
      const end = nl > from && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      yield { text: text.slice(from, end), line: ++line };
      from = nl + 1;
    }
    rest = text.slice(from);
  }
  rest += decoder.decode();
  if (rest.length) yield { text: rest.endsWith('\r') ? rest.slice(0, -1) : rest, line: ++line };
}
