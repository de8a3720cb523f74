import { afterEach, describe, expect, test } from 'bun:test';
import { existsSync, readFileSync } from 'node:fs';
import { Elysia } from 'elysia';
import { createCompanyEraser, type ErasedChange } from './erase.ts';
import { createLeadsRoutes, type InboxPage } from './index.ts';
import { IP, type LeadsKit, leadsKit, ORIGIN } from './test-kit.ts';

/** Unique strings of the erased company's pages: the byte scan looks for these. */
const MARK = { title: 'Zq Erase Me Title 7731', path: '/zq-erase-me-7731' };

interface Setup {
  k: LeadsKit;
  /** An /api request through routes wired with `onErased` (the owner's session by default). */
  call(method: string, path: string, body?: unknown, cookie?: string): Promise<Response>;
  changes: ErasedChange[];
  m: number; // Example Manufacturing GmbH (made from its network)
  canary: number; // CanaryCo AG (a companies-CSV range)
  uni: number; // Example University: never touched
}

let open: LeadsKit[] = [];
afterEach(async () => {
  for (const k of open) await k.close();
  open = [];
});

async function setup(): Promise<Setup> {
  const k = await leadsKit();
  open.push(k);
  const changes: ErasedChange[] = [];
  // The handler the integrator passes: the same one as the opt-out service's onChanged.
  const onErased = (c: ErasedChange) => {
    changes.push(c);
    k.h.tracking.sessions.forgetVisits(c.visitIds);
    k.h.tracking.clearWriterCaches();
  };
  const app = new Elysia().group('/api', (g) =>
    g
      .use(k.h.auth.guard)
      .use(createLeadsRoutes({ db: k.h.db, clock: () => k.h.now.t, auth: k.h.auth, onErased })),
  );
  const call = async (method: string, path: string, body?: unknown, cookie?: string) => {
    const headers: Record<string, string> = {
      origin: ORIGIN,
      cookie: cookie ?? (await k.h.ownerCookie()),
    };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const init = { method, headers, body: body === undefined ? undefined : JSON.stringify(body) };
    return app.handle(new Request(`${ORIGIN}/api${path}`, init));
  };
  await k.view(IP.manufacturing, MARK.path, MARK.title);
  await k.view(IP.manufacturing, '/pricing', 'Pricing');
  await k.view(IP.canary, '/canary-page', 'Canary page');
  await k.view(IP.university, '/uni-page', 'Uni page');
  const m = k.companyId('Example Manufacturing GmbH');
  const canary = k.companyId('CanaryCo AG');
  for (const id of [m, canary]) {
    expect((await call('POST', `/companies/${id}/tags`, { tag: 'hot' })).status).toBe(200);
    expect((await call('POST', `/companies/${id}/notes`, { text: 'rang them' })).status).toBe(201);
    const st = await call('PUT', `/companies/${id}/status`, { status: 'qualified' });
    expect(st.status).toBe(200);
  }
  return { k, call, changes, m, canary, uni: k.companyId('Example University') };
}

const PER_COMPANY = [
  'visits',
  'company_days',
  'company_totals',
  'company_site_totals',
  'company_paths',
  'company_tags',
  'company_notes',
  'company_status',
];

/** Rows each per-company table holds for `id`, as "table: n" lines. */
function rowsOf(k: LeadsKit, id: number): string[] {
  return PER_COMPANY.map((t) => {
    const n = k.h.db
      .prepare<{ n: number }>(`SELECT count(*) AS n FROM ${t} WHERE company_id = ?`)
      .get(id)!.n;
    return `${t}: ${n}`;
  });
}
const none = PER_COMPANY.map((t) => `${t}: 0`);
const count = (k: LeadsKit, sql: string, ...p: number[]) =>
  k.h.db.prepare<{ n: number }>(`SELECT count(*) AS n FROM ${sql}`).get(...p)!.n;

/** Hits of the unique marks in the DB file and its WAL, after a checkpoint. */
function scan(k: LeadsKit): number {
  k.h.db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
  let hits = 0;
  for (const file of [k.h.db.path, `${k.h.db.path}-wal`]) {
    if (!existsSync(file)) continue;
    const bytes = readFileSync(file);
    for (const m of [MARK.title, MARK.path]) {
      for (let at = bytes.indexOf(m); at >= 0; at = bytes.indexOf(m, at + 1)) hits++;
    }
  }
  return hits;
}

