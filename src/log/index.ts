import type { LogLevel } from '../config/index.ts';

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

/**
 * Structured JSON lines on stderr. Callers pass fields, never free text with request data:
 * no IP address is ever a field (DESIGN.md invariant 1).
 * @example createLogger('info').info('listening', { port: 3000 })
 */
export function createLogger(
  level: LogLevel,
  out: { write(s: string): unknown } = process.stderr,
  now: () => Date = () => new Date(),
): Logger {
  const min = RANK[level];
  const emit = (lvl: LogLevel, msg: string, fields?: Record<string, unknown>) => {
    if (RANK[lvl] < min) return;
    out.write(`${JSON.stringify({ time: now().toISOString(), level: lvl, msg, ...fields })}\n`);
  };
  return {
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
  };
}
