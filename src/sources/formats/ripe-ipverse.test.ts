import { afterAll, describe, expect, test } from 'bun:test';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ipToString } from '../../ipindex/convert.ts';
import type { ImportRecord, Parser } from '../types.ts';
import { parseIpverse } from './ipverse.ts';
import { parseRipe } from './ripe.ts';

const FIX = join(import.meta.dir, '..', 'fixtures');
const tmp = mkdtempSync(join(tmpdir(), 'll-ripe-ipverse-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function run(parser: Parser, files: string[]) {
  const records: ImportRecord[] = [];
  const bytes: number[] = [];
  for await (const r of parser(files, { onBytes: (n) => bytes.push(n) })) records.push(r);
  return { records, bytes };
}

/** Records in a compact, readable shape. */
function show(r: ImportRecord) {
  if (r.kind === 'range') {
    const range = `${ipToString(r.family, r.start)}-${ipToString(r.family, r.end)}`;
    return [r.line, range, r.name, r.country];
  }
  if (r.kind === 'asn-meta') return [r.line, r.asn, r.name, r.country, r.category, r.role];
  return [r.line, r.kind];
}

let n = 0;
/** Writes `content` to a fresh temp file named after a dump, returning its path. */
function write(name: string, content: string | Uint8Array): string {
  const dir = join(tmp, String(n++));
  mkdirSync(dir);
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

async function failure(parser: Parser, path: string): Promise<string> {
  try {
    await run(parser, [path]);
  } catch (e) {
    return (e as Error).message.slice(path.length + 1);
  }
  return 'no error';
}

describe('parseRipe', () => {
  const ripe = (f: string) => join(FIX, 'ripe', f);

  test('resolves orgs whatever the file order; nests, skips placeholders, decodes Latin-1', async () => {
    const files = [
      'ripe.db.inet6num',
      'ripe.db.inetnum',
      'ripe.db.aut-num',
      'ripe.db.organisation',
    ];
    const { records, bytes } = await run(parseRipe, files.map(ripe));
    expect(records.map(show)).toEqual([
      // aut-num (import/export continuation lines with space and `+`)
      [1, 64500, 'Beispiel Café GmbH', 'DE', null, null],
      [10, 64501, 'EXAMPLE-TRANSIT', null, null, null],
      // inet6num: `::/0` IANA-BLK skipped; allocation + customer inside (space continuation)
      [10, '2001:db8::-2001:db8:ffff:ffff:ffff:ffff:ffff:ffff', 'Müller Netz Betriebs AG', 'CH'],
      [17, '2001:db8:1::-2001:db8:1:ffff:ffff:ffff:ffff:ffff', 'Example Corp IPv6 Lab', 'DE'],
      // inetnum: IANA-BLK, registry-org block and NON-RIPE-NCC block skipped
      [17, '198.51.100.0-198.51.100.255', 'Müller Netz Betriebs AG', 'CH'],
      [25, '198.51.100.64-198.51.100.127', 'Example Corp Hamburg Office', 'DE'],
      [35, '198.51.100.128-198.51.100.191', 'Beispiel Café GmbH', 'DE'],
      [45, '198.51.100.192-198.51.100.255', 'Lost Org Customer', 'DE'],
      [60, '203.0.113.8-203.0.113.15', 'TINY-NET', null],
    ]);
    expect(records.every((r) => r.kind !== 'range' || r.asn === null)).toBe(true);
    const total = files.reduce((s, f) => s + statSync(ripe(f)).size, 0);
    expect(bytes.at(-1)).toBe(total);
    expect(bytes.every((b, i) => i === 0 || b >= bytes[i - 1])).toBe(true);
  });

  test('CRLF file mixing inetnum and inet6num, without organisations', async () => {
    const { records } = await run(parseRipe, [ripe('crlf.db.inetnum')]);
    expect(records.map(show)).toEqual([
      [1, '203.0.113.0-203.0.113.127', 'Windows Line Endings Ltd', 'NL'],
      [6, '2001:db8:ffff::-2001:db8:ffff:ffff:ffff:ffff:ffff:ffff', 'CRLF-V6', 'NL'],
    ]);
  });

  test('empty file yields nothing', async () => {
    expect(
      (await run(parseRipe, [write('ripe.db.inetnum', '# only a comment\n\n')])).records,
    ).toEqual([]);
  });

  const long = `192.0.2.0 - ${'9'.repeat(90)}`;
  const errors: [string, string, string, string][] = [
    [
      'malformed inetnum',
      'ripe.db.inetnum',
      'inetnum:        192.0.2.0 - 192.0.2\nnetname: X\n',
      "1:17: invalid inetnum '192.0.2.0 - 192.0.2'",
    ],
    [
      'IPv6 in inetnum',
      'ripe.db.inetnum',
      'inetnum: 2001:db8:: - 2001:db8::ff\n',
      "1:10: invalid inetnum '2001:db8:: - 2001:db8::ff'",
    ],
    [
      'start after end',
      'ripe.db.inetnum',
      'inetnum:  192.0.2.255 - 192.0.2.0\nnetname: X\n',
      "1:11: inetnum start is after its end '192.0.2.255 - 192.0.2.0'",
    ],
    [
      'long value is clipped',
      'ripe.db.inetnum',
      `inetnum: ${long}\n`,
      `1:10: invalid inetnum '${long.slice(0, 77)}...'`,
    ],
    [
      'prefix length',
      'ripe.db.inet6num',
      'inet6num:       2001:db8::/129\nnetname: X\n',
      "1:17: invalid inet6num '2001:db8::/129'",
    ],
    [
      'host bits',
      'ripe.db.inet6num',
      'inet6num: 2001:db8::1/32\n',
      "1:11: inet6num prefix has host bits set '2001:db8::1/32'",
    ],
    [
      'no colon',
      'ripe.db.inetnum',
      'inetnum: 192.0.2.0 - 192.0.2.255\nnetname EXAMPLE\n',
      "2:1: expected 'attribute: value', found 'netname EXAMPLE'",
    ],
    [
      'no primary key',
      'ripe.db.inetnum',
      'inetnum: 192.0.2.0 - 192.0.2.255\nnetname: A\n\nnetname: B\n',
      "4:1: expected an inetnum object, found 'netname'",
    ],
    [
      'no name at all',
      'ripe.db.inetnum',
      'inetnum: 192.0.2.0 - 192.0.2.255\nstatus: ASSIGNED PA\n',
      '1:1: inetnum has no org, descr or netname',
    ],
    [
      'continuation outside an object',
      'ripe.db.inetnum',
      '% header\n\n+ stray\n',
      '3:1: continuation line outside an object',
    ],
    [
      'unsupported class',
      'ripe.db.route',
      '\nroute: 192.0.2.0/24\norigin: AS64500\n',
      "2:1: unsupported object class 'route' (expected inetnum, inet6num, organisation or aut-num)",
    ],
    [
      'bad aut-num',
      'ripe.db.aut-num',
      'aut-num: AS-FOO\nas-name: X\n',
      "1:10: invalid aut-num 'AS-FOO'",
    ],
    [
      'empty organisation id',
      'ripe.db.organisation',
      'organisation:\norg-name: X\n',
      '1:14: empty organisation id',
    ],
  ];
  test.each(errors)('error: %s', async (_name, file, content, expected) => {
    expect(await failure(parseRipe, write(file, content))).toBe(expected);
  });
});

describe('parseIpverse', () => {
  const ipverse = (f: string) => join(FIX, 'ipverse', f);

  test('as.json: every category, layouts, tricky strings, skipped entries', async () => {
    // Stored as .txt: Biome would reformat a .json fixture and move the lines asserted here.
    const { records, bytes } = await run(parseIpverse, [ipverse('as.json.txt')]);
    expect(records.map(show)).toEqual([
      [7, 64496, 'Example Broadband', 'NL', 'isp', 'access_provider'],
      [8, 64497, 'Example Cloud {}] , "quoted" \\', 'DE', 'hosting', 'content_network'],
      [10, 64498, 'Exämple Corp GmbH', 'AT', 'business', 'stub'],
      [10, 64499, 'Example University', null, 'education', 'stub'],
      [12, 64500, 'EX-GOV', null, 'government', null],
      [14, 4294967295, 'EX-LAST', null, null, null],
    ]);
    expect(bytes.at(-1)).toBe(statSync(ipverse('as.json.txt')).size);
  });

  test('as.csv: header, quoted fields, ASN 0 skipped', async () => {
    const { records } = await run(parseIpverse, [ipverse('as.csv')]);
    expect(records.map(show)).toEqual([
      [3, 64496, 'Example Broadband', 'NL', null, null],
      [4, 64497, 'Example Corp, Inc.', null, null, null],
      [6, 64498, 'The "Quoted" Company', 'DE', null, null],
    ]);
  });

  test('elements split across 1 MB read chunks, multi-byte text at the seams', async () => {
    const el = (i: number) =>
      `{"asn":${64496 + (i % 16)},"metadata":{"description":"Grüße }], \\"${i}\\"","category":"isp"}}`;
    const count = 30_000;
    const path = write(
      'as.json',
      `[\n${Array.from({ length: count }, (_, i) => el(i)).join(',\n')}\n]\n`,
    );
    expect(statSync(path).size).toBeGreaterThan(2 << 20);
    const { records } = await run(parseIpverse, [path]);
    expect(records.length).toBe(count);
    expect(records.at(-1)).toMatchObject({ line: count + 1, name: `Grüße }], "${count - 1}"` });
  });

  const errors: [string, string, string][] = [
    [
      'bad element',
      '[\n  {"asn": 64496, "metadata": {"handle": "X",}}\n]',
      '2:3: invalid JSON: Property name must be a string literal',
    ],
    ['missing asn', '[{"metadata":{}}]', '1:2: missing asn'],
    ['negative asn', '[{"asn":-1}]', '1:2: invalid asn -1'],
    ['asn too large', '[{"asn":4294967296}]', '1:2: invalid asn 4294967296'],
    ['asn as string', '[{"asn":"64500"}]', '1:2: invalid asn "64500"'],
    [
      'unknown category',
      '[ {"asn":64500,"metadata":{"category":"mobile_carrier"}}]',
      "1:3: unknown category 'mobile_carrier'",
    ],
    [
      'truncated inside element',
      '[\n  {"asn": 64496, "metadata": {"handle": "X"',
      '2:3: file ends inside this element',
    ],
    [
      'truncated after element',
      '[{"asn":64496,"metadata":{"handle":"X"}},\n',
      "2:1: file ends before the array's ']'",
    ],
    ['not an array', '\n  {"asn": 64496}', "2:3: top level is not a JSON array (found '{')"],
    ['empty file', '', '1:1: empty file, expected a JSON array'],
    ['data after the array', '[]\n[]', "2:1: unexpected '[' after the array"],
    [
      'missing comma',
      '[{"asn":1} {"asn":2}]',
      "1:12: expected ',' or ']' after an element, found '{'",
    ],
    [
      'trailing comma',
      '[{"asn":64496,"metadata":{"handle":"X"}},]',
      "1:42: expected an object, found ']'",
    ],
    ['element not an object', '[1]', "1:2: expected an object, found '1'"],
    [
      'csv header',
      'asn,handle,name\n1,X,Y\n',
      "1:1: expected header 'asn,handle,description,country-code'",
    ],
    [
      'csv cell count',
      'asn,handle,description,country-code\n1,X,Y\n',
      '2:1: Invalid Record Length: expect 4, got 3 on line 2',
    ],
    [
      'csv asn',
      'asn,handle,description,country-code\nAS64500,X,Y,DE\n',
      "2:1: invalid asn 'AS64500'",
    ],
  ];
  test.each(errors)('error: %s', async (_name, content, expected) => {
    expect(await failure(parseIpverse, write('as.json', content))).toBe(expected);
  });
});
