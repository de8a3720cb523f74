import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { DeliveryError, networkErrorMessage } from './errors.ts';
import type { PinnedTarget } from './ssrf.ts';

/** Limits of one outgoing POST. */
export interface PostLimits {
  /** Connect + TLS + response headers and body, all together (default 10 s). */
  timeoutMs: number;
  /** Response bytes read before the rest is dropped (default 64 KB). */
  maxResponseBytes: number;
  /** Request body size refused before anything is sent (default 256 KB). */
  maxRequestBytes: number;
  /** Extra trusted CA certificates (PEM), e.g. a private CA; tests use it for a local TLS receiver. */
  ca?: string;
}

export const DEFAULT_POST_LIMITS: PostLimits = {
  timeoutMs: 10_000,
  maxResponseBytes: 64 * 1024,
  maxRequestBytes: 256 * 1024,
};

/** What the receiver answered (only a 2xx counts as delivered; the caller decides). */
export interface PostResult {
  status: number;
  /** The first maxResponseBytes of the body, as text. */
  body: string;
}

/**
 * A lookup that answers with the address resolved once by the SSRF guard, whatever the name:
 * the socket connects there and nowhere else, while the Host header and TLS (SNI, certificate
 * check) still use the host name. Bun and Node both call it instead of DNS.
 */
function pinnedLookup(address: string, family: 4 | 6): LookupFunction {
  return ((_host: string, opts: { all?: boolean }, cb: (...a: unknown[]) => void) => {
    if (opts?.all) cb(null, [{ address, family }]);
    else cb(null, address, family);
  }) as unknown as LookupFunction;
}

/**
 * POSTs `body` to a pinned target: no redirects followed, no connection pool, one deadline for
 * the whole exchange, the response read up to a cap. Network failures reject with a
 * DeliveryError whose message names no address.
 * @example const r = await postPinned(target, json, { 'content-type': 'application/json' });
 */
export function postPinned(
  target: PinnedTarget,
  body: string,
  headers: Record<string, string>,
  limits: PostLimits = DEFAULT_POST_LIMITS,
): Promise<PostResult> {
  const bytes = Buffer.from(body, 'utf8');
  if (bytes.length > limits.maxRequestBytes) {
    return Promise.reject(
      new DeliveryError(`request body too large (${bytes.length} bytes)`, true),
    );
  }
  const { url } = target;
  const secure = url.protocol === 'https:';
  const request = secure ? https.request : http.request;
  return new Promise<PostResult>((resolve, reject) => {
    let settled = false;
    const finish = (err: DeliveryError | null, result?: PostResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      if (err) reject(err);
      else resolve(result as PostResult);
    };
    const req = request(
      {
        protocol: url.protocol,
        host: target.host,
        port: url.port || (secure ? 443 : 80),
        path: `${url.pathname}${url.search}`,
        method: 'POST',
        lookup: pinnedLookup(target.address, target.family),
        family: target.family,
        ...(secure && !target.literal ? { servername: target.host } : {}),
        ...(limits.ca ? { ca: limits.ca } : {}),
        agent: false,
        headers: { ...headers, 'content-length': String(bytes.length), connection: 'close' },
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const done = () =>
          finish(null, {
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
          });
        res.on('data', (chunk: Buffer) => {
          const room = limits.maxResponseBytes - size;
          if (room > 0) chunks.push(chunk.subarray(0, room));
          size += chunk.length;
          // Enough read: the status decides, the rest of a huge body is not worth waiting for.
          if (size >= limits.maxResponseBytes) done();
        });
        res.on('end', done);
        res.on('error', (e) => finish(new DeliveryError(networkErrorMessage(e))));
      },
    );
    const timer = setTimeout(
      () => finish(new DeliveryError(`timed out after ${duration(limits.timeoutMs)}`)),
      limits.timeoutMs,
    );
    req.on('error', (e) => finish(new DeliveryError(networkErrorMessage(e))));
    req.end(bytes);
  });
}

const duration = (ms: number) => (ms >= 1000 ? `${Math.round(ms / 1000)} s` : `${ms} ms`);

/** A receiver's answer as a delivery outcome: 2xx is delivered; a redirect is never followed. */
export function checkStatus(r: PostResult): void {
  if (r.status >= 200 && r.status < 300) return;
  if (r.status >= 300 && r.status < 400) {
    throw new DeliveryError(`redirect refused (HTTP ${r.status}); use the final URL`);
  }
  throw new DeliveryError(`HTTP ${r.status}`);
}
