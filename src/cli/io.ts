/** Where a command reads and writes; tests pass buffers, the entry passes the process streams. */
export interface CliIO {
  stdout: { write(s: string): unknown; isTTY?: boolean };
  stderr: { write(s: string): unknown; isTTY?: boolean };
  stdin: AsyncIterable<Uint8Array | string> & { isTTY?: boolean };
  env: Record<string, string | undefined>;
}

/** A command's outcome: the process exit code (0 ok, 1 failed on input, 2 usage/config). */
export type ExitCode = 0 | 1 | 2;

export class UsageError extends Error {
  readonly code = 'usage';
}

/** Reads stdin as lines (for `lookup` without arguments). */
export async function* stdinLines(stdin: CliIO['stdin']): AsyncGenerator<string> {
  const dec = new TextDecoder();
  let rest = '';
  for await (const chunk of stdin) {
    rest += typeof chunk === 'string' ? chunk : dec.decode(chunk, { stream: true });
    let nl = rest.indexOf('\n');
    while (nl >= 0) {
      yield rest.slice(0, nl).replace(/\r$/, '');
      rest = rest.slice(nl + 1);
      nl = rest.indexOf('\n');
    }
  }
  if (rest) yield rest.replace(/\r$/, '');
}
