import { afterAll, describe, expect, test } from 'bun:test';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ipToString } from '../../ipindex/index.ts';
import { ImportError, type ImportRecord, type Parser } from '../types.ts';
import { parseCompanies } from './companies.ts';
import { ipRangeFromText } from './csv-common.ts';
import { parseIpLocationDb } from './ip-location-db.ts';
import { parseIptoasn } from './iptoasn.ts';
import { parseMaxmind } from './maxmind.ts';

const FIXTURES = join(import.meta.dir, '../fixtures');
const TMP = mkdtempSync(join(tmpdir(), 'll-formats-'));
afterAll(() => rmSync(TMP, { recursive: true, force: true }));

const noProgress = { onBytes() {} };

/** Records with bounds as text, so expectations read like the data. */
async function collect(parser: Parser, files: string[]) {
  const out: Record<string, unknown>[] = [];
  for await (const r of parser(files, noProgress)) out.push(readable(r));
  return out;
}

function readable(r: ImportRecord): Record<string, unknown> {
  if (!('family' in r)) return { ...r };
  const { start, end, ...rest } = r;
  return { ...rest, start: ipToString(r.family, start), end: ipToString(r.family, end) };
}

/** Writes `content` to a temp file and returns its path. */
function tmpFile(name: string, content: string | Uint8Array): string {
  const path = join(TMP, name);
  writeFileSync(path, content);
  return path;
}

/** The ImportError message of parsing `path`, with the path stripped. */
async function errorOf(parser: Parser, path: string): Promise<string> {
  try {
    for await (const _ of parser([path], noProgress)) {
      // drain
    }
  } catch (e) {
    expect(e).toBeInstanceOf(ImportError);
    const msg = (e as ImportError).message;
    expect(msg.startsWith(`${path}:`)).toBe(true);
    return msg.slice(path.length + 1);
  }
  return 'no error';
}

const range = (
  family: 4 | 6,
  start: string,
  end: string,
  asn: number,
  name: string,
  line: number,
  country: string | null = null,
) => ({ kind: 'range', family, start, end, asn, name, country, line });

