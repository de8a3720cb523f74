import { writeFileSync } from 'node:fs';
import type { Auth } from '../auth/index.ts';
import { createClassifier } from '../classify/index.ts';
import { composeApp } from '../compose.ts';
import { loadConfig } from '../config/index.ts';
import { type Driver, openDatabase } from '../db/index.ts';
import { IndexHolder } from '../ipindex/index.ts';
import { FORMATS, importSource, silentProgress } from '../sources/index.ts';
import type { Tracking } from '../track/index.ts';
import { tempDir } from './tmp.ts';

/**
 * Test networks (documentation ranges, private ASNs): a business, an ISP, a hosting network, and a
 * company range from a companies CSV inside the business network.
 */
export const FIXTURE_ASN = [
  '198.51.100.0,198.51.100.255,64500,Example Manufacturing GmbH',
  '203.0.113.0,203.0.113.255,64501,Example Broadband Telecom',
  '192.0.2.0,192.0.2.255,64502,Example Cloud Hosting',
  '2001:db8::,2001:db8:ffff:ffff:ffff:ffff:ffff:ffff,64503,Example University',
].join('\n');
export const FIXTURE_COMPANIES =
  'range,name,domain,country,city,industry\n198.51.100.128/25,CanaryCo AG,canaryco.example,DE,Hamburg,Chemicals\n';

export interface Harness {
  dir: string;
  db: Driver;
  index: IndexHolder;
  tracking: Tracking;
  auth: Auth;
  app: Awaited<ReturnType<typeof composeApp>>['app'];
  siteKey: string;
  siteId: number;
  now: { t: number };
  /** Any request, as if from `peer`. */
  handle(request: Request, peer?: string): Promise<Response>;
  /**
   * A signed-in session for the owner (created through the real setup flow on first use): the
   * Cookie header value to send with /api requests.
   */
  ownerCookie(): Promise<string>;
  /** An /api request with the owner's session and a same-origin Origin header. */
  api(method: string, path: string, body?: unknown): Promise<Response>;
  /** POST /e as if from `peer`. */
  beacon(body: unknown, peer?: string, headers?: Record<string, string>): Promise<Response>;
  close(): Promise<void>;
}

/**
 * Ingest rate limits out of the way: suites send thousands of beacons from one address in a
 * second. The limit tests (src/checks/, src/track/limiter) pass their own values in `env`.
 */
export const TEST_LIMITS: Readonly<Record<string, string>> = {
  INGEST_CLIENT_RATE: '1000000',
  INGEST_CLIENT_BURST: '10000000',
  INGEST_SITE_RATE: '1000000',
  INGEST_SITE_BURST: '10000000',
};

const UA =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36';

/** A real SQLite file with fixture data, the real app, a fake clock; requests via app.handle(). */
export async function createHarness(
  opts: {
    env?: Record<string, string>;
    writerMode?: 'worker' | 'inline';
    exportMode?: 'worker' | 'inline';
  } = {},
): Promise<Harness> {
  const tmp = tempDir();
  const db = openDatabase(tmp.path('leadlens.db'));
  const classify = createClassifier();
  const asn = tmp.path('asn.csv');
  writeFileSync(asn, `${FIXTURE_ASN}\n`);
  const companies = tmp.path('companies.csv');
  writeFileSync(companies, FIXTURE_COMPANIES);
  const run = (format: string, file: string) =>
    importSource(db, {
      format,
      spec: FORMATS[format],
      files: [file],
      classify,
      progress: silentProgress,
    });
  await run('ip-location-db', asn);
  await run('companies', companies);
  const index = new IndexHolder();
  index.reload(db);
  const config = loadConfig({}, { LEADLENS_ENV: 'test', ...TEST_LIMITS, ...opts.env });
  const now = { t: Date.UTC(2026, 10, 29, 10, 0, 0) };
  let peer = '198.51.100.7';
  let owner: string | null = null;
  const { app, tracking, auth, live, alerts } = await composeApp({
    db,
    index,
    config,
    clock: () => now.t,
    peerOf: () => peer,
    writer: { windowMs: 1, mode: opts.writerMode ?? 'inline' },
    statsMode: 'inline',
    exportMode: opts.exportMode ?? 'inline',
  });
  const site = tracking.sites.create({ name: 'Example', domains: ['example.com'] });
  const harness: Harness = {
    dir: tmp.dir,
    db,
    index,
    tracking,
    auth,
    app,
    siteKey: site.key,
    siteId: site.id,
    now,
    async ownerCookie() {
      if (owner) return owner;
      const setup = auth.setupUrlPath();
      if (!setup) throw new Error('harness: setup already used outside ownerCookie()');
      const token = new URL(setup, 'http://x').searchParams.get('token');
      const res = await app.handle(
        new Request('http://leadlens.test/api/setup', {
          method: 'POST',
          headers: { origin: 'http://leadlens.test', 'content-type': 'application/json' },
          body: JSON.stringify({
            token,
            email: 'owner@example.com',
            name: 'Owner',
            password: 'owner password 123',
          }),
        }),
      );
      const cookie = /(?:__Host-)?ll_session=[^;]+/.exec(res.headers.get('set-cookie') ?? '')?.[0];
      if (!res.ok || !cookie) throw new Error(`harness: setup failed (${res.status})`);
      owner = cookie;
      return owner;
    },
    async api(method, path, body) {
      const cookie = await harness.ownerCookie();
      const headers: Record<string, string> = { origin: 'http://leadlens.test', cookie };
      if (body !== undefined) headers['content-type'] = 'application/json';
      peer = '198.51.100.7';
      return app.handle(
        new Request(`http://leadlens.test${path}`, {
          method,
          headers,
          body: body === undefined ? undefined : JSON.stringify(body),
        }),
      );
    },
    handle(request, from = '198.51.100.7') {
      peer = from;
      return app.handle(request);
    },
    beacon(body, from = '198.51.100.7', headers = {}) {
      peer = from;
      return app.handle(
        new Request('http://leadlens.test/e', {
          method: 'POST',
          headers: { 'content-type': 'text/plain', 'user-agent': UA, ...headers },
          body: typeof body === 'string' ? body : JSON.stringify(body),
        }),
      );
    },
    async close() {
      live.close();
      await alerts.close();
      await tracking.close();
      db.close();
      tmp.cleanup();
    },
  };
  return harness;
}
