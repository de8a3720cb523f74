import { afterEach, describe, expect, test } from 'bun:test';
import { existsSync, readFileSync } from 'node:fs';
import { createHarness, type Harness } from '../testing/harness.ts';
import { createOptoutService, type OptoutServiceDeps } from './optout.ts';

const CANARY_IP = '198.51.100.200'; // inside CanaryCo AG's 198.51.100.128/25 (companies CSV)
const MARKERS = ['ZqCanaryTitleMarker7731', '/zq-canary-path-marker-5519'];
const UA = 'Mozilla/5.0 (X11; Linux x86_64) Gecko/20100101 Firefox/128.0';

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

/** A harness whose opt-outs also refresh the tracking filter and sessions, as compose will. */
async function setup(opts: Partial<OptoutServiceDeps> = {}) {
  h = await createHarness();
  const harness = h;
  const service = createOptoutService({
    db: harness.db,
    clock: () => harness.now.t,
    onChanged: (c) => {
      harness.tracking.optouts.reload();
      harness.tracking.sessions.forgetVisits(c.visitIds);
    },
    ...opts,
  });
  return { h: harness, service };
}

/** Visits from CanaryCo on the harness site, carrying the unique markers, plus tags and notes. */
async function seedCanary(h: Harness, pages = 30) {
  for (let i = 0; i < pages; i++) {
    h.now.t += 60_000;
    const res = await h.beacon(
      { s: h.siteKey, u: `https://example.com${MARKERS[1]}/${i}`, t: `${MARKERS[0]} ${i}` },
      CANARY_IP,
      { 'user-agent': `${UA} ${i % 3}` },
    );
    expect(res.status).toBe(202);
  }
  expect((await h.api('POST', '/api/companies/1/tags', { tag: 'hot' })).status).toBeLessThan(300);
  expect((await h.api('POST', '/api/companies/1/notes', { text: 'call' })).status).toBeLessThan(
    300,
  );
  expect((await h.api('PUT', '/api/companies/1/status', { status: 'qualified' })).status).toBe(200);
}

const count = (h: Harness, sql: string) =>
  (h.db.prepare<{ n: number }>(`SELECT count(*) AS n FROM ${sql}`).get()?.n ?? -1) as number;

/** Marker hits in the DB file and its WAL, read as raw bytes. */
function scan(h: Harness): number {
  h.db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
  let hits = 0;
  for (const file of [h.db.path, `${h.db.path}-wal`]) {
    if (!existsSync(file)) continue;
    const bytes = readFileSync(file);
    for (const m of MARKERS) {
      for (let at = bytes.indexOf(m); at >= 0; at = bytes.indexOf(m, at + 1)) hits++;
    }
  }
  return hits;
}

describe('optOut', () => {
  test('deletes the company’s history, rollups, tags, notes and status; keeps the row hidden', async () => {
    const { h, service } = await setup();
    await seedCanary(h, 5);
    expect(count(h, 'visits WHERE company_id = 1')).toBeGreaterThan(0);
    const done = service.optOut({ companyId: 1 });
    expect(done?.created).toBe(true);
    expect(done?.optout).toMatchObject({ companyId: 1, networkId: null, name: 'CanaryCo AG' });
    for (const table of [
      'visits',
      'company_days',
      'company_totals',
      'company_site_totals',
      'company_paths',
      'company_tags',
      'company_notes',
      'company_status',
    ]) {
      expect(`${table}: ${count(h, `${table} WHERE company_id = 1`)}`).toBe(`${table}: 0`);
    }
    expect(count(h, 'pageviews')).toBe(0);
    expect(count(h, "site_paths WHERE path LIKE '/zq-%'")).toBe(0);
    expect(count(h, 'sites WHERE last_beacon_path IS NOT NULL')).toBe(0);
    // Opting out again is harmless and says so.
    expect(service.optOut({ companyId: 1 })?.created).toBe(false);
    expect(service.list()).toHaveLength(1);
  });

  test('a network-derived company brings its network, and the other way round', async () => {
    const { h, service } = await setup();
    const res = await h.beacon({ s: h.siteKey, u: 'https://example.com/a' }, '198.51.100.7');
    expect(res.status).toBe(202);
    const derived = h.db
      .prepare<{ id: number }>('SELECT id FROM companies WHERE network_id = 1')
      .get()!.id;
    expect(service.optOut({ networkId: 1 })?.optout).toMatchObject({
      companyId: derived,
      networkId: 1,
    });
    expect(count(h, 'visits')).toBe(0);
    expect(service.optOut({ companyId: derived })?.created).toBe(false);
  });

  test('unknown targets are refused; remove() undoes the opt-out but not the deletion', async () => {
    const { h, service } = await setup();
    expect(service.optOut({ companyId: 999 })).toBeNull();
    expect(service.optOut({ networkId: 999 })).toBeNull();
    expect(service.optOut({})).toBeNull();
    await seedCanary(h, 2);
    const id = service.optOut({ companyId: 1 })!.optout.id;
    expect(
      (await h.beacon({ s: h.siteKey, u: 'https://example.com/b' }, CANARY_IP)).headers.get(
        'x-leadlens-drop',
      ),
    ).toBe('opted_out');
    expect(service.remove(id)).toBe(true);
    expect(service.remove(id)).toBe(false);
    expect(service.list()).toHaveLength(0);
    expect(count(h, 'visits')).toBe(0);
    expect((await h.beacon({ s: h.siteKey, u: 'https://example.com/c' }, CANARY_IP)).status).toBe(
      202,
    );
    expect(count(h, 'visits WHERE company_id = 1')).toBe(1);
  });
});

describe('deleted bytes are gone from the file', () => {
  // The control run proves the scan can fail: without secure_delete the bytes stay behind.
  test.each([
    ['secure_delete on', true, false],
    ['control: secure_delete off', false, true],
  ])('%s', async (_name, secureDelete, expectHits) => {
    const { h, service } = await setup({ secureDelete });
    await seedCanary(h);
    expect(scan(h)).toBeGreaterThan(0);
    service.optOut({ companyId: 1 });
    const hits = scan(h);
    if (expectHits) expect(hits).toBeGreaterThan(0);
    else expect(hits).toBe(0);
  });
});
