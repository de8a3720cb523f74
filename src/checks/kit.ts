// Shared pieces of the check suites: the real server with a signed-in owner, a real SMTP server,
// and raw HTTP requests (fetch would normalise the very paths the traversal check sends).
import { connect } from 'node:net';
import { prepareFixtureData, type Spawned, spawnServer } from '../testing/server.ts';
import { tempDir } from '../testing/tmp.ts';

// Shared with the module tests; the check suites import them from here with the rest.
export { type Inbox, smtpInbox } from '../testing/smtp.ts';
export { until } from '../testing/until.ts';

export const OWNER_EMAIL = 'owner@example.com';

export interface RealServer {
  server: Spawned;
  base: string;
  dataDir: string;
  siteKey: string;
  siteId: number;
  /** The owner's `ll_session=…` Cookie header value. */
  cookie: string;
  /** A same-origin request with the owner's session (JSON body when given). */
  api(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<Response>;
  /** Everything the server printed so far, both streams, as text. */
  output(): string;
  /** Stops the server (SIGTERM unless told) and removes its directory. */
  close(signal?: 'SIGTERM' | 'SIGKILL'): Promise<number>;
}

/**
 * `leadlens serve` on 127.0.0.1:0 over the fixture networks (XFF trusted from 127.0.0.1), with the
 * owner created through the printed one-time setup link.
 */
export async function startRealServer(
  opts: { env?: Record<string, string>; password?: string } = {},
): Promise<RealServer> {
  const tmp = tempDir('leadlens-check-');
  const work = tempDir('leadlens-check-work-');
  const { siteKey, siteId } = prepareFixtureData(tmp.dir, work.dir);
  const server = await spawnServer(tmp.dir, opts.env ?? {});
  const dec = new TextDecoder();
  const output = () => {
    const o = server.output();
    return dec.decode(o.stdout) + dec.decode(o.stderr);
  };
  // The setup link is printed on stdout once the server listens.
  let token: string | undefined;
  for (let i = 0; i < 100 && !token; i++) {
    token = /\/setup\?token=([A-Za-z0-9_-]+)/.exec(output())?.[1];
    if (!token) await Bun.sleep(50);
  }
  if (!token) throw new Error(`no setup link in the output:\n${output()}`);
  const base = server.base;
  const res = await fetch(`${base}/api/setup`, {
    method: 'POST',
    headers: { origin: base, 'content-type': 'application/json' },
    body: JSON.stringify({
      token,
      email: OWNER_EMAIL,
      name: 'Owner',
      password: opts.password ?? 'owner password 123',
    }),
  });
  const cookie = /ll_session=[^;]+/.exec(res.headers.get('set-cookie') ?? '')?.[0];
  if (!res.ok || !cookie) throw new Error(`setup failed: ${res.status} ${await res.text()}`);
  work.cleanup();
  return {
    server,
    base,
    dataDir: tmp.dir,
    siteKey,
    siteId,
    cookie,
    api(method, path, body, headers = {}) {
      const h: Record<string, string> = { origin: base, cookie, ...headers };
      if (body !== undefined) h['content-type'] = 'application/json';
      return fetch(`${base}${path}`, {
        method,
        headers: h,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    },
    output,
    async close(signal = 'SIGTERM') {
      const code = await server.stop(signal);
      tmp.cleanup();
      return code;
    },
  };
}

/** One request written byte for byte on a socket; the status line's code and the whole answer. */
export function rawRequest(
  base: string,
  target: string,
  method = 'GET',
): Promise<{ status: number; text: string }> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect(Number(port), hostname, () => {
      socket.write(
        `${method} ${target} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nConnection: close\r\n\r\n`,
      );
    });
    socket.setTimeout(5000, () => socket.destroy(new Error(`no answer for ${target}`)));
    socket.on('data', (c) => chunks.push(c));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('latin1');
      resolve({ status: Number(/^HTTP\/1\.[01] (\d{3})/.exec(text)?.[1] ?? 0), text });
    });
  });
}