describe('good files', () => {
  const cases: [string, Parser, string[], Record<string, unknown>[]][] = [
    [
      'ip-location-db dotted, IPv4 and IPv6 mixed (DB-IP lite)',
      parseIpLocationDb,
      ['dbip-asn-lite-2026-01.csv'],
      [
        range(4, '198.51.100.0', '198.51.100.255', 64500, 'Example Networks, Inc.', 1),
        range(4, '203.0.113.0', '203.0.113.127', 64501, 'Example Hosting', 2),
        range(
          6,
          '2001:db8::',
          '2001:db8:0:ffff:ffff:ffff:ffff:ffff',
          64502,
          'Example IPv6 Carrier',
          4,
        ),
        range(6, '2001:db8:1::', '2001:db8:1::ff', 4294967294, 'AS4294967294', 5),
        range(4, '192.0.2.0', '192.0.2.255', 4200000000, 'Example "Quoted" Org', 6),
      ],
    ],
    [
      'ip-location-db numeric, mixed families decided by value',
      parseIpLocationDb,
      ['asn-mixed-num.csv'],
      [
        range(4, '198.51.100.0', '198.51.100.255', 64500, 'Example Networks, Inc.', 1),
        range(4, '192.0.2.0', '192.0.2.255', 64501, 'Example Hosting', 2),
        range(
          6,
          '2001:db8::',
          '2001:db8:ffff:ffff:ffff:ffff:ffff:ffff',
          64502,
          'Example IPv6 Carrier',
          3,
        ),
      ],
    ],
    [
      'ip-location-db numeric, "ipv6" in the file name makes small values IPv6',
      parseIpLocationDb,
      ['asn-ipv6-num.csv'],
      [
        range(6, '::c000:200', '::c000:2ff', 64503, 'Example Compat Space', 1),
        range(
          6,
          '2001:db8:1::',
          '2001:db8:1:ffff:ffff:ffff:ffff:ffff',
          64502,
          'Example IPv6 Carrier',
          2,
        ),
      ],
    ],
    [
      'maxmind CIDRs, empty org, asn 0 skipped',
      parseMaxmind,
      ['GeoLite2-ASN-Blocks.csv'],
      [
        range(4, '198.51.100.0', '198.51.100.255', 64500, 'Example Networks, Inc.', 2),
        range(4, '203.0.113.64', '203.0.113.127', 64501, 'AS64501', 3),
        range(
          6,
          '2001:db8::',
          '2001:db8:ffff:ffff:ffff:ffff:ffff:ffff',
          64502,
          'Example IPv6 Carrier',
          5,
        ),
      ],
    ],
    [
      'iptoasn combined: handle stripped, None country, unrouted skipped',
      parseIptoasn,
      ['ip2asn-combined.tsv'],
      [
        range(4, '198.51.100.0', '198.51.100.255', 64500, 'Example Networks, Inc.', 1, 'US'),
        range(4, '203.0.113.0', '203.0.113.255', 64501, 'Example Telecom - Mobile', 3),
        range(
          6,
          '2001:db8::',
          '2001:db8:ffff:ffff:ffff:ffff:ffff:ffff',
          64502,
          'EXAMPLE6-AS',
          4,
          'DE',
        ),
        range(6, '2001:db8:1::', '2001:db8:1::ff', 4200000000, 'AS4200000000', 5, 'NL'),
      ],
    ],
    [
      'iptoasn v4-u32',
      parseIptoasn,
      ['ip2asn-v4-u32.tsv'],
      [
        range(4, '198.51.100.0', '198.51.100.255', 64500, 'Example Networks, Inc.', 1, 'US'),
        range(
          4,
          '203.0.113.0',
          '203.0.113.255',
          64501,
          'EXAMPLE-HOST Example Hosting Ltd',
          3,
          'GB',
        ),
      ],
    ],
  ];
  test.each(cases)('%s', async (_name, parser, files, expected) => {
    expect(
      await collect(
        parser,
        files.map((f) => join(FIXTURES, f)),
      ),
    ).toEqual(expected);
  });

  test('companies: ranges, CIDR, single address, enrichment, normalisation', async () => {
    const corp = {
      name: 'Example Corp GmbH',
      domain: 'example-corp.de',
      country: 'DE',
      city: 'Hamburg',
      postal_code: null,
      address: null,
      industry: null,
      employees: null,
      phone: null,
      linkedin: null,
    };
    const records = await collect(parseCompanies, [join(FIXTURES, 'companies.csv')]);
    expect(records).toEqual([
      {
        kind: 'company-range',
        family: 4,
        start: '198.51.100.0',
        end: '198.51.100.127',
        priority: 10,
        line: 2,
        company: {
          ...corp,
          postal_code: '20095',
          address: 'Musterstrasse 1, Haus B',
          industry: 'Manufacturing',
          employees: '250-499',
          phone: '+49 40 0000000',
          linkedin: 'https://www.linkedin.com/company/example-corp',
        },
      },
      {
        kind: 'company-range',
        family: 4,
        start: '198.51.100.128',
        end: '198.51.100.255',
        priority: null,
        line: 3,
        company: corp,
      },
      {
        kind: 'company-range',
        family: 6,
        start: '2001:db8:1::',
        end: '2001:db8:1:ffff:ffff:ffff:ffff:ffff',
        priority: 1000,
        line: 4,
        company: corp,
      },
      {
        kind: 'company-range',
        family: 4,
        start: '203.0.113.7',
        end: '203.0.113.7',
        priority: 0,
        line: 5,
        company: {
          ...corp,
          name: 'Fictional Widgets, Ltd',
          domain: 'widgets.example',
          country: 'GB',
          city: null,
        },
      },
      {
        kind: 'company',
        line: 6,
        company: { ...corp, country: null, city: null, employees: '5000+' },
      },
      {
        kind: 'company',
        line: 7,
        company: {
          ...corp,
          name: '',
          domain: 'xn--mnchen-beispiel-zvb.example',
          country: null,
          city: null,
        },
      },
    ]);
  });

  test('companies: columns in any order, header case-insensitive, a-b IPv6 range', async () => {
    const [r] = await collect(parseCompanies, [join(FIXTURES, 'companies-subset.csv')]);
    expect(r).toMatchObject({
      kind: 'company-range',
      family: 6,
      start: '2001:db8:2::',
      end: '2001:db8:2::ffff',
      line: 2,
      company: { name: 'Example Retail AG', industry: 'Retail', domain: null },
    });
  });
});

