import { afterEach, describe, expect, test } from 'bun:test';
import { IP, type LeadsKit, leadsKit } from '../../leads/test-kit.ts';
import type { Delivery } from '../model.ts';
import { outboxRows, settle } from './test-kit.ts';

type Err = { error: { code: string; message: string } };
type Saved = {
  trigger: { id: number; name: string; enabled: boolean; hasSecret: boolean; actions: unknown[] };
  secret: string | null;
  companyId?: number;
  matched?: boolean;
};

let open: LeadsKit[] = [];
afterEach(async () => {
  for (const k of open) await k.close();
  open = [];
});

const VALID = {
  name: 'Pricing visitors',
  siteId: null,
  frequency: 'visit',
  rules: { match: 'any', conditions: [{ type: 'page', pattern: '/pricing*' }] },
  actions: [{ type: 'webhook', url: 'https://hooks.example.com/in' }],
};

async function kit() {
  const k = await leadsKit();
  open.push(k);
  const api = async (method: string, path: string, body?: unknown, cookie?: string) => {
    if (!cookie) return k.h.api(method, path, body);
    const headers: Record<string, string> = { origin: 'http://leadlens.test', cookie };
    if (body !== undefined) headers['content-type'] = 'application/json';
    return k.h.handle(
      new Request(`http://leadlens.test${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
    );
  };
  return { k, api };
}

describe('validation: one 400 envelope', () => {
  const BAD: Array<[string, unknown, RegExp]> = [
    ['unknown field', { ...VALID, colour: 'red' }, /colour|property/i],
    [
      'unknown condition',
      { ...VALID, rules: { match: 'all', conditions: [{ type: 'ip', in: ['1.2.3.4'] }] } },
      /rules/,
    ],
    [
      'unknown field in a condition',
      {
        ...VALID,
        rules: { match: 'all', conditions: [{ type: 'pageviews', atLeast: 2, atleast: 3 }] },
      },
      /rules/,
    ],
    ['no conditions', { ...VALID, rules: { match: 'all', conditions: [] } }, /rules/],
    ['no actions', { ...VALID, actions: [] }, /actions/],
    [
      'a secret sent in',
      {
        ...VALID,
        actions: [{ type: 'webhook', url: 'https://hooks.example.com/in', secret: 'x'.repeat(20) }],
      },
      /actions/,
    ],
    [
      'loopback webhook',
      { ...VALID, actions: [{ type: 'webhook', url: 'http://127.0.0.1:9/x' }] },
      /loopback/,
    ],
    [
      'metadata address',
      { ...VALID, actions: [{ type: 'slack', url: 'http://169.254.169.254/latest' }] },
      /link-local/,
    ],
    [
      'not http',
      { ...VALID, actions: [{ type: 'webhook', url: 'ftp://hooks.example.com/x' }] },
      /http/,
    ],
    ['bad e-mail', { ...VALID, actions: [{ type: 'email', to: ['not an address'] }] }, /actions/],
    ['unknown site', { ...VALID, siteId: 999 }, /siteId/],
    ['blank name', { ...VALID, name: '   ' }, /name/],
  ];
  test.each(BAD)('%s', async (_n, body, message) => {
    const { api } = await kit();
    const res = await api('POST', '/api/triggers', body);
    expect(res.status).toBe(400);
    const err = (await res.json()) as { error: { code: string; message: string } };
    expect(err.error.code).toBe('invalid');
    expect(err.error.message).toMatch(message);
  });

  test('malformed JSON', async () => {
    const { k } = await kit();
    const res = await k.h.handle(
      new Request('http://leadlens.test/api/triggers', {
        method: 'POST',
        headers: {
          origin: 'http://leadlens.test',
          cookie: await k.h.ownerCookie(),
          'content-type': 'application/json',
        },
        body: '{"name":',
      }),
    );
    expect(res.status).toBe(400);
    expect(((await res.json()) as Err).error.code).toBe('invalid');
  });
});

test('CRUD, roles, and the webhook secret shown once, kept on update, rotated on demand', async () => {
  const { k, api } = await kit();
  const created = await api('POST', '/api/triggers', VALID);
  expect(created.status).toBe(201);
  const { trigger, secret } = (await created.json()) as Saved;
  expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
  expect(trigger).toMatchObject({ name: 'Pricing visitors', enabled: true, hasSecret: true });
  expect(trigger.actions).toEqual([{ type: 'webhook', url: 'https://hooks.example.com/in' }]);
  const stored = () =>
    JSON.parse(
      k.h.db.prepare<{ actions: string }>('SELECT actions FROM triggers').get()!.actions,
    )[0].secret;
  expect(stored()).toBe(secret);

  // Never shown again.
  const got = await api('GET', `/api/triggers/${trigger.id}`);
  expect(JSON.stringify(await got.json())).not.toContain(secret);
  const list = (await (await api('GET', '/api/triggers')).json()) as Saved['trigger'][];
  expect(list.map((t) => t.id)).toEqual([trigger.id]);
  expect(JSON.stringify(list)).not.toContain(secret);

  // An update keeps the secret (and does not show it).
  const put = (await (
    await api('PUT', `/api/triggers/${trigger.id}`, { ...VALID, name: 'Renamed' })
  ).json()) as Saved;
  expect(put.secret).toBeNull();
  expect(put.trigger.name).toBe('Renamed');
  expect(stored()).toBe(secret);

  const rotated = (await (
    await api('POST', `/api/triggers/${trigger.id}/rotate-secret`)
  ).json()) as Saved;
  expect(rotated.secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
  expect(rotated.secret).not.toBe(secret);
  expect(stored()).toBe(rotated.secret);

  // A viewer reads but does not write.
  const viewer = await k.viewerCookie();
  expect((await api('GET', `/api/triggers/${trigger.id}`, undefined, viewer)).status).toBe(200);
  expect((await api('GET', `/api/triggers/${trigger.id}/firings`, undefined, viewer)).status).toBe(
    200,
  );
  for (const [method, path, body] of [
    ['POST', '/api/triggers', VALID],
    ['PUT', `/api/triggers/${trigger.id}`, VALID],
    ['DELETE', `/api/triggers/${trigger.id}`, undefined],
    ['POST', `/api/triggers/${trigger.id}/rotate-secret`, undefined],
    ['POST', `/api/triggers/${trigger.id}/test`, {}],
  ] as const) {
    const res = await api(method, path, body, viewer);
    expect(`${method} ${path} ${res.status}`).toBe(`${method} ${path} 403`);
  }

  // Without a session: 401.
  const anon = await k.h.handle(new Request('http://leadlens.test/api/triggers'));
  expect(anon.status).toBe(401);

  expect((await api('DELETE', `/api/triggers/${trigger.id}`)).status).toBe(204);
  expect((await api('GET', `/api/triggers/${trigger.id}`)).status).toBe(404);
  expect((await api('DELETE', `/api/triggers/${trigger.id}`)).status).toBe(404);
  expect((await api('POST', `/api/triggers/${trigger.id}/rotate-secret`)).status).toBe(404);
});

test('a test run sends marked messages for the latest matching company, changes nothing else', async () => {
  const { k, api } = await kit();
  await k.view(IP.manufacturing, '/pricing');
  await k.view(IP.canary, '/about');
  await settle();
  const body = {
    ...VALID,
    enabled: false,
    actions: [
      { type: 'email', to: ['sales@example.com'] },
      { type: 'tag', tag: 'from-test' },
    ],
  };
  const { trigger } = (await (await api('POST', '/api/triggers', body)).json()) as Saved;
  const res = await api('POST', `/api/triggers/${trigger.id}/test`, {});
  expect(res.status).toBe(200);
  const run = (await res.json()) as { companyId: number; matched: boolean; outboxIds: number[] };
  const maker = k.companyId('Example Manufacturing GmbH');
  // CanaryCo visited last, but only the manufacturer saw /pricing.
  expect(run).toEqual({ companyId: maker, matched: true, outboxIds: [expect.any(Number)] });
  const [row] = outboxRows(k.h.db);
  expect(row.id).toBe(run.outboxIds[0]);
  const mail = row.payload as Extract<Delivery, { kind: 'email' }>;
  expect(mail.subject).toStartWith('[Test] ');
  expect(mail.text).toContain('TEST RUN');
  expect(k.h.db.prepare('SELECT * FROM trigger_firings').all()).toEqual([]);
  expect(k.h.db.prepare('SELECT * FROM company_tags').all()).toEqual([]);

  // A chosen company runs even when the rules do not match it.
  const canary = k.companyId('CanaryCo AG');
  const chosen = (await (
    await api('POST', `/api/triggers/${trigger.id}/test`, { companyId: canary })
  ).json()) as Saved;
  expect(chosen).toMatchObject({ companyId: canary, matched: false });
  expect(
    (await api('POST', `/api/triggers/${trigger.id}/test`, { companyId: 999_999 })).status,
  ).toBe(404);
});

test('erasing a company deletes its firings and its outbox messages', async () => {
  const { k, api } = await kit();
  const { trigger } = (await (
    await api('POST', '/api/triggers', {
      ...VALID,
      rules: { match: 'all', conditions: [{ type: 'pageviews', atLeast: 1 }] },
      actions: [{ type: 'email', to: ['sales@example.com'] }],
    })
  ).json()) as Saved;
  await k.view(IP.canary, '/');
  await k.view(IP.manufacturing, '/');
  await settle();
  const canary = k.companyId('CanaryCo AG');
  const maker = k.companyId('Example Manufacturing GmbH');
  const count = (sql: string, id: number) => k.h.db.prepare<{ n: number }>(sql).get(id)!.n;
  const firings = (id: number) =>
    count('SELECT count(*) AS n FROM trigger_firings WHERE company_id = ?', id);
  const outbox = (id: number) => count('SELECT count(*) AS n FROM outbox WHERE company_id = ?', id);
  expect([firings(canary), outbox(canary), firings(maker), outbox(maker)]).toEqual([1, 1, 1, 1]);
  expect((await api('DELETE', `/api/companies/${canary}`)).status).toBe(204);
  expect([firings(canary), outbox(canary), firings(maker), outbox(maker)]).toEqual([0, 0, 1, 1]);
  expect(JSON.stringify(outboxRows(k.h.db))).not.toContain('CanaryCo');
  expect(trigger.id).toBeGreaterThan(0);
});
