import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { Elysia } from 'elysia';
import { loadConfig } from '../config/index.ts';
import type { LiveEvent } from '../stats/index.ts';
import { createHarness, type Harness } from '../testing/harness.ts';
import { createTracking, type Tracking } from '../track/index.ts';
import { createLiveHub, createLiveRoutes, type LiveHub } from './index.ts';

const UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0';

let h: Harness;
let hub: LiveHub;
let tracking: Tracking;
let stopServer: () => Promise<unknown>;
let base: string;
let cookie: string;
let peer = '198.51.100.7';

/** Reads server-sent events off a body stream, one at a time, with a deadline. */
function sseReader(body: ReadableStream<Uint8Array>) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buf = '';
  return {
    async next(ms = 1000): Promise<{ event: string; data: string } | { comment: string } | null> {
      const deadline = Date.now() + ms;
      for (;;) {
        const end = buf.indexOf('\n\n');
        if (end >= 0) {
          const block = buf.slice(0, end);
          buf = buf.slice(end + 2);
          if (block.startsWith(':')) return { comment: block.slice(1).trim() };
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event && data !== undefined) return { event, data };
          continue; // retry: line
        }
        const left = deadline - Date.now();
        if (left <= 0) return null;
        const chunk = await Promise.race([
          reader.read(),
          Bun.sleep(left).then(() => 'timeout' as const),
        ]);
        if (chunk === 'timeout' || chunk.done) return null;
        buf += decoder.decode(chunk.value, { stream: true });
      }
    },
    cancel: () => reader.cancel(),
  };
}

const beacon = (path: string, from: string) => {
  peer = from;
  return fetch(`${base}/e`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain', 'user-agent': UA },
    body: JSON.stringify({ s: h.siteKey, e: 'pageview', u: `https://example.com${path}`, w: 1400 }),
  });
};

const until = async (cond: () => boolean, ms = 1000) => {
  const deadline = Date.now() + ms;
  while (!cond() && Date.now() < deadline) await Bun.sleep(5);
  return cond();
};

beforeAll(async () => {
  h = await createHarness();
  hub = createLiveHub({ db: h.db, clock: () => h.now.t });
  // The harness's own tracking has no live feed: a second one, wired the way src/serve.ts will be.
  tracking = await createTracking({
    db: h.db,
    index: h.index,
    config: loadConfig({}, { LEADLENS_ENV: 'test' }),
    clock: () => h.now.t,
    peerOf: () => peer,
    writer: { windowMs: 1, mode: 'inline' },
    onStored: hub.publish,
  });
  const app = new Elysia()
    .use(tracking.routes)
    .use(h.auth.routes)
    .group('/api', (g) => g.use(h.auth.guard).use(createLiveRoutes({ hub, auth: h.auth })))
    .listen({ hostname: '127.0.0.1', port: 0 });
  stopServer = () => app.stop();
  base = `http://127.0.0.1:${app.server!.port}`;
  cookie = await h.ownerCookie();
});
afterAll(async () => {
  hub.close();
  await stopServer();
  await tracking.close();
  await h.close();
});

