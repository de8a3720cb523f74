import type { Logger } from '../log/index.ts';
import { type Dialect, encodeRows } from './csv.ts';
import type { Cell } from './model.ts';

/**
 * The encoded chunks of a CSV file, one per step: the header (and BOM) lead the first; an empty
 * result is the header alone. Runs where the rows are read (the export thread, or inline).
 * @example for (const bytes of csvChunks(rows, ['a', 'b'], { delimiter: ',', bom: false })) …
 */
export function* csvChunks(
  chunks: Iterator<Cell[][]>,
  header: readonly string[],
  dialect: Dialect,
): Generator<Uint8Array, void, undefined> {
  const utf8 = new TextEncoder();
  let head = true;
  try {
    for (;;) {
      const step = chunks.next();
      if (step.done) break;
      if (!step.value.length) continue;
      yield utf8.encode(encodeRows(step.value, dialect, head ? header : undefined));
      head = false;
    }
    if (head) yield utf8.encode(encodeRows([], dialect, header));
  } finally {
    // Closed early (the client went away): close the row generator too.
    chunks.return?.(undefined);
  }
}

/** Where a download's chunks come from: built inline or on the export thread (runner.ts). */
export interface ChunkSource {
  /** The next chunk's bytes, null at the end. Called again only once the last call settled. */
  next(): Promise<Uint8Array | null>;
  /** The client went away: stop the job (nothing of it stays open). */
  cancel(): void;
}

/**
 * A pull-based stream of CSV bytes: the next chunk is asked for only when the stream pulls, that
 * is when the client has taken what was queued (one chunk ahead at most), so memory stays at
 * about two chunks however large the file. The first chunk is awaited here, before the caller
 * builds its Response, so a failure there is an error answer, not a broken file; a later one can
 * only cut the download short: it is logged (never with row data).
 */
export async function csvStream(
  source: ChunkSource,
  log?: Logger,
): Promise<ReadableStream<Uint8Array>> {
  let first: Uint8Array | null = await source.next();
  let ended = first === null;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const bytes = first ?? (ended ? null : await source.next());
        first = null;
        if (bytes) controller.enqueue(bytes);
        else {
          ended = true;
          controller.close();
        }
      } catch (e) {
        log?.error('csv export failed', { error: (e as Error).message });
        controller.error(e);
      }
    },
    cancel() {
      first = null;
      source.cancel();
    },
  });
}
