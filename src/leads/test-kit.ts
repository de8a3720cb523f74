import { expect } from 'bun:test';
import { Elysia } from 'elysia';
import { createHarness, type Harness } from '../testing/harness.ts';
import { createLeadsRoutes } from './index.ts';

/** Fixture addresses (src/testing/harness.ts) and who they resolve to. */
export const IP = {
  /** Example Manufacturing GmbH: a business network (the company is made from the network). */
  manufacturing: '198.51.100.7',
  manufacturing2: '198.51.100.9',
  /** CanaryCo AG: a companies-CSV range inside the business network (DE, Chemicals). */
  canary: '198.51.100.200',
  /** Example University: an education network (IPv6). */
  university: '2001:db8::1',
  /** Example Broadband Telecom: an ISP, never a lead. */
  isp: '203.0.113.5',
} as const;

export const ORIGIN = 'http://leadlens.test';

export interface LeadsKit {
  h: Harness;
  /** An /api request to the leads routes; the owner's session unless `cookie` is given. */
  call(method: string, path: string, body?: unknown, cookie?: string): Promise<Response>;
  /** GET, expecting 200; the parsed body. */
  json<T = Record<string, unknown>>(path: string, cookie?: string): Promise<T>;
  /** A pageview of https://example.com{path} from `ip`; expects it stored. */
  view(ip: string, path: string, title?: string, extra?: Record<string, unknown>): Promise<void>;
  /** Engagement on the visitor's current page. */
  engage(ip: string, ms: number): Promise<void>;
  /** Moves the clock on. */
  wait(ms: number): void;
  /** A signed-in viewer (invited by the owner): the Cookie header value. */
  viewerCookie(): Promise<string>;
  /** Company id by name. */
  companyId(name: string): number;
  close(): Promise<void>;
}

/** A harness with the leads routes mounted the way the brief says the app mounts them. */
export async function leadsKit(opts: { writerMode?: 'worker' | 'inline' } = {}): Promise<LeadsKit> {
  const h = await createHarness(opts);
  const app = new Elysia()
    .use(h.auth.routes)
    .group('/api', (g) =>
      g.use(h.auth.guard).use(createLeadsRoutes({ db: h.db, clock: () => h.now.t, auth: h.auth })),
    );
  let viewer: string | null = null;
  let owner: string | null = null;
  const send = (method: string, path: string, body: unknown, cookie: string) => {
    const headers: Record<string, string> = { origin: ORIGIN, cookie };
    if (body !== undefined) headers['content-type'] = 'application/json';
    return app.handle(
      new Request(`${ORIGIN}/api${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
    );
  };
  // Tests move the clock by days, past the session's idle timeout: sign the owner in again then.
  const ownerLogin = async () => {
    const res = await h.handle(
      new Request(`${ORIGIN}/api/auth/login`, {
        method: 'POST',
        headers: { origin: ORIGIN, 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'owner@example.com', password: 'owner password 123' }),
      }),
    );
    owner = /(?:__Host-)?ll_session=[^;]+/.exec(res.headers.get('set-cookie') ?? '')?.[0] ?? null;
    if (!owner) throw new Error(`owner login failed: ${res.status}`);
    return owner;
  };
  const call = async (method: string, path: string, body?: unknown, cookie?: string) => {
    if (cookie) return send(method, path, body, cookie);
    owner ??= await h.ownerCookie();
    const res = await send(method, path, body, owner);
    return res.status === 401 ? send(method, path, body, await ownerLogin()) : res;
  };
  const kit: LeadsKit = {
    h,
    call,
    async json<T>(path: string, cookie?: string): Promise<T> {
      const res = await call('GET', path, undefined, cookie);
      if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
      return (await res.json()) as T;
    },
    async view(ip, path, title = path, extra = {}) {
      const res = await h.beacon(
        {
          s: h.siteKey,
          e: 'pageview',
          u: `https://example.com${path}`,
          t: title,
          w: 1440,
          ...extra,
        },
        ip,
      );
      expect(res.status).toBe(202);
      h.now.t += 1000;
    },
    async engage(ip, ms) {
      const res = await h.beacon(
        { s: h.siteKey, e: 'engagement', u: 'https://example.com/', m: ms },
        ip,
      );
      expect(res.status).toBe(202);
    },
    wait(ms) {
      h.now.t += ms;
    },
    async viewerCookie() {
      if (viewer) return viewer;
      const inv = await h.api('POST', '/api/invites', {
        email: 'viewer@example.com',
        role: 'viewer',
      });
      const { path } = (await inv.json()) as { path: string };
      const token = new URL(path, ORIGIN).searchParams.get('token');
      // Accepting signs the new user in; sent without the owner's cookie so that stays valid.
      const acc = await h.handle(
        new Request(`${ORIGIN}/api/invites/accept`, {
          method: 'POST',
          headers: { origin: ORIGIN, 'content-type': 'application/json' },
          body: JSON.stringify({ token, name: 'Vera Viewer', password: 'viewer password 123' }),
        }),
      );
      const cookie = /(?:__Host-)?ll_session=[^;]+/.exec(acc.headers.get('set-cookie') ?? '')?.[0];
      if (!cookie) throw new Error(`invite accept failed: ${acc.status}`);
      viewer = cookie;
      return viewer;
    },
    companyId(name) {
      return h.db.prepare<{ id: number }>('SELECT id FROM companies WHERE name = ?').get(name)!.id;
    },
    close: () => h.close(),
  };
  return kit;
}
