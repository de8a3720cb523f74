/** Import progress: a redrawn bar on a terminal, a plain line every few seconds elsewhere. */
export interface Progress {
  update(bytes: number, rows: number): void;
  phase(text: string): void;
  done(text: string): void;
}

export interface ProgressOptions {
  label: string;
  totalBytes: number;
  out?: { write(s: string): unknown; isTTY?: boolean };
  now?: () => number;
  /** Minimum ms between redraws (TTY) or lines (non-TTY). */
  everyMs?: number;
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

function eta(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  if (seconds < 60) return `${Math.ceil(seconds)}s`;
  return `${Math.floor(seconds / 60)}m${String(Math.ceil(seconds % 60)).padStart(2, '0')}s`;
}

/** Creates a progress reporter writing to stderr by default (stdout stays clean for --json). */
export function createProgress(opts: ProgressOptions): Progress {
  const out = opts.out ?? process.stderr;
  const tty = !!out.isTTY;
  const now = opts.now ?? (() => performance.now());
  const every = opts.everyMs ?? (tty ? 100 : 1000);
  const t0 = now();
  let last = Number.NEGATIVE_INFINITY;
  let lastRows = 0;

  const line = (bytes: number, rows: number) => {
    const secs = (now() - t0) / 1000;
    const frac = opts.totalBytes > 0 ? Math.min(1, bytes / opts.totalBytes) : 0;
    const rate = secs > 0 ? rows / secs : 0;
    const left = frac > 0 ? (secs / frac) * (1 - frac) : Number.NaN;
    const pct = `${Math.floor(frac * 100)}%`.padStart(4);
    if (!tty)
      return `${opts.label}: ${pct} ${fmt(rows)} rows, ${fmt(rate)} rows/s, ETA ${eta(left)}\n`;
    const width = 24;
    const filled = Math.round(frac * width);
    return `\r${opts.label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${pct} ${fmt(rows)} rows ${fmt(rate)}/s ETA ${eta(left)}\x1b[K`;
  };

  return {
    update(bytes, rows) {
      lastRows = rows;
      const t = now();
      if (t - last < every) return;
      last = t;
      out.write(line(bytes, rows));
    },
    phase(text) {
      out.write(`${tty ? '\r\x1b[K' : ''}${opts.label}: ${text}\n`);
    },
    done(text) {
      const secs = ((now() - t0) / 1000).toFixed(1);
      out.write(
        `${tty ? '\r\x1b[K' : ''}${opts.label}: ${text} (${fmt(lastRows)} rows, ${secs}s)\n`,
      );
    },
  };
}

/** A reporter that prints nothing (tests, --quiet). */
export const silentProgress: Progress = { update() {}, phase() {}, done() {} };