describe('line endings, BOM, blank lines, multi-line fields', () => {
  const lines = [
    '198.51.100.0,198.51.100.255,64500,"Example Networks, Inc."',
    '2001:db8::,2001:db8::ff,64502,Example IPv6 Carrier',
  ];
  const cases: [string, string][] = [
    ['CRLF', `${lines.join('\r\n')}\r\n`],
    ['BOM', `\uFEFF${lines.join('\n')}\n`],
    ['no final newline', lines.join('\n')],
    ['empty trailing lines', `${lines.join('\n')}\n\n\r\n`],
  ];
  test.each(cases)('%s', async (name, content) => {
    const path = tmpFile(`endings-${name.replace(/ /g, '-')}.csv`, content);
    const records = await collect(parseIpLocationDb, [path]);
    expect(records.map((r) => [r.line, r.start, r.name])).toEqual([
      [1, '198.51.100.0', 'Example Networks, Inc.'],
      [2, '2001:db8::', 'Example IPv6 Carrier'],
    ]);
  });

  test('a quoted field may span lines; the next record keeps its own line number', async () => {
    const path = tmpFile(
      'multiline.csv',
      'range,name,street\r\n198.51.100.0/24,Example Corp,"Line one\r\nLine two"\r\n203.0.113.0/24,Example Two,\r\n',
    );
    const records = await collect(parseCompanies, [path]);
    expect(records.map((r) => [r.line, (r.company as { address: string }).address])).toEqual([
      [2, 'Line one\nLine two'],
      [4, null],
    ]);
  });
});

describe('progress', () => {
  test('onBytes grows across files and ends at the total size', async () => {
    const files = ['dbip-asn-lite-2026-01.csv', 'asn-mixed-num.csv'].map((f) => join(FIXTURES, f));
    const seen: number[] = [];
    for await (const _ of parseIpLocationDb(files, { onBytes: (n) => seen.push(n) })) {
      // drain
    }
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(seen.at(-1)).toBe(statSync(files[0]).size + statSync(files[1]).size);
  });
});

describe('the first bad line stops the parse', () => {
  test('records before it are yielded, nothing after', async () => {
    const path = tmpFile(
      'stops.csv',
      '198.51.100.0,198.51.100.255,64500,Good\n203.0.113.0,203.0.113.x,64501,Bad\n192.0.2.0,192.0.2.9,1,Bad too\n',
    );
    const seen: number[] = [];
    let error = '';
    try {
      for await (const r of parseIpLocationDb([path], noProgress)) seen.push(r.line);
    } catch (e) {
      error = (e as Error).message;
    }
    expect(seen).toEqual([1]);
    expect(error).toBe(`${path}:2:13: invalid IPv4 address "203.0.113.x"`);
  });
});

const V4 = '198.51.100.0,198.51.100.255';
const TSV = '198.51.100.0\t198.51.100.255';
const HDR = 'network,autonomous_system_number,autonomous_system_organization\n';
const CO = 'range,name,domain,country,linkedin,priority,employees\n';
const long = (n: number) => 'x'.repeat(n);

/** [case, content, expected "line:column: reason"] per parser and file name. */
type BadCase = [string, string | Uint8Array, string];

// biome-ignore format: one case per line reads as a table
const ipLocationDbBad: BadCase[] = [
  ['bad IPv4', `198.51.100.0,198.51.100.300,64500,X\n`, '1:14: invalid IPv4 address "198.51.100.300"'],
  ['bad IPv6', '2001:db8::1::,2001:db8::ff,64500,X\n', '1:1: invalid IPv6 address "2001:db8::1::"'],
  ['zone id', '2001:db8::%eth0,2001:db8::ff,64500,X\n', '1:1: invalid IPv6 address "2001:db8::%eth0"'],
  ['a header line', 'start,end,asn,org\n', '1:1: invalid IP address "start"'],
  ['start after end', '198.51.100.9,198.51.100.1,64500,X\n', '1:1: start 198.51.100.9 is after end 198.51.100.1'],
  ['mixed families', '198.51.100.0,2001:db8::,64500,X\n', '1:14: start "198.51.100.0" is IPv4 but end "2001:db8::" is IPv6'],
  ['number and address', '3325256704,198.51.100.255,64500,X\n', '1:12: end "198.51.100.255" is not in the same notation as start "3325256704"'],
  ['numeric start after end', '3325256959,3325256704,64500,X\n', '1:1: start 198.51.100.255 (3325256959) is after end 198.51.100.0 (3325256704)'],
  ['numeric beyond 2^128-1', '1,340282366920938463463374607431768211456,64500,X\n', '1:3: IPv6 number "340282366920938463463374607431768211456" out of range'],
  ['bad asn', `${V4},AS64500,X\n`, '1:29: invalid ASN "AS64500"'],
  ['negative asn', `${V4},-1,X\n`, '1:29: invalid ASN "-1"'],
  ['asn too big', `${V4},4294967296,X\n`, '1:29: ASN "4294967296" out of range 0..4294967295'],
  ['too few columns', `${V4},64500\n`, '1:1: expected 4 columns, got 3'],
  ['unquoted comma in org', `${V4},64500,Example Networks, Inc.\n`, '1:52: expected 4 columns, got 5'],
  ['extra column after quoted org', `${V4},64500,"A, B",x\n`, '1:42: expected 4 columns, got 5'],
  ['unterminated quote', `${V4},64500,X\n${V4},64500,"Example\n`, '2:35: unterminated quoted field'],
  ['text after closing quote', `${V4},64500,"Example" Inc\n`, '1:35: unexpected text after closing quote'],
  ['value capped at 80 chars', `${long(100)},1,1,X\n`, `1:1: invalid IP address "${long(79)}…"`],
  ['error on line 3 after CRLF', `${V4},1,X\r\n\r\n${V4},1\r\n`, '3:1: expected 4 columns, got 3'],
];