describe('GET /api/live over a real socket', () => {
  test('snapshot, then a visit event per lead pageview; disconnect frees the subscriber', async () => {
    expect((await beacon('/pricing', '198.51.100.7')).status).toBe(202);
    const abort = new AbortController();
    const res = await fetch(`${base}/api/live?site=${h.siteId}`, {
      headers: { cookie },
      signal: abort.signal,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const sse = sseReader(res.body!);
    const snap = await sse.next();
    expect(snap).toMatchObject({ event: 'snapshot' });
    const list = JSON.parse((snap as { data: string }).data) as LiveEvent[];
    // The manufacturer's company row was made by the writer from its network (companyId 0 here).
    expect(list).toEqual([
      {
        companyId: expect.any(Number),
        name: 'Example Manufacturing GmbH',
        class: 'business',
        country: null,
        siteId: h.siteId,
        path: '/pricing',
        at: new Date(h.now.t).toISOString(),
      },
    ]);
    expect(hub.subscriberCount).toBe(1);

    // Not a lead: no event. Then a lead: its event arrives within a second.
    expect((await beacon('/isp', '203.0.113.9')).status).toBe(202);
    const t0 = Date.now();
    expect((await beacon('/contact', '198.51.100.200')).status).toBe(202);
    const visit = await sse.next(1000);
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(visit).toMatchObject({ event: 'visit' });
    const data = (visit as { data: string }).data;
    expect(JSON.parse(data)).toMatchObject({
      name: 'CanaryCo AG',
      class: 'business',
      country: 'DE',
      siteId: h.siteId,
      path: '/contact',
    });
    // Never an address in an event.
    expect(data).not.toMatch(/198\.51\.100|203\.0\.113|"ip"/);

    abort.abort();
    expect(await until(() => hub.subscriberCount === 0)).toBe(true);
  });

  test('without a session: 401, no subscriber', async () => {
    const res = await fetch(`${base}/api/live`);
    expect(res.status).toBe(401);
    expect(hub.subscriberCount).toBe(0);
  });

  test('a stream for another site hears nothing of this one', async () => {
    const abort = new AbortController();
    const res = await fetch(`${base}/api/live?site=999`, {
      headers: { cookie },
      signal: abort.signal,
    });
    const sse = sseReader(res.body!);
    expect(await sse.next()).toEqual({ event: 'snapshot', data: '[]' });
    await beacon('/other', '198.51.100.7');
    expect(await sse.next(200)).toBeNull();
    abort.abort();
    expect(await until(() => hub.subscriberCount === 0)).toBe(true);
  });
});

describe('GET /api/live limits (app.handle)', () => {
  const appWith = (o: { max?: number; heartbeatMs?: number; queueLimit?: number }) => {
    const small = createLiveHub({ db: h.db, clock: () => h.now.t, maxSubscribers: o.max });
    const routes = createLiveRoutes({ hub: small, auth: h.auth, ...o });
    const app = new Elysia().group('/api', (g) => g.use(h.auth.guard).use(routes));
    const open = () =>
      app.handle(new Request('http://leadlens.test/api/live', { headers: { cookie } }));
    return { hub: small, open };
  };

  test('at most N subscribers: the next gets 503 until one leaves', async () => {
    const { hub: small, open } = appWith({ max: 2 });
    const a = await open();
    const b = await open();
    expect([a.status, b.status]).toEqual([200, 200]);
    const c = await open();
    expect(c.status).toBe(503);
    expect((await c.json()).error.code).toBe('busy');
    await a.body!.cancel();
    expect(small.subscriberCount).toBe(1);
    expect((await open()).status).toBe(200);
    small.close();
  });

  test('a client that does not read: events beyond its queue are dropped, not buffered', async () => {
    const { hub: small, open } = appWith({ queueLimit: 8 });
    const res = await open();
    for (let i = 0; i < 500; i++) {
      small.publish({ siteId: h.siteId, companyId: 1, networkId: 0, path: `/p${i}`, at: h.now.t });
    }
    const sse = sseReader(res.body!);
    let visits = 0;
    for (let e = await sse.next(100); e; e = await sse.next(100)) {
      if ('event' in e && e.event === 'visit') visits++;
    }
    // The queue holds 8 chunks: retry and snapshot, then 6 visits; the other 494 were dropped.
    expect(visits).toBe(6);
    await sse.cancel();
    expect(small.subscriberCount).toBe(0);
  });

  test('a heartbeat comment keeps the connection alive', async () => {
    const { hub: small, open } = appWith({ heartbeatMs: 20 });
    const sse = sseReader((await open()).body!);
    expect(await sse.next()).toMatchObject({ event: 'snapshot' });
    expect(await sse.next(500)).toEqual({ comment: 'heartbeat' });
    small.close();
    expect(await sse.next(200)).toBeNull(); // closed by the hub
  });

  test('site must be an id', async () => {
    const app = new Elysia().group('/api', (g) =>
      g.use(h.auth.guard).use(createLiveRoutes({ hub, auth: h.auth })),
    );
    const res = await app.handle(
      new Request('http://leadlens.test/api/live?site=abc', { headers: { cookie } }),
    );
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe('invalid');
  });
});

describe('hub', () => {
  test('keeps the last 5 minutes, newest first, bounded per site; forget() drops a company', () => {
    const now = { t: Date.UTC(2026, 0, 1) };
    const small = createLiveHub({ db: h.db, clock: () => now.t, maxPerSite: 2 });
    const canary = h.db
      .prepare<{ id: number }>("SELECT id FROM companies WHERE name = 'CanaryCo AG'")
      .get()!.id;
    const maker = h.db
      .prepare<{ id: number }>("SELECT id FROM companies WHERE name = 'Example Manufacturing GmbH'")
      .get()!.id;
    small.publish({ siteId: 1, companyId: canary, networkId: 0, path: '/a', at: now.t });
    now.t += 60_000;
    small.publish({ siteId: 1, companyId: maker, networkId: 0, path: '/b', at: now.t });
    small.publish({ siteId: 2, companyId: canary, networkId: 0, path: '/c', at: now.t });
    expect(small.snapshot(1).map((e) => e.path)).toEqual(['/b', '/a']);
    expect(small.snapshot(null).map((e) => e.path)).toEqual(['/b', '/c', '/a']);
    // An unknown company (no row) is not shown.
    small.publish({ siteId: 1, companyId: 999_999, networkId: 0, path: '/x', at: now.t });
    expect(small.snapshot(1)).toHaveLength(2);
    // A third company on a site holding two pushes the oldest out.
    const third = h.db
      .prepare<{ id: number }>(
        "INSERT INTO companies (name, created_at, updated_at) VALUES ('Third Ltd', 0, 0) RETURNING id",
      )
      .get()!.id;
    small.publish({ siteId: 1, companyId: third, networkId: 0, path: '/u', at: now.t });
    expect(small.snapshot(1).map((e) => e.path)).toEqual(['/u', '/b']);
    small.forget(maker);
    expect(small.snapshot(1).some((e) => e.companyId === maker)).toBe(false);
    now.t += 5 * 60_000;
    expect(small.snapshot(null)).toEqual([]);
  });
});
