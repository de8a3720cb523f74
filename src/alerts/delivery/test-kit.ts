import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Socket, TCPSocketListener } from 'bun';
import { openDatabase } from '../../db/index.ts';
import { tempDir } from '../../testing/tmp.ts';
import type { Resolver } from './ssrf.ts';

/**
 * A self-signed certificate for `hook.test` (valid to 2126) and its key: TEST ONLY, for a TLS
 * receiver on 127.0.0.1 that the sender trusts through the `ca` option. Not a secret.
 */
export const HOOK_TEST_CERT = `-----BEGIN CERTIFICATE-----
MIIBlDCCATugAwIBAgIUCbkbrMFXUjjqSdok/sPRwiJAfdwwCgYIKoZIzj0EAwIw
FDESMBAGA1UEAwwJaG9vay50ZXN0MCAXDTI2MTEyOTEyNTYzNFoYDzIxMjYxMTA1
MTI1NjM0WjAUMRIwEAYDVQQDDAlob29rLnRlc3QwWTATBgcqhkjOPQIBBggqhkjO
PQMBBwNCAASmpxqvHehRdqQ+8My3qyepOPQ4rStUJycach3cgUahoT+dqlXop7oq
ibLfToKfmzHd4XpMfJKvRnUZd5sMNh+Po2kwZzAdBgNVHQ4EFgQUrcZqTLcDSavu
j/0s1NcPhtvkSEQwHwYDVR0jBBgwFoAUrcZqTLcDSavuj/0s1NcPhtvkSEQwDwYD
VR0TAQH/BAUwAwEB/zAUBgNVHREEDTALgglob29rLnRlc3QwCgYIKoZIzj0EAwID
RwAwRAIgXZE9adA9y0bnYeguz5GCAlhcoZ2qXcEvnnUNhOpWJ3cCIEAp3MjKOYyd
RvMZRCMhoZWcosan0ySG4ziaA8yxRlSR
-----END CERTIFICATE-----`;
export const HOOK_TEST_KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgqZzak2DCGK/YUUon
JaAXyGjLmvekula/ZcR1Ky++dH6hRANCAASmpxqvHehRdqQ+8My3qyepOPQ4rStU
Jycach3cgUahoT+dqlXop7oqibLfToKfmzHd4XpMfJKvRnUZd5sMNh+P
-----END PRIVATE KEY-----`;

/** A request a test receiver got, with the signature check done the way the README shows. */
export interface Received {
  path: string;
  headers: Record<string, string>;
  raw: string;
  json: Record<string, unknown>;
  signatureOk: boolean;
}

/** Checks X-Leadlens-Signature over the exact body bytes (constant-time), like a receiver would. */
export function verifySignature(secret: string, raw: string, header: string | null): boolean {
  const want = Buffer.from(`sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`);
  const got = Buffer.from(header ?? '');
  return got.length === want.length && timingSafeEqual(got, want);
}

/**
 * A webhook receiver on 127.0.0.1: records each request and answers with the next status from
 * `statuses` (the last one repeats). `delayMs` holds every answer back.
 */
export function receiver(opts: {
  secret?: string;
  statuses?: number[];
  delayMs?: number;
  tls?: boolean;
  headers?: Record<string, string>;
  body?: string;
}) {
  const got: Received[] = [];
  const statuses = opts.statuses ?? [200];
  const server = Bun.serve({
    hostname: '127.0.0.1',
    port: 0,
    ...(opts.tls ? { tls: { cert: HOOK_TEST_CERT, key: HOOK_TEST_KEY } } : {}),
    async fetch(req) {
      const raw = await req.text();
      const headers = Object.fromEntries(req.headers);
      let json: Record<string, unknown> = {};
      try {
        json = JSON.parse(raw);
      } catch {}
      got.push({
        path: new URL(req.url).pathname,
        headers,
        raw,
        json,
        signatureOk: opts.secret
          ? verifySignature(opts.secret, raw, req.headers.get('x-leadlens-signature'))
          : false,
      });
      if (opts.delayMs) await Bun.sleep(opts.delayMs);
      const status = statuses[Math.min(got.length - 1, statuses.length - 1)];
      return new Response(opts.body ?? (status < 300 ? 'ok' : 'no'), {
        status,
        headers: opts.headers,
      });
    },
  });
  return {
    port: server.port as number,
    got,
    url: (path = '/hook') => `http://127.0.0.1:${server.port}${path}`,
    stop: () => server.stop(true),
  };
}

/** A TCP listener on 127.0.0.1 that counts connections: a refused target must reach it 0 times. */
export function canary() {
  let connections = 0;
  const listener: TCPSocketListener<undefined> = Bun.listen({
    hostname: '127.0.0.1',
    port: 0,
    socket: {
      open(s: Socket<undefined>) {
        connections++;
        s.end();
      },
      data() {},
    },
  });
  return {
    port: listener.port,
    get connections() {
      return connections;
    },
    stop: () => listener.stop(true),
  };
}

/** A resolver with fixed answers that counts its calls (a second lookup would show). */
export function fakeDns(answers: Record<string, string[]>) {
  const calls: string[] = [];
  const resolve: Resolver = async (host) => {
    calls.push(host);
    const list = answers[host];
    if (!list) throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
    return list.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
  return { resolve, calls };
}

/** A migrated database in its own temp dir. */
export function tempDb() {
  const tmp = tempDir('leadlens-delivery-');
  const file = tmp.path('leadlens.db');
  const db = openDatabase(file);
  return { db, file, tmp, reopen: () => openDatabase(file) };
}