// biome-ignore format: one case per line reads as a table
const maxmindBad: BadCase[] = [
  ['bad header', 'net,asn,org\n', '1:1: expected header column "network", got "net"'],
  ['header second column', 'network,asn,org\n', '1:9: expected header column "autonomous_system_number", got "asn"'],
  ['header too short', 'network,autonomous_system_number\n', '1:1: expected header "network,autonomous_system_number,autonomous_system_organization" (3 columns), got 2 columns'],
  ['missing header', '198.51.100.0/24,64500,X\n', '1:1: expected header column "network", got "198.51.100.0/24"'],
  ['not a CIDR', `${HDR}198.51.100.0,64500,X\n`, '2:1: invalid CIDR "198.51.100.0" (expected address/prefix)'],
  ['prefix too long', `${HDR}198.51.100.0/33,64500,X\n`, '2:1: invalid prefix length "33" in "198.51.100.0/33" (IPv4: 0..32)'],
  ['host bits set', `${HDR}2001:db8::1/32,64500,X\n`, '2:1: "2001:db8::1/32" has host bits set (network is 2001:db8::/32)'],
  ['bad CIDR address', `${HDR}198.51.100/24,64500,X\n`, '2:1: invalid IPv4 address "198.51.100"'],
  ['empty asn', `${HDR}198.51.100.0/24,,X\n`, '2:17: invalid ASN ""'],
  ['too many columns', `${HDR}198.51.100.0/24,64500,X,Y\n`, '2:25: expected 3 columns, got 4'],
];

// biome-ignore format: one case per line reads as a table
const iptoasnBad: BadCase[] = [
  ['bad country', `${TSV}\t64500\tUSA\tX\n`, '1:35: invalid country "USA"'],
  ['u32 beyond IPv4', '3325256704\t4294967296\t64500\tUS\tX\n', '1:12: IPv4 number "4294967296" out of range'],
  ['too few columns', `${TSV}\t64500\tUS\n`, '1:1: expected 5 columns, got 4'],
  ['mixed families', '2001:db8::\t198.51.100.255\t64500\tUS\tX\n', '1:12: start "2001:db8::" is IPv6 but end "198.51.100.255" is IPv4'],
  ['bad asn', `${TSV}\t64 500\tUS\tX\n`, '1:29: invalid ASN "64 500"'],
  ['bad start', `198.51.100.0.1\t198.51.100.255\t64500\tUS\tX\n`, '1:1: invalid IPv4 address "198.51.100.0.1"'],
];

