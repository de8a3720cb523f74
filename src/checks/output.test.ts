// CHECKS.md #37 (path traversal), #39 (secrets out of logs) and #40 (headers and errors), against
// the real server on 127.0.0.1 whose DATA_DIR holds the database, with LOG_LEVEL=debug.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { receiver } from '../alerts/delivery/test-kit.ts';
import { IP } from '../leads/test-kit.ts';
import { createHarness } from '../testing/harness.ts';
import { BROWSER_UA } from '../testing/server.ts';
import {
  type Inbox,
  OWNER_EMAIL,
  type RealServer,
  rawRequest,
  smtpInbox,
  startRealServer,
  until,
} from './kit.ts';

// Canary secrets: each must never appear in a log line, crash output or export.
const ADMIN_PW = 'canary-admin-pw-7f3a9c1e';
const WRONG_PW = 'canary-wrong-pw-b81e44d0';
const SMTP_USER = 'mailer';
const SMTP_PW = 'canary-smtp-pw-55d2a0f7';
const ENV_SECRET = 'canary-dotenv-3c9b1a';

let s: RealServer;
let inbox: Inbox;
let hook: ReturnType<typeof receiver>;
let webhookSecret = '';
beforeAll(async () => {
  inbox = await smtpInbox({ user: SMTP_USER, password: SMTP_PW });
  hook = receiver({
    get secret() {
      return webhookSecret;
    },
  });
  s = await startRealServer({
    password: ADMIN_PW,
    env: {
      LOG_LEVEL: 'debug',
      WEBHOOK_ALLOW: '127.0.0.1',
      PUBLIC_URL: 'https://leads.example.com',
    },
  });
  // A file an attacker would love to read, in the data directory the server serves nothing from.
  writeFileSync(join(s.dataDir, '.env'), `SECRET=${ENV_SECRET}\n`);
});
afterAll(async () => {
  await s?.close().catch(() => {});
  await inbox?.stop();
  hook?.stop();
});

const beacon = (path: string, ip: string = IP.canary) =>
  fetch(`${s.base}/e`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain', 'user-agent': BROWSER_UA, 'x-forwarded-for': ip },
    body: JSON.stringify({ s: s.siteKey, e: 'pageview', u: `https://example.com${path}`, t: path }),
  });

describe('#37 path traversal in static serving', () => {
  // Raw request targets: fetch() would resolve the dots before sending.
  const targets = () => [
    '/../leadlens.db',
    '/../../etc/passwd',
    '/%2e%2e/leadlens.db',
    '/%2e%2e/%2e%2e/etc/passwd',
    '/..%2fleadlens.db',
    '/app.js/..%2f..%2fleadlens.db',
    '/%252e%252e/leadlens.db',
    '/..\\leadlens.db',
    '/..%5cleadlens.db',
    '/leadlens.db%00',
    '/app.js%00.db',
    '/leadlens.db',
    '/leadlens.db-wal',
    '/leadlens.db-shm',
    '/.env',
    '/data/leadlens.db',
    '/data/.env',
    `${s.dataDir}/leadlens.db`,
    `/${s.dataDir}/.env`,
    '//etc/passwd',
    '/companies/../../leadlens.db',
    '/t.js/../leadlens.db',
  ];

  test('#37 every traversal spelling and direct DB/WAL/.env request → 404, nothing leaked', async () => {
    await beacon('/warm'); // the WAL exists and has content
    for (const target of targets()) {
      const r = await rawRequest(s.base, target);
      // 400 only where Bun refuses the request line itself; never 200 or a file.
      expect({ target, ok: r.status === 404 || r.status === 400 }).toEqual({ target, ok: true });
      for (const leak of ['SQLite format 3', ENV_SECRET, 'root:x:', s.dataDir]) {
        expect({ target, leak: r.text.includes(leak) }).toEqual({ target, leak: false });
      }
    }
  });

  test('#37 control: the UI routes it does serve still answer', async () => {
    expect((await rawRequest(s.base, '/app.js')).status).toBe(200);
    expect((await rawRequest(s.base, '/companies/1')).status).toBe(200);
  });
});

