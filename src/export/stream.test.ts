import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { rmSync } from 'node:fs';
import { openDatabase } from '../db/index.ts';
import { tempDir } from '../testing/tmp.ts';
import {
  type CsvExports,
  type CsvExportsDeps,
  createCsvExports,
  type ExportKind,
} from './index.ts';
import {
  type ExportKit,
  type ExportMode,
  exportKit,
  HOSTILE,
  IP,
  MODES,
  parseCsv,
} from './test-kit.ts';

let k: ExportKit;
beforeAll(async () => {
  k = await exportKit();
});
const made: CsvExports[] = [];
afterAll(async () => {
  for (const e of made) e.close();
  await k.close();
});

/** Exports on the kit's database (each worker-mode one has an export thread: closed at the end). */
const exportsOf = (d: Partial<CsvExportsDeps>) => {
  const e = createCsvExports({ db: k.h.db, clock: () => k.h.now.t, ...d });
  made.push(e);
  return e;
};
const cache = new Map<string, CsvExports>();
const exportsWith = (chunkRows: number, mode: ExportMode = 'inline') => {
  const key = `${chunkRows}:${mode}`;
  let e = cache.get(key);
  if (!e) cache.set(key, (e = exportsOf({ chunkRows, mode })));
  return e;
};

/** The body's chunks as the client receives them. */
async function chunksOf(res: Response): Promise<string[]> {
  const reader = res.body!.getReader();
  const utf8 = new TextDecoder();
  const out: string[] = [];
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return out;
    out.push(utf8.decode(value));
  }
}

/** Company ids of a companies.csv text, in order. */
const idsOf = (text: string) =>
  parseCsv(text)
    .slice(1)
    .map((r) => Number(r[0]));

describe.each(MODES)('streaming, chunks built %s', (mode) => {
  // Manufacturing has 5 visits and 10 pageviews in the range: with 3 rows a chunk it is read a
  // page of visits at a time, the others in batches of companies.
  const semicolonBom = { delimiter: 'semicolon', bom: '1' } as const;
  test.each<[ExportKind, number, { delimiter?: 'semicolon'; bom?: '1' }]>([
    ['companies', 2, {}],
    ['visits', 3, {}],
    ['pageviews', 3, {}],
    ['pageviews', 1, {}],
    ['companies', 2, semicolonBom],
    ['visits', 3, semicolonBom],
  ])('%s in chunks of %d rows %p: several chunks, the same bytes', async (kind, size, q) => {
    // The reference: one chunk, built inline.
    const whole = await (await exportsWith(5000)[kind](q)).arrayBuffer();
    const parts = await chunksOf(await exportsWith(size, mode)[kind](q));
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(whole);
    const rows = parseCsv(text.replace(/^\uFEFF/, ''), q.delimiter ? ';' : ',').length - 1;
    expect(rows).toBeGreaterThan(size * 3);
    // A visit's pageviews stay in one chunk (2 at most here), so a chunk can be twice the size.
    expect(parts.length).toBeGreaterThanOrEqual(
      Math.ceil(rows / (kind === 'pageviews' ? 2 * size : size)),
    );
    const joined = new TextEncoder().encode(`${q.bom ? '\uFEFF' : ''}${parts.join('')}`);
    expect(joined).toEqual(new Uint8Array(whole));
    // Only the first chunk has the header; each chunk ends on a whole row.
    expect(parts.filter((p) => p.includes('_id')).length).toBe(1);
    for (const p of parts) expect(p.endsWith('\r\n')).toBe(true);
  });

  test('an empty result is the header alone', async () => {
    const res = await exportsWith(2, mode).visits({ from: '2026-01-01', to: '2026-01-31' });
    const text = await res.text();
    expect(text).toStartWith('visit_id,company_id,');
    expect(parseCsv(text)).toHaveLength(1);
  });

  test('a chunk is built when the client pulls, not ahead: a late rename shows', async () => {
    const all = idsOf(await (await exportsWith(5000).companies({})).text());
    const last = all[all.length - 1];
    const rename = k.h.db.prepare('UPDATE companies SET name = ? WHERE id = ?');
    const before = k.h.db.prepare<{ name: string }>('SELECT name FROM companies WHERE id = ?');
    const name = before.get(last)!.name;
    try {
      const reader = (await exportsWith(2, mode).companies({})).body!.getReader();
      await reader.read();
      rename.run('Renamed While Downloading', last);
      let text = '';
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        text += new TextDecoder().decode(value);
      }
      expect(text).toContain('Renamed While Downloading');
    } finally {
      rename.run(name, last);
    }
  });

  test('no read transaction spans the download: a TRUNCATE checkpoint passes mid-download', async () => {
    // The probe: a reader holding a snapshot makes the checkpoint report busy (at once: no wait).
    const busy = () => {
      k.h.db.exec('PRAGMA busy_timeout = 0');
      try {
        return k.h.db.prepare<{ busy: number }>('PRAGMA wal_checkpoint(TRUNCATE)').get()!.busy;
      } finally {
        k.h.db.exec('PRAGMA busy_timeout = 5000');
      }
    };
    let n = 0;
    const write = () =>
      k.h.db
        .prepare("INSERT OR REPLACE INTO settings (key, value) VALUES ('export.test', ?)")
        .run(String(n++));
    const reader = openDatabase(k.h.db.path, { migrate: false });
    reader.exec('BEGIN');
    reader.prepare('SELECT count(*) FROM companies').get();
    write();
    expect(busy()).toBe(1);
    reader.exec('COMMIT');
    reader.close();

    const body = (await exportsWith(2, mode).visits({})).body!.getReader();
    await body.read();
    await body.read();
    write();
    expect(busy()).toBe(0);
    await body.cancel();
  });
});

