// Plugins mounted later under /api/v1 (triggers…) get the same guard, the principal, and a place
// in the OpenAPI document.
import { afterAll, beforeAll, expect, test } from 'bun:test';
import { Elysia, t } from 'elysia';
import { createLeadsService } from '../leads/index.ts';
import { createHarness, type Harness } from '../testing/harness.ts';
import { type ApiPrincipal, createTokenService } from '../tokens/index.ts';
import { createApiV1 } from './index.ts';

let h: Harness;
let app: Elysia;
let tokens: ReturnType<typeof createTokenService>;

beforeAll(async () => {
  h = await createHarness();
  await h.ownerCookie(); // a user to own the tokens
  tokens = createTokenService({ db: h.db });
  const extra = new Elysia().post(
    '/triggers',
    (ctx) => ({ by: (ctx as unknown as { principal: ApiPrincipal }).principal.tokenName }),
    {
      body: t.Object({ name: t.String({ minLength: 1 }) }),
      response: { 200: t.Object({ by: t.String() }) },
      detail: { tags: ['triggers'] },
    },
  );
  app = new Elysia().use(
    createApiV1({ db: h.db, tokens, leads: createLeadsService({ db: h.db }), extra: [extra] }),
  ) as unknown as Elysia;
});
afterAll(() => h.close());

const post = (secret: string | null, body: unknown) =>
  app.handle(
    new Request('http://leadlens.test/api/v1/triggers', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(secret ? { authorization: `Bearer ${secret}` } : {}),
      },
      body: JSON.stringify(body),
    }),
  );

test('an extra plugin: 401 without a token, 403 read-only, the principal with a write token', async () => {
  const owner = h.db.prepare<{ id: number }>('SELECT id FROM users LIMIT 1').get()!.id;
  const read = tokens.create({ name: 'r', scope: 'read' }, owner).secret;
  const write = tokens.create({ name: 'Hooks', scope: 'write' }, owner).secret;
  expect((await post(null, { name: 'x' })).status).toBe(401);
  expect((await post(read, { name: 'x' })).status).toBe(403);
  expect((await post(write, { name: '' })).status).toBe(400);
  const ok = await post(write, { name: 'x' });
  expect(ok.status).toBe(200);
  expect(await ok.json()).toEqual({ by: 'Hooks' });
  const doc = (await (
    await app.handle(new Request('http://leadlens.test/openapi/json'))
  ).json()) as {
    paths: Record<string, unknown>;
  };
  expect(Object.keys(doc.paths)).toContain('/api/v1/triggers');
});