describe('#40 headers and errors', () => {
  const adminRequests = (): [string, string, boolean][] => [
    ['/', 'GET', false],
    ['/login', 'GET', false],
    ['/companies/1', 'GET', false],
    ['/api/companies', 'GET', true],
    ['/api/auth/me', 'GET', true],
    ['/api/auth/me', 'GET', false], // 401
    ['/api/companies/abc', 'GET', true], // 400
    ['/api/nope', 'GET', true], // 404
    ['/api/sites', 'POST', true], // 400, empty body
  ];

  test('#40 admin answers: CSP with frame-ancestors, XFO, nosniff, Referrer-Policy; no CORS, no banner', async () => {
    for (const [path, method, session] of adminRequests()) {
      const res = await fetch(`${s.base}${path}`, {
        method,
        headers: { origin: 'https://evil.test', ...(session ? { cookie: s.cookie } : {}) },
      });
      await res.text();
      const h = res.headers;
      const got = {
        route: `${method} ${path} (${res.status})`,
        csp: /frame-ancestors 'none'/.test(h.get('content-security-policy') ?? ''),
        xfo: h.get('x-frame-options'),
        nosniff: h.get('x-content-type-options'),
        referrer: h.get('referrer-policy'),
        cors: h.get('access-control-allow-origin'),
        server: h.get('server'),
        poweredBy: h.get('x-powered-by'),
      };
      expect(got).toEqual({
        route: got.route,
        csp: true,
        xfo: 'DENY',
        nosniff: 'nosniff',
        referrer: 'no-referrer',
        cors: null,
        server: null,
        poweredBy: null,
      });
    }
    const preflight = await fetch(`${s.base}/api/companies`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.test', 'access-control-request-method': 'DELETE' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    expect(preflight.headers.get('access-control-allow-credentials')).toBeNull();
  });

  test('#40 the collect endpoint: CORS for the site, never with credentials; none for others', async () => {
    const cases: [string, string | null][] = [
      ['https://example.com', 'https://example.com'],
      ['https://evil.test', null],
    ];
    for (const [origin, want] of cases) {
      const pre = await fetch(`${s.base}/e`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST' },
      });
      const post = await fetch(`${s.base}/e`, {
        method: 'POST',
        headers: { origin, 'content-type': 'text/plain', 'user-agent': BROWSER_UA },
        body: JSON.stringify({ s: s.siteKey, e: 'pageview', u: 'https://example.com/' }),
      });
      for (const r of [pre, post]) {
        expect(r.headers.get('access-control-allow-origin')).toBe(want);
        expect(r.headers.get('access-control-allow-credentials')).toBeNull();
      }
    }
  });

  test('#40 a 500 is generic: the envelope with a correlation id, no stack, no SQL, no version', async () => {
    const h = await createHarness();
    try {
      await h.ownerCookie();
      h.db.exec('DROP TABLE company_tags'); // any unexpected failure will do
      const res = await h.api('GET', '/api/tags');
      const id = res.headers.get('x-request-id');
      expect(res.status).toBe(500);
      expect(id).toMatch(/^[0-9a-f]{16}$/);
      expect(await res.json()).toEqual({
        error: { code: 'internal', message: 'internal error', requestId: id },
      });
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    } finally {
      await h.close();
    }
  });
});

