import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { createCidrMatcher } from '../track/index.ts';
import { createRequestFacts } from './csrf.ts';
import { type AuthKit, authKit, ORIGIN } from './test-kit.ts';

let k: AuthKit;
let owner: string;
let viewer: { id: number; cookie: string };
let inviteToken: string;
beforeAll(async () => {
  k = authKit();
  owner = await k.setup();
  viewer = await k.addUser(owner, 'viewer@example.com', 'viewer');
  const inv = await k.call('POST', '/api/invites', {
    cookie: owner,
    body: { email: 'pending@example.com', role: 'viewer' },
  });
  inviteToken = ((await inv.json()) as { path: string }).path.split('token=')[1];
});
afterAll(() => k.close());

/** Everything auth keeps, to prove a refused request changed nothing. */
const snapshot = () =>
  JSON.stringify(
    ['users', 'auth_sessions', 'invites'].map((t) =>
      k.db.prepare(`SELECT * FROM ${t} ORDER BY 1`).all(),
    ),
  );

/** A body each state-changing route would accept. */
function bodyFor(method: string, path: string): unknown {
  if (path === '/api/setup')
    return { token: 'A'.repeat(43), email: 'x@example.com', name: 'X', password: 'long enough pw' };
  if (path === '/api/auth/login')
    return { email: 'owner@example.com', password: 'correct horse battery' };
  if (path === '/api/invites/accept')
    return { token: inviteToken, name: 'P', password: 'long enough pw' };
  if (path === '/api/invites') return { email: 'new@example.com', role: 'viewer' };
  if (method === 'PATCH') return { role: 'admin' };
  if (method === 'POST') return {};
  return undefined;
}

const FORGERIES: [string, Record<string, string | null>][] = [
  ['Origin: https://evil.test', { origin: 'https://evil.test' }],
  ['Sec-Fetch-Site: cross-site', { 'sec-fetch-site': 'cross-site' }],
  ['Sec-Fetch-Site: same-site', { 'sec-fetch-site': 'same-site', origin: ORIGIN }],
  ['no Origin, no Referer', { origin: null }],
  ['Referer only', { origin: null, referer: `${ORIGIN}/` }],
  ['Origin: null', { origin: 'null' }],
  ['look-alike host', { origin: 'http://leadlens.test.evil.test' }],
];

describe('CSRF on every state-changing route (check 33)', () => {
  test('the route table has state-changing routes, public and guarded', () => {
    const changing = k.app.routes.filter((r) => !['GET', 'HEAD', 'OPTIONS'].includes(r.method));
    expect(changing.map((r) => `${r.method} ${r.path}`)).toEqual(
      expect.arrayContaining([
        'POST /api/setup',
        'POST /api/auth/login',
        'POST /api/auth/logout',
        'DELETE /api/users/:id',
      ]),
    );
  });

  test('each forgery × each route → 403 csrf, nothing changed', async () => {
    const changing = k.app.routes.filter((r) => !['GET', 'HEAD', 'OPTIONS'].includes(r.method));
    const before = snapshot();
    for (const r of changing) {
      const path = r.path.replace(':id', String(viewer.id)).replace(':token', inviteToken);
      for (const [name, headers] of FORGERIES) {
        const res = await k.call(r.method, path, {
          cookie: owner,
          body: bodyFor(r.method, r.path),
          headers,
        });
        const label = `${r.method} ${r.path} with ${name}`;
        expect({ label, status: res.status }).toEqual({ label, status: 403 });
        expect(((await res.json()) as { error: { code: string } }).error.code).toBe('csrf');
      }
    }
    expect(snapshot()).toBe(before);
    expect((await k.call('GET', '/api/secret', { cookie: owner })).status).toBe(200);
  });

  test('GET routes change nothing', async () => {
    const before = snapshot();
    for (const r of k.app.routes.filter((x) => x.method === 'GET')) {
      const path = r.path.replace(':token', inviteToken);
      for (const cookie of [owner, viewer.cookie, null]) await k.call('GET', path, { cookie });
    }
    expect(snapshot()).toBe(before);
  });

  test('the same requests from our own origin pass', async () => {
    const own: Record<string, string>[] = [{ 'sec-fetch-site': 'same-origin' }, { origin: ORIGIN }];
    for (const headers of own) {
      const res = await k.call('POST', '/api/secret', { cookie: owner, headers });
      expect(res.status).toBe(200);
    }
  });
});

describe('sameOrigin', () => {
  const facts = createRequestFacts(createCidrMatcher(['10.0.0.0/8']));
  const req = (method: string, url: string, headers: Record<string, string>) =>
    new Request(url, { method, headers });
  test.each([
    ['GET is never checked', true, 'GET', {}, null],
    ['Sec-Fetch-Site same-origin', true, 'POST', { 'sec-fetch-site': 'same-origin' }, null],
    ['Sec-Fetch-Site none (typed by the user)', true, 'POST', { 'sec-fetch-site': 'none' }, null],
    [
      'Sec-Fetch-Site wins over a matching Origin',
      false,
      'POST',
      { 'sec-fetch-site': 'cross-site', origin: ORIGIN },
      null,
    ],
    ['Origin equals the URL host', true, 'DELETE', { origin: ORIGIN }, null],
    [
      'Origin equals the Host header',
      true,
      'POST',
      { origin: 'https://dash.example', host: 'dash.example' },
      null,
    ],
    [
      'default port written out',
      true,
      'POST',
      { origin: 'https://dash.example', host: 'dash.example:443' },
      null,
    ],
    ['other port', false, 'POST', { origin: 'http://leadlens.test:8080' }, null],
    ['other scheme than http(s)', false, 'POST', { origin: 'file://leadlens.test' }, null],
    ['garbage Origin', false, 'PUT', { origin: '::' }, null],
    [
      'X-Forwarded-Host from a trusted proxy',
      true,
      'POST',
      { origin: 'https://dash.example', 'x-forwarded-host': 'dash.example' },
      '10.0.0.2',
    ],
    [
      'X-Forwarded-Host from anyone else',
      false,
      'POST',
      { origin: 'https://dash.example', 'x-forwarded-host': 'dash.example' },
      '198.51.100.7',
    ],
  ])('%s → %p', (_, ok, method, headers, peer) => {
    expect(facts.sameOrigin(req(method, `${ORIGIN}/api/x`, headers), peer)).toBe(ok);
  });
});
