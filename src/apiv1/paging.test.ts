// Cursor paging through v1 over many companies and visits: every page boundary, every sort, no
// duplicates, no gaps; the visit feed resumes from a stored cursor.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import type { InboxPage } from '../leads/index.ts';
import { rebuildRollups } from '../leads/index.ts';
import { createHarness, type Harness } from '../testing/harness.ts';
import { mintToken, v1 } from './test-kit.ts';

const N = 130;
let h: Harness;
let read: string;
let companyIds: number[];

interface Feed {
  items: { id: number; company: { id: number; name: string; domain: string | null } }[];
  nextCursor: string;
  hasMore: boolean;
}

/** Visits of company `c` at `at` with `pages` pageviews; written as the ingest writer would. */
function addVisits(rows: { c: number; at: number; pages: number }[]) {
  const visit = h.db.prepare<{ id: number }>(
    `INSERT INTO visits (site_id, company_id, class, started_at, last_seen_at, pageviews)
     VALUES (?, ?, 'business', ?, ?, ?) RETURNING id`,
  );
  const pv = h.db.prepare('INSERT INTO pageviews (visit_id, ts, path) VALUES (?, ?, ?)');
  const ids: number[] = [];
  h.db.transaction(() => {
    for (const r of rows) {
      const id = visit.get(h.siteId, r.c, r.at, r.at + r.pages * 1000, r.pages)!.id;
      for (let p = 0; p < r.pages; p++) pv.run(id, r.at + p * 1000, `/p${p}`);
      ids.push(id);
    }
  })();
  rebuildRollups(h.db);
  return ids;
}

beforeAll(async () => {
  h = await createHarness();
  read = (await mintToken(h, 'read')).secret;
  const insert = h.db.prepare<{ id: number }>(
    `INSERT INTO companies (name, domain, country, created_at, updated_at)
     VALUES (?, ?, 'FR', 0, 0) RETURNING id`,
  );
  companyIds = Array.from({ length: N }, (_, i) => insert.get(`Company ${i}`, `c${i}.example`)!.id);
  // Few distinct times, visit and pageview counts: lots of ties, which only the id breaks.
  const now = h.now.t;
  addVisits(
    companyIds.flatMap((c, i) =>
      Array.from({ length: 1 + (i % 3) }, (_, k) => ({
        c,
        at: now - ((i % 5) + k) * 3_600_000,
        pages: 1 + (i % 4),
      })),
    ),
  );
});
afterAll(() => h.close());

async function get<T>(path: string): Promise<T> {
  const res = await v1(h, 'GET', path, read);
  if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

describe('GET /api/v1/companies pages', () => {
  test.each(['last', 'score', 'visits', 'pageviews'])(
    'sort=%s, 7 a page: the same rows, in the same order, as one big page',
    async (sort) => {
      const whole = await get<InboxPage>(`/companies?sort=${sort}&limit=200`);
      expect(whole.items.length).toBe(N);
      expect(whole.total).toBe(N);
      const seen: number[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const qs: string = `sort=${sort}&limit=7${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
        const page: InboxPage = await get<InboxPage>(`/companies?${qs}`);
        expect(page.items.length).toBeLessThanOrEqual(7);
        seen.push(...page.items.map((r) => r.id));
        cursor = page.nextCursor;
        pages++;
      } while (cursor && pages < 100);
      expect(pages).toBe(Math.ceil(N / 7));
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen).toEqual(whole.items.map((r) => r.id));
      expect(new Set(seen)).toEqual(new Set(companyIds));
    },
  );

  test('a cursor of another sort is refused', async () => {
    const first = await get<InboxPage>('/companies?sort=score&limit=5');
    const res = await v1(
      h,
      'GET',
      `/companies?sort=last&cursor=${encodeURIComponent(first.nextCursor!)}`,
      read,
    );
    expect(res.status).toBe(400);
  });
});

describe('GET /api/v1/visits (the feed)', () => {
  async function drain(from: string | null, limit: number) {
    const ids: number[] = [];
    let cursor = from;
    for (let i = 0; i < 200; i++) {
      const page: Feed = await get<Feed>(
        `/visits?limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      ids.push(...page.items.map((v) => v.id));
      cursor = page.nextCursor;
      if (!page.hasMore) break;
    }
    return { ids, cursor: cursor! };
  }

  test('pages of 9 give every visit once, in id order; resuming gives only the new ones', async () => {
    const all = h.db
      .prepare<{ id: number }>('SELECT id FROM visits ORDER BY id')
      .all()
      .map((r) => r.id);
    const first = await drain(null, 9);
    expect(first.ids).toEqual(all);
    // Nothing new: an empty page that keeps the cursor.
    const idle = await get<Feed>(`/visits?cursor=${encodeURIComponent(first.cursor)}`);
    expect(idle).toEqual({ items: [], nextCursor: first.cursor, hasMore: false });
    // Later: three more visits; the stored cursor yields exactly those.
    const added = addVisits([
      { c: companyIds[3], at: h.now.t + 60_000, pages: 2 },
      { c: companyIds[77], at: h.now.t + 120_000, pages: 1 },
      { c: companyIds[3], at: h.now.t + 180_000, pages: 1 },
    ]);
    const next = await drain(first.cursor, 2);
    expect(next.ids).toEqual(added);
    const one = await get<Feed>(`/visits?cursor=${encodeURIComponent(first.cursor)}&limit=1`);
    expect(one.items[0].company).toEqual({
      id: companyIds[3],
      name: 'Company 3',
      domain: 'c3.example',
    });
    expect(one.hasMore).toBe(true);
  });

  test('one site only; an opted-out company’s visits are not in the feed', async () => {
    const other = h.tracking.sites.create({ name: 'Other', domains: ['other.example'] });
    const onSite = await get<Feed>(`/visits?site=${other.id}`);
    expect(onSite.items).toEqual([]);
    h.db.prepare('INSERT INTO optouts (company_id, created_at) VALUES (?, 0)').run(companyIds[5]);
    const { ids } = await drain(null, 500);
    const hidden = h.db
      .prepare<{ id: number }>('SELECT id FROM visits WHERE company_id = ?')
      .all(companyIds[5])
      .map((r) => r.id);
    expect(hidden.length).toBeGreaterThan(0);
    for (const id of hidden) expect(ids).not.toContain(id);
  });
});