describe('chunks built inline', () => {
  test('a chunk is read only when the client asks for it (pull, not push)', async () => {
    const seen: number[] = [];
    const db = k.h.db;
    const counting = {
      ...db,
      prepare: <R>(sql: string) => {
        const s = db.prepare<R>(sql);
        const all = (...p: Parameters<typeof s.all>) => {
          seen.push(1);
          return s.all(...p);
        };
        return { ...s, all };
      },
    };
    const res = await exportsOf({ db: counting, chunkRows: 2, mode: 'inline' }).companies({});
    await Bun.sleep(20);
    const before = seen.length;
    const reader = res.body!.getReader();
    await reader.read();
    await reader.read();
    await Bun.sleep(20);
    const after = seen.length;
    expect(after).toBeGreaterThan(before);
    await reader.cancel();
    await Bun.sleep(20);
    expect(seen.length).toBe(after);
    // Of 15 companies in chunks of 2, far from all chunks were read.
    expect(after).toBeLessThan(8 * 3);
  });
});

describe('chunks built on the export thread', () => {
  test('beyond maxExports: 503 busy with Retry-After; a cancelled download frees its slot', async () => {
    const csv = exportsOf({ chunkRows: 2, mode: 'worker', maxExports: 1 });
    const first = (await csv.companies({})).body!.getReader();
    await first.read();
    expect(csv.running()).toBe(1);
    const refused = await csv.visits({});
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('30');
    expect(await refused.json()).toEqual({
      error: { code: 'busy', message: 'too many exports are running; retry in a moment' },
    });
    await first.cancel();
    expect(csv.running()).toBe(0);
    const again = await csv.visits({});
    expect(again.status).toBe(200);
    expect(parseCsv(await again.text()).length).toBeGreaterThan(5);
    expect(csv.running()).toBe(0);
  });

  test('a client that takes nothing for idleMs loses the download and its slot', async () => {
    const csv = exportsOf({ chunkRows: 2, mode: 'worker', idleMs: 100 });
    const reader = (await csv.companies({})).body!.getReader();
    await reader.read(); // the first chunk
    await reader.read(); // the second, asked for when the first was taken
    expect(csv.running()).toBe(1);
    await Bun.sleep(300);
    expect(csv.running()).toBe(0);
    // The chunk the stream queued (one ahead) is still there; then the download fails.
    expect((await reader.read()).done).toBe(false);
    await expect(reader.read()).rejects.toThrow('took no data');
  });

  test('a failure before the first chunk is an error answer, not a broken file', async () => {
    const tmp = tempDir('leadlens-export-fail-');
    const db = openDatabase(tmp.path('gone.db'));
    const csv = createCsvExports({ db, mode: 'worker' });
    try {
      // The app's connection still reads the unlinked file; the export thread cannot open it.
      rmSync(tmp.path('gone.db'));
      await expect(csv.companies({})).rejects.toThrow();
      expect(csv.running()).toBe(0);
    } finally {
      csv.close();
      db.close();
      tmp.cleanup();
    }
  });
});

describe.each(MODES)('ingest during a download, chunks built %s', (mode) => {
  test('a company visited mid-download is given once, also when it moved up past the cursor', async () => {
    const res = await exportsWith(2, mode).companies({});
    const reader = res.body!.getReader();
    const utf8 = new TextDecoder();
    let text = utf8.decode((await reader.read()).value);
    // Newest first: the two most recent companies are out. Now the oldest (manufacturing) and a
    // hostile one further down get new visits: they move to the top, above the cursor.
    k.h.now.t += 60_000;
    await k.view(IP.manufacturing, '/pricing', 'Again');
    await k.view(HOSTILE[mode === 'inline' ? 0 : 1].ip, '/again', 'Again');
    const first = idsOf(text);
    await k.view(IP.canary, '/again', 'Again'); // already given: must not come twice
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += utf8.decode(value);
    }
    const ids = idsOf(text);
    expect(first.length).toBe(2);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toContain(k.ids['Example Manufacturing GmbH']);
    expect(ids).toContain(k.ids[HOSTILE[mode === 'inline' ? 0 : 1].name]);
    const all = idsOf(await (await exportsWith(5000).companies({})).text());
    expect(ids.sort()).toEqual(all.sort());
  });
});