const latin1 = Buffer.from('range,name\n192.0.2.1,M\xfcller AG\n', 'latin1');
// biome-ignore format: one case per line reads as a table
const companiesBad: BadCase[] = [
  ['unknown columns', 'range,name,fax,email\n', '1:12: unknown columns "fax", "email" (known: range, name, domain, country, city, postal_code, street, industry, employees, phone, linkedin, priority)'],
  ['missing name column', 'range,domain\n', '1:1: missing required column "name"'],
  ['duplicate column', 'range,name,Name\n', '1:12: duplicate column "name"'],
  ['range mixes families', `${CO}198.51.100.0-2001:db8::,X,,,,,\n`, '2:1: start "198.51.100.0" is IPv4 but end "2001:db8::" is IPv6'],
  ['range start after end', `${CO}198.51.100.9 - 198.51.100.1,X,,,,,\n`, '2:1: start 198.51.100.9 is after end 198.51.100.1'],
  ['range bad address', `${CO}X,"Example, Inc",,,,,\n`, '2:1: invalid IP address "X"'],
  ['range bad CIDR', `${CO}2001:db8::/129,X,,,,,\n`, '2:1: invalid prefix length "129" in "2001:db8::/129" (IPv6: 0..128)'],
  ['domain with space', `${CO}192.0.2.1,X,example corp.de,,,,\n`, '2:13: invalid domain "example corp.de"'],
  ['domain with path', `${CO}192.0.2.1,X,example.de/about,,,,\n`, '2:13: invalid domain "example.de/about"'],
  ['country name', `${CO}192.0.2.1,X,,Germany,,,\n`, '2:14: invalid country "Germany" (expected 2 letters)'],
  ['linkedin over http', `${CO}192.0.2.1,X,,,http://linkedin.com/company/x,,\n`, '2:15: invalid LinkedIn URL "http://linkedin.com/company/x" (expected https://…linkedin.com/…)'],
  ['linkedin elsewhere', `${CO}192.0.2.1,X,,,https://notlinkedin.com/x,,\n`, '2:15: invalid LinkedIn URL "https://notlinkedin.com/x" (expected https://…linkedin.com/…)'],
  ['priority too big', `${CO}192.0.2.1,X,,,,1001,\n`, '2:16: invalid priority "1001" (expected 0..1000)'],
  ['priority fraction', `${CO}192.0.2.1,X,,,,1.5,\n`, '2:16: invalid priority "1.5" (expected 0..1000)'],
  ['employees too long', `${CO}192.0.2.1,X,,,,,${long(33)}\n`, '2:17: employees is longer than 32 characters'],
  ['name too long', `${CO}192.0.2.1,${long(201)},,,,,\n`, '2:11: name is longer than 200 characters'],
  ['range without name', `${CO}192.0.2.1,,example.de,,,,\n`, '2:11: name is required for a range'],
  ['nothing to import', `${CO},,,DE,,,\n`, '2:1: row has no range, name or domain'],
  ['wrong cell count', `${CO}192.0.2.1,X\n`, '2:1: expected 7 columns, got 2'],
  ['latin-1 bytes', latin1, '2:11: invalid UTF-8 in name (save the file as UTF-8)'],
  ['multi-line field, error on its 2nd line', 'range,name,street,country\n198.51.100.0/24,Example Corp,"Line one\nLine two",XYZ\n', '3:11: invalid country "XYZ" (expected 2 letters)'],
  ['BOM then bad header', '\uFEFFrange,nam\n', '1:7: unknown column "nam" (known: range, name, domain, country, city, postal_code, street, industry, employees, phone, linkedin, priority)'],
];

const badTables: [string, Parser, string, BadCase[]][] = [
  ['ip-location-db', parseIpLocationDb, 'asn-num.csv', ipLocationDbBad],
  ['maxmind', parseMaxmind, 'GeoLite2-ASN-Blocks-IPv4.csv', maxmindBad],
  ['iptoasn', parseIptoasn, 'ip2asn-v4.tsv', iptoasnBad],
  ['companies', parseCompanies, 'companies.csv', companiesBad],
];

for (const [format, parser, file, cases] of badTables) {
  describe(`${format} bad lines: file:line:column: reason`, () => {
    test.each(cases)('%s', async (_name, content, expected) => {
      expect(await errorOf(parser, tmpFile(file, content))).toBe(expected);
    });
  });
}

describe('ipRangeFromText', () => {
  const cases: [string, string | [4 | 6, bigint, bigint]][] = [
    ['198.51.100.0/24', [4, 3325256704n, 3325256959n]],
    ['198.51.100.7', [4, 3325256711n, 3325256711n]],
    ['198.51.100.0-198.51.100.9', [4, 3325256704n, 3325256713n]],
    ['0.0.0.0/0', [4, 0n, 0xffffffffn]],
    ['2001:db8::/32', [6, 0x20010db8n << 96n, ((0x20010db8n + 1n) << 96n) - 1n]],
    ['::/0', [6, 0n, (1n << 128n) - 1n]],
    ['198.51.100.0/', 'invalid prefix length "" in "198.51.100.0/" (IPv4: 0..32)'],
    ['198.51.100.0/-1', 'invalid prefix length "-1" in "198.51.100.0/-1" (IPv4: 0..32)'],
    ['010.0.0.1', 'invalid IPv4 address "010.0.0.1"'],
    ['198.51.100.0-', 'invalid IP address ""'],
  ];
  test.each(cases)('%s', (text, expected) => {
    const r = ipRangeFromText(text);
    const got: typeof expected = typeof r === 'string' ? r : [r.family, r.start, r.end];
    expect(got).toEqual(expected);
  });
});
