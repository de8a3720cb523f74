// Triggers by token: the dashboard's trigger service behind /api/v1, in the composed app.
import { afterAll, beforeAll, expect, test } from 'bun:test';
import { createHarness, type Harness } from '../testing/harness.ts';
import { mintToken, v1 } from './test-kit.ts';

let h: Harness;
let read: string;
let write: string;
beforeAll(async () => {
  h = await createHarness();
  read = (await mintToken(h, 'read')).secret;
  write = (await mintToken(h, 'write')).secret;
});
afterAll(() => h.close());

const input = {
  name: 'Pricing visitors',
  enabled: true,
  siteId: null,
  frequency: 'visit',
  rules: { match: 'all', conditions: [{ type: 'page', pattern: '/pricing*' }] },
  actions: [{ type: 'tag', tag: 'pricing' }],
};

test('create, read, update, list firings and delete a trigger with a write token', async () => {
  expect((await v1(h, 'POST', '/triggers', null, input)).status).toBe(401);
  expect((await v1(h, 'POST', '/triggers', read, input)).status).toBe(403);
  expect((await v1(h, 'POST', '/triggers', write, { ...input, rules: 'x' })).status).toBe(400);
  const created = await v1(h, 'POST', '/triggers', write, input);
  expect(created.status).toBe(201);
  const { trigger } = (await created.json()) as { trigger: { id: number; name: string } };
  expect(trigger.name).toBe('Pricing visitors');

  const list = (await (await v1(h, 'GET', '/triggers', read)).json()) as { id: number }[];
  expect(list.map((x) => x.id)).toEqual([trigger.id]);
  const put = await v1(h, 'PUT', `/triggers/${trigger.id}`, write, { ...input, name: 'Renamed' });
  expect(put.status).toBe(200);
  const got = (await (await v1(h, 'GET', `/triggers/${trigger.id}`, read)).json()) as {
    name: string;
  };
  expect(got.name).toBe('Renamed');

  // The dashboard sees the same trigger (one service behind both).
  const dash = (await (await h.api('GET', '/api/triggers')).json()) as { name: string }[];
  expect(dash.map((x) => x.name)).toEqual(['Renamed']);

  const firings = await v1(h, 'GET', `/triggers/${trigger.id}/firings`, read);
  expect(firings.status).toBe(200);
  expect((await v1(h, 'DELETE', `/triggers/${trigger.id}`, read)).status).toBe(403);
  expect((await v1(h, 'DELETE', `/triggers/${trigger.id}`, write)).status).toBe(204);
  expect((await v1(h, 'GET', `/triggers/${trigger.id}`, read)).status).toBe(404);
});

test('the OpenAPI document lists the trigger routes', async () => {
  const doc = (await (await h.handle(new Request('http://leadlens.test/openapi/json'))).json()) as {
    paths: Record<string, unknown>;
  };
  expect(Object.keys(doc.paths)).toEqual(
    expect.arrayContaining([
      '/api/v1/triggers',
      '/api/v1/triggers/{id}',
      '/api/v1/triggers/{id}/firings',
    ]),
  );
});
