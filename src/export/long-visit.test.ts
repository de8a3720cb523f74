// pageviews.csv for a company whose visits hold more pageviews than a chunk: every chunk stays
// within its size (a long visit is read in slices), and the rows are those of one big read, in
// the same order (visits newest first, a visit's pageviews as viewed).
import { afterAll, beforeAll, expect, test } from 'bun:test';
import { createInbox } from '../leads/inbox.ts';
import { toInboxRequest } from '../leads/request.ts';
import { IP, type LeadsKit, leadsKit } from '../leads/test-kit.ts';
import { createVisitRows } from './visits.ts';

let k: LeadsKit;
beforeAll(async () => {
  k = await leadsKit();
  const now = k.h.now.t;
  k.h.now.t = now - 20 * 3_600_000;
  // The manufacturer: a visit of 23 pageviews (10 s apart, two at the same millisecond), then
  // after a 3-hour pause visits of 3 and 2; CanaryCo: one visit of 2.
  for (let i = 0; i < 23; i++) {
    await k.view(IP.manufacturing, `/long/${i}`);
    if (i !== 7) k.wait(10_000);
  }
  for (const n of [3, 2]) {
    k.wait(3 * 3_600_000);
    for (let i = 0; i < n; i++) await k.view(IP.manufacturing, `/short/${n}/${i}`);
  }
  await k.view(IP.canary, '/c/1');
  await k.view(IP.canary, '/c/2');
  k.h.now.t = now;
});
afterAll(() => k.h.close());

test.each([
  [1, 'all sites'],
  [4, 'all sites'],
  [5, 'one site'],
  [22, 'all sites'],
  [23, 'one site'],
])('chunks of %d rows (%s): none larger, same rows as one read', (size, which) => {
  const inbox = createInbox(k.h.db);
  const site = which === 'one site' ? k.h.siteId : null;
  const r = toInboxRequest({ from: '2026-11-01', ...(site ? { site } : {}) }, k.h.now.t, null);
  const rows = createVisitRows(k.h.db, inbox, 'pageviews');
  const whole = [...rows(r, 5000, k.h.now.t)].flat();
  const paths = whole.map((row) => row[8] as string);
  // The oracle's shape: 30 pageviews; the manufacturer's newest visit first, the long one whole.
  expect(whole).toHaveLength(30);
  const long = paths.filter((p) => p.startsWith('/long/'));
  expect(long).toEqual(Array.from({ length: 23 }, (_, i) => `/long/${i}`));
  expect(paths.indexOf('/short/2/0')).toBeLessThan(paths.indexOf('/short/3/0'));
  expect(paths.indexOf('/short/3/0')).toBeLessThan(paths.indexOf('/long/0'));

  const chunks = [...rows(r, size, k.h.now.t)];
  for (const c of chunks) expect(c.length).toBeLessThanOrEqual(size);
  expect(chunks.flat()).toEqual(whole);
});
