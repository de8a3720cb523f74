// Through the composed app (its onError runs before each module's own): a request that fails a
// schema gets a 400 naming what is wrong — the schema's own message, never Elysia's dump of the
// schema and the value sent.
import { afterAll, beforeAll, expect, test } from 'bun:test';
import { createHarness, type Harness } from './testing/harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

const HOSTILE = 'zz<script>';
const cases: Array<[string, 'api' | 'public', string]> = [
  ['/api/overview?site=abc', 'api', 'site must be a site id'],
  ['/api/overview?site=0', 'api', 'site must be a site id'],
  [`/api/overview?from=${HOSTILE}`, 'api', 'from must be a date (YYYY-MM-DD)'],
  ['/api/overview?to=2026-13-45', 'api', 'to must be a date (YYYY-MM-DD)'],
  ['/api/live?site=x', 'api', 'site must be a site id'],
  [`/api/privacy/record?format=${HOSTILE}`, 'api', 'format must be json or md'],
  [
    `/api/sites/1/snippet?base=${'x'.repeat(2049)}`,
    'api',
    'base must be a URL of at most 2048 characters',
  ],
  [`/privacy-notice?lang=${HOSTILE}`, 'public', 'lang must be en, fr, nl or de'],
  ['/privacy-notice?format=pdf', 'public', 'format must be html, md or txt'],
  ['/privacy-notice/snippet?lang=es', 'public', 'lang must be en, fr, nl or de'],
];

test.each(cases)('GET %s → 400 %p', async (path, kind, message) => {
  const res =
    kind === 'api'
      ? await h.api('GET', path)
      : await h.handle(new Request(`http://leadlens.test${path}`));
  expect(res.status).toBe(400);
  const text = await res.text();
  expect(JSON.parse(text)).toEqual({ error: { code: 'invalid', message } });
  expect(text).not.toContain('<script>');
});
