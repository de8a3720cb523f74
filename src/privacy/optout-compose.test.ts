// Opt-out wired through the whole product (src/compose.ts): the public page, the deletion, the
// ingest filter, and the writer thread's caches.
import { expect, test } from 'bun:test';
import { createHarness } from '../testing/harness.ts';

test('opt-out through the composed app, worker writer', async () => {
  const h = await createHarness({ writerMode: 'worker' });
  const pv = (path: string) => ({ s: h.siteKey, u: `https://example.com${path}`, t: 'T' });
  expect((await h.beacon(pv('/shared'), '198.51.100.200')).status).toBe(202);
  expect((await h.beacon(pv('/shared'), '198.51.100.7')).status).toBe(202);
  const page = await h.handle(
    new Request('http://leadlens.test/opt-out?lang=en'),
    '198.51.100.201',
  );
  expect(await page.text()).toContain('CanaryCo AG');
  const post = await h.handle(
    new Request('http://leadlens.test/opt-out', {
      method: 'POST',
      headers: {
        origin: 'http://leadlens.test',
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: '',
    }),
    '198.51.100.201',
  );
  expect(post.status).toBeLessThan(400);
  const dropped = await h.beacon(pv('/shared'), '198.51.100.200');
  expect(dropped.headers.get('x-leadlens-drop')).toBe('opted_out');
  // Another company on a path the opted-out company had used: the writer must not trip on stale ids.
  expect((await h.beacon(pv('/only-canary-path'), '198.51.100.7')).status).toBe(202);
  const inbox = await (await h.api('GET', '/api/companies')).json();
  expect(inbox.items.map((c: { name: string }) => c.name)).toEqual(['Example Manufacturing GmbH']);
  await h.close();
});

test('erasing a company through the composed app: its network visits again without a writer error', async () => {
  const h = await createHarness({ writerMode: 'worker' });
  const pv = (path: string) => ({ s: h.siteKey, u: `https://example.com${path}`, t: 'T' });
  expect((await h.beacon(pv('/erase-me'), '198.51.100.7')).status).toBe(202);
  const id = h.db
    .prepare<{ id: number }>("SELECT id FROM companies WHERE name = 'Example Manufacturing GmbH'")
    .get()!.id;
  expect((await h.api('DELETE', `/api/companies/${id}`)).status).toBe(204);
  h.now.t += 31 * 60_000; // a new session
  expect((await h.beacon(pv('/erase-me'), '198.51.100.7')).status).toBe(202);
  const inbox = await (await h.api('GET', '/api/companies')).json();
  expect(inbox.items.map((c: { name: string; visits: number }) => [c.name, c.visits])).toEqual([
    ['Example Manufacturing GmbH', 1],
  ]);
  await h.close();
});