describe('DELETE /api/companies/:id', () => {
  test('a network company: all its data and its row go; others are untouched', async () => {
    const s = await setup();
    const { k, m } = s;
    const uniBefore = rowsOf(k, s.uni);
    const canaryBefore = rowsOf(k, s.canary);
    const visitIds = k.h.db
      .prepare<{ id: number }>('SELECT id FROM visits WHERE company_id = ?')
      .all(m)
      .map((r) => r.id);
    expect(visitIds.length).toBeGreaterThan(0);

    expect((await s.call('DELETE', `/companies/${m}`)).status).toBe(204);

    expect(rowsOf(k, m)).toEqual(none);
    expect(count(k, 'companies WHERE id = ?', m)).toBe(0);
    expect(count(k, `pageviews WHERE visit_id IN (${visitIds.join(',')})`)).toBe(0);
    expect(k.h.db.prepare('SELECT id FROM site_paths WHERE path = ?').all(MARK.path)).toEqual([]);
    expect(rowsOf(k, s.uni)).toEqual(uniBefore);
    expect(rowsOf(k, s.canary)).toEqual(canaryBefore);
    expect((await s.call('GET', `/companies/${m}`)).status).toBe(404);
    const inbox = (await (await s.call('GET', '/companies')).json()) as InboxPage;
    expect(inbox.items.map((r) => r.name).sort()).toEqual(['CanaryCo AG', 'Example University']);
    // The in-memory holders were told: same shape as an opt-out's change.
    expect(s.changes).toHaveLength(1);
    expect(s.changes[0].companyIds).toEqual([m]);
    expect(s.changes[0].networkIds).toHaveLength(1);
    expect([...s.changes[0].visitIds].sort()).toEqual(visitIds.sort());
    // Not an opt-out: the next visit is recorded again, under a new company row.
    await k.view(IP.manufacturing, '/again', 'Again');
    const again = k.companyId('Example Manufacturing GmbH');
    expect(again).not.toBe(m);
    expect(count(k, 'visits WHERE company_id = ?', again)).toBe(1);
  });

  test('a companies-CSV company keeps its row, emptied of history', async () => {
    const s = await setup();
    expect((await s.call('DELETE', `/companies/${s.canary}`)).status).toBe(204);
    expect(rowsOf(s.k, s.canary)).toEqual(none);
    expect(count(s.k, 'companies WHERE id = ?', s.canary)).toBe(1);
    expect((await s.call('GET', `/companies/${s.canary}`)).status).toBe(404);
    expect(s.changes[0]).toMatchObject({ companyIds: [s.canary], networkIds: [] });
  });

  test.each([
    ['viewer', 'viewer', 403],
    ['unknown id', 'owner', 404],
    ['id zero', 'owner', 400],
  ] as const)('refused: %s', async (name, who, status) => {
    const s = await setup();
    const cookie = who === 'viewer' ? await s.k.viewerCookie() : undefined;
    const id = name === 'unknown id' ? 99_999 : name === 'id zero' ? 0 : s.m;
    expect((await s.call('DELETE', `/companies/${id}`, undefined, cookie)).status).toBe(status);
    expect(rowsOf(s.k, s.m)).not.toEqual(none);
    expect(s.changes).toHaveLength(0);
  });

  test('without a session: 401', async () => {
    const s = await setup();
    expect((await s.call('DELETE', `/companies/${s.m}`, undefined, 'll_session=nope')).status).toBe(
      401,
    );
  });
});

describe('deleted bytes are gone from the file', () => {
  // The control run proves the scan can fail: without secure_delete the bytes stay behind.
  test.each([
    ['secure_delete on (the route)', true, false],
    ['control: secure_delete off', false, true],
  ])('%s', async (_name, secureDelete, expectHits) => {
    const s = await setup();
    expect(scan(s.k)).toBeGreaterThan(0);
    if (secureDelete) {
      expect((await s.call('DELETE', `/companies/${s.m}`)).status).toBe(204);
    } else {
      expect(createCompanyEraser({ db: s.k.h.db, secureDelete: false }).erase(s.m)).toBe(true);
    }
    const hits = scan(s.k);
    if (expectHits) expect(hits).toBeGreaterThan(0);
    else expect(hits).toBe(0);
  });
});