describe('#39 secrets out of logs', () => {
  test('#39 login, failed login, token use, SMTP with auth and a signed webhook leave no canary in logs, output or exports', async () => {
    // Failed logins (unknown account and wrong password), then a good one: a second session.
    for (const email of [OWNER_EMAIL, 'nobody@example.com']) {
      const r = await fetch(`${s.base}/api/auth/login`, {
        method: 'POST',
        headers: { origin: s.base, 'content-type': 'application/json' },
        body: JSON.stringify({ email, password: WRONG_PW }),
      });
      expect(r.status).toBe(401);
    }
    const login = await fetch(`${s.base}/api/auth/login`, {
      method: 'POST',
      headers: { origin: s.base, 'content-type': 'application/json' },
      body: JSON.stringify({ email: OWNER_EMAIL, password: ADMIN_PW }),
    });
    expect(login.status).toBe(200);
    const session2 = /ll_session=([^;]+)/.exec(login.headers.get('set-cookie') ?? '')?.[1] ?? '';
    expect(session2.length).toBeGreaterThan(20);

    // SMTP with a password; the test message goes through the real server's AUTH.
    const smtp = await s.api('PUT', '/api/settings/smtp', {
      host: '127.0.0.1',
      port: inbox.port,
      tls: 'none',
      user: SMTP_USER,
      password: SMTP_PW,
      from: 'Leadlens <alerts@leadlens.example>',
    });
    expect(smtp.status).toBe(200);
    expect((await s.api('POST', '/api/settings/smtp/test')).status).toBe(200);

    // A trigger with e-mail and a signed webhook; canary beacons fire it.
    const created = await s.api('POST', '/api/triggers', {
      name: 'Pricing',
      siteId: s.siteId,
      frequency: 'visit',
      rules: { match: 'all', conditions: [{ type: 'page', pattern: '/pricing*' }] },
      actions: [
        { type: 'email', to: ['sales@example.com'] },
        { type: 'webhook', url: hook.url('/hook') },
      ],
    });
    expect(created.status).toBe(201);
    webhookSecret = ((await created.json()) as { secret: string }).secret;
    expect(webhookSecret.length).toBeGreaterThan(20);
    for (const p of ['/', '/pricing']) expect((await beacon(p)).status).toBe(202);
    await until(
      'the trigger e-mail and webhook',
      () => inbox.mails.length >= 2 && hook.got.length >= 1,
    );
    expect(hook.got[0].signatureOk).toBe(true);

    // An API token, used, and a wrong one.
    const tok = await s.api('POST', '/api/tokens', { name: 'crm', scope: 'read' });
    const apiToken = ((await tok.json()) as { secret: string }).secret;
    const v1 = (secret: string) =>
      fetch(`${s.base}/api/v1/companies`, { headers: { authorization: `Bearer ${secret}` } });
    expect((await v1(apiToken)).status).toBe(200);
    expect((await v1(`${apiToken}x`)).status).toBe(401);

    // Exports and the delivery log are outputs too.
    let exported = '';
    for (const p of [
      '/api/export/companies.csv',
      '/api/export/visits.csv',
      '/api/export/pageviews.csv',
      '/api/deliveries',
      '/api/triggers',
      '/api/settings/smtp',
      '/api/tokens',
    ]) {
      const r = await s.api('GET', p);
      expect(r.status).toBe(200);
      exported += await r.text();
    }

    const b64 = (x: string) => Buffer.from(x).toString('base64');
    const sessionCookie = s.cookie.split('=')[1];
    const canaries: Record<string, string> = {
      'admin password': ADMIN_PW,
      'wrong password': WRONG_PW,
      'admin password, base64': b64(ADMIN_PW),
      'SMTP password': SMTP_PW,
      'SMTP AUTH PLAIN': b64(`\0${SMTP_USER}\0${SMTP_PW}`),
      'SMTP password, base64': b64(SMTP_PW),
      'webhook secret': webhookSecret,
      'API token': apiToken,
      'session cookie': sessionCookie,
      'second session cookie': session2,
    };
    const code = await s.server.stop('SIGKILL'); // crash output: whatever was printed until then
    expect(code).not.toBe(0);
    const printed = s.output();
    expect(printed).toContain('"msg":"request"'); // the debug log did run
    for (const [name, value] of Object.entries(canaries)) {
      expect({ name, inLogs: printed.includes(value) }).toEqual({ name, inLogs: false });
      expect({ name, inExports: exported.includes(value) }).toEqual({ name, inExports: false });
    }
    // At rest: passwords, sessions and tokens are kept as hashes only (the SMTP password and the
    // webhook secret must be usable, so they are stored; they are not in this list).
    const files = readdirSync(s.dataDir).filter((f) => f.startsWith('leadlens.db'));
    const atRest = files.map((f) => readFileSync(join(s.dataDir, f)).toString('latin1')).join('');
    for (const name of ['admin password', 'wrong password', 'API token', 'session cookie']) {
      expect({ name, atRest: atRest.includes(canaries[name]) }).toEqual({ name, atRest: false });
    }
  });
});
