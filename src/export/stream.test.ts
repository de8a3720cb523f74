import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { createCsvExports, type ExportKind } from './index.ts';
import { type ExportKit, exportKit, HOSTILE, IP, parseCsv } from './test-kit.ts';

let k: ExportKit;
beforeAll(async () => {
  k = await exportKit();
});
afterAll(() => k.close());

const exportsWith = (chunkRows: number) =>
  createCsvExports({ db: k.h.db, clock: () => k.h.now.t, chunkRows });

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

describe('streaming', () => {
  // Manufacturing has 5 visits and 10 pageviews in the range: with 3 rows a chunk it is read a
  // page of visits at a time, the others in batches of companies.
  test.each([
    ['companies', 2],
    ['visits', 3],
    ['pageviews', 3],
    ['pageviews', 1],
  ] as const)('%s in chunks of %d rows: several chunks, the same file', async (kind, size) => {
    const whole = await exportsWith(5000)[kind as ExportKind]({}).text();
    const parts = await chunksOf(exportsWith(size)[kind as ExportKind]({}));
    const rows = parseCsv(whole).length - 1;
    expect(rows).toBeGreaterThan(size * 3);
    // A visit's pageviews stay in one chunk (2 at most here), so a chunk can be twice the size.
    expect(parts.length).toBeGreaterThanOrEqual(
      Math.ceil(rows / (kind === 'pageviews' ? 2 * size : size)),
    );
    expect(parts.join('')).toBe(whole);
    // Only the first chunk has the header; each chunk ends on a whole row.
    expect(parts.filter((p) => p.includes('_id,')).length).toBe(1);
    for (const p of parts) expect(p.endsWith('\r\n')).toBe(true);
  });

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
    const res = createCsvExports({ db: counting, clock: () => k.h.now.t, chunkRows: 2 }).companies(
      {},
    );
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

  test('an empty result is the header alone', async () => {
    const text = await exportsWith(2).visits({ from: '2026-01-01', to: '2026-01-31' }).text();
    expect(text).toStartWith('visit_id,company_id,');
    expect(parseCsv(text)).toHaveLength(1);
  });
});

describe('ingest during a download', () => {
  test('a company visited mid-download is given once, also when it moved up past the cursor', async () => {
    const res = exportsWith(2).companies({});
    const reader = res.body!.getReader();
    const utf8 = new TextDecoder();
    let text = utf8.decode((await reader.read()).value);
    // Newest first: the two most recent companies are out. Now the oldest (manufacturing) and a
    // hostile one further down get new visits: they move to the top, above the cursor.
    k.h.now.t += 60_000;
    await k.view(IP.manufacturing, '/pricing', 'Again');
    await k.view(HOSTILE[0].ip, '/again', 'Again');
    const first = parseCsv(text)
      .slice(1)
      .map((r) => r[0]);
    await k.view(IP.canary, '/again', 'Again'); // already given: must not come twice
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += utf8.decode(value);
    }
    const ids = parseCsv(text)
      .slice(1)
      .map((r) => Number(r[0]));
    expect(first.length).toBe(2);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toContain(k.ids['Example Manufacturing GmbH']);
    expect(ids).toContain(k.ids[HOSTILE[0].name]);
    const all = parseCsv(await exportsWith(5000).companies({}).text()).slice(1);
    expect(ids.sort()).toEqual(all.map((r) => Number(r[0])).sort());
  });
});
