import type { Logger } from '../log/index.ts';
import { type Dialect, encodeRows } from './csv.ts';
import type { Cell } from './model.ts';

/**
 * A pull-based stream of CSV bytes from chunks of rows: the next chunk is made only when the
 * client has taken the previous one, so memory stays at about one chunk however large the file.
 * The header (and BOM) lead the first chunk; an empty result is the header alone. The first chunk
 * is made at once, so a failure there throws here (an error answer, not a broken file); a later
 * one can only cut the download short: it is logged (never with row data).
 */
export function csvStream(
  chunks: Iterator<Cell[][]>,
  header: readonly string[],
  dialect: Dialect,
  log?: Logger,
): ReadableStream<Uint8Array> {
  const utf8 = new TextEncoder();
  /** The next chunk's bytes, or null at the end. */
  const next = (head: boolean): Uint8Array | null => {
    for (;;) {
      const step = chunks.next();
      if (step.done) return head ? utf8.encode(encodeRows([], dialect, header)) : null;
      if (step.value.length)
        return utf8.encode(encodeRows(step.value, dialect, head ? header : undefined));
    }
  };
  let first: Uint8Array | null = next(true);
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      try {
        const bytes = first ?? next(false);
        first = null;
        if (bytes) controller.enqueue(bytes);
        else controller.close();
      } catch (e) {
        log?.error('csv export failed', { error: (e as Error).message });
        controller.error(e);
      }
    },
    cancel() {
      // The client went away: close the generator (nothing is open between chunks).
      chunks.return?.(undefined);
    },
  });
}
