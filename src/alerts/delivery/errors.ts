import { parseAddress } from '../../ipindex/index.ts';

/**
 * A failed delivery attempt, with a message fit for `outbox.last_error` and the delivery log:
 * short, no secret, no IP address. `permanent` failures (a refused target, an invalid payload)
 * are not retried: the row goes to `failed` at once, and an admin can retry it after a fix.
 */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly permanent = false,
  ) {
    super(cap(message));
  }
}

const MAX = 300;
const cap = (s: string) => (s.length > MAX ? `${s.slice(0, MAX - 1)}…` : s);
const scratch = new Uint32Array(4);
// Candidates only; each is confirmed by the real parser, so "10:30:00" or a version stays.
const CANDIDATE = /\[?[0-9a-f]*:[0-9a-f:.]*[0-9a-f]\]?|\b\d{1,3}(?:\.\d{1,3}){3}\b/gi;

/**
 * Replaces every IP address in a text from the outside (an SMTP reply, a library's message) with
 * "[address]" and caps its length: receivers and mail servers like to echo the client's address.
 * @example scrubAddresses('554 Client host [203.0.113.9] blocked') // '554 Client host [address] blocked'
 */
export function scrubAddresses(text: string): string {
  const out = text.replace(/[\r\n\t]+/g, ' ').replace(CANDIDATE, (m) => {
    const bare = m.replace(/^\[|\]$/g, '');
    return parseAddress(bare, scratch) !== 0 ? '[address]' : m;
  });
  return cap(out.replaceAll('[[address]]', '[address]').trim());
}

/** An error code that is safe to show: a short upper-case token like ECONNRESET. */
export function safeCode(e: unknown): string | null {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[A-Z][A-Z0-9_]{1,40}$/.test(code) ? code : null;
}

/**
 * A network error as a short message without the address and port that node puts into
 * `error.message` ("connect ECONNREFUSED 127.0.0.1:80").
 */
export function networkErrorMessage(e: unknown): string {
  const code = safeCode(e);
  switch (code) {
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ECONNRESET':
    case 'EPIPE':
      return 'connection reset by the receiver';
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return 'host unreachable';
    case 'ETIMEDOUT':
      return 'connection timed out';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'host name not found';
  }
  if (
    code &&
    (/CERT|TLS|SSL|SELF_SIGNED|UNABLE_TO_VERIFY/.test(code) || code.startsWith('ERR_SSL'))
  ) {
    return `TLS certificate or handshake refused (${code})`;
  }
  return `network error (${code ?? 'unknown'})`;
}
