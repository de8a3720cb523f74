import { afterAll, describe, expect, test } from 'bun:test';
import { writeFileSync } from 'node:fs';
import { tempDir } from '../testing/tmp.ts';
import type { CliIO } from './io.ts';
import { runCli } from './main.ts';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

async function cli(args: string[], stdin = '', env: Record<string, string> = {}) {
  let out = '';
  let err = '';
  const io: CliIO = {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    stdin: (async function* () {
      if (stdin) yield new TextEncoder().encode(stdin);
    })(),
    env,
  };
  const code = await runCli(args, io);
  return { code, out, err };
}

const db = tmp.path('cli.db');
const asn = tmp.path('asn.csv');
writeFileSync(
  asn,
  '198.51.100.0,198.51.100.255,64500,"Example Networks, Inc."\n2001:db8::,2001:db8:ffff:ffff:ffff:ffff:ffff:ffff,64502,Example IPv6 Carrier\n',
);

describe('leadlens CLI', () => {
  test('import, then sources', async () => {
    const r = await cli(['import', 'ip-location-db', asn, '--db', db, '--quiet']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('imported ip-location-db-asn: 2 records, 2 ranges');
    const s = await cli(['sources', '--json', '--db', db]);
    const row = JSON.parse(s.out.trim());
    expect(row).toMatchObject({
      name: 'ip-location-db-asn',
      format: 'ip-location-db',
      ranges: 2,
      licence: 'CC BY 4.0',
    });
    expect(row.imported_at).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  test('lookup --json: one object per input, explain fields, exit 1 on invalid input', async () => {
    const r = await cli([
      'lookup',
      '--json',
      '--db',
      db,
      '198.51.100.7',
      '203.0.113.1',
      '::ffff:198.51.100.9',
      'nope',
    ]);
    expect(r.code).toBe(1);
    const lines = r.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines[0]).toEqual({
      input: '198.51.100.7',
      found: true,
      asn: 64500,
      network: 'Example Networks, Inc.',
      class: lines[0].class,
      company: null,
      source: 'ip-location-db-asn',
      range: '198.51.100.0-198.51.100.255',
    });
    expect(['business', 'isp', 'unknown', 'hosting']).toContain(lines[0].class);
    expect(lines[1]).toEqual({ input: '203.0.113.1', found: false });
    expect(lines[2].asn).toBe(64500);
    expect(lines[3]).toEqual({ input: 'nope', error: 'not an IPv4 or IPv6 address' });
  });

  test('lookup reads addresses from stdin, one per line', async () => {
    const r = await cli(['lookup', '--json', '--db', db], '2001:db8::1\r\n\n198.51.100.1\n');
    expect(r.code).toBe(0);
    expect(
      r.out
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).asn),
    ).toEqual([64502, 64500]);
  });

  test('a bad import line: file:line:column, exit 1, nothing replaced', async () => {
    const bad = tmp.path('bad.csv');
    writeFileSync(bad, '192.0.2.0,192.0.2.255,64501,Fine\n192.0.2.0,192.0.2.x,64501,Broken\n');
    const r = await cli(['import', 'ip-location-db', bad, '--db', db, '--quiet']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(new RegExp(`^${bad}:2:\\d+: .*192\\.0\\.2\\.x`));
    const again = await cli(['lookup', '--json', '--db', db, '198.51.100.7']);
    expect(JSON.parse(again.out).found).toBe(true);
  });

  test('classify --json: class and why per row', async () => {
    const csv = tmp.path('orgs.csv');
    writeFileSync(
      csv,
      'asn,org\n64500,Example Broadband Telecom\n64501,Université Exemple\nAS64502,"Example Hosting, LLC"\nx,Broken\n',
    );
    const r = await cli(['classify', '--json', csv]);
    expect(r.code).toBe(1);
    const rows = r.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(rows[0]).toMatchObject({ asn: 64500, org: 'Example Broadband Telecom', class: 'isp' });
    expect(rows[0].why).toMatch(/^keyword:/);
    expect(rows[1]).toMatchObject({ asn: 64501, class: 'education' });
    expect(rows[2]).toMatchObject({ asn: 64502, class: 'hosting' });
    expect(r.err).toContain(`${csv}:5: invalid asn "x"`);
  });

  const usage: [string[], 0 | 1 | 2, RegExp][] = [
    [['--help'], 0, /^usage: leadlens <command>/],
    [['lookup', '--help'], 0, /usage: leadlens lookup/],
    [['import', '--help'], 0, /ripe +RIPE NCC split dumps/],
    [['frobnicate'], 2, /unknown command "frobnicate"/],
    [['lookup', '--bogus'], 2, /Unknown option '--bogus'/],
    [['import'], 2, /import needs a format/],
    [['import', 'nosuch', asn], 2, /unknown format "nosuch"/],
    [['import', 'companies', tmp.path('missing.csv')], 2, /no such file/],
    [['import', 'ip-location-db', asn, '--priority', 'high'], 2, /--priority must be an integer/],
    [['classify'], 2, /classify needs exactly one CSV file/],
  ];
  for (const [args, code, msg] of usage) {
    test(`${args.join(' ')} → exit ${code}`, async () => {
      const r = await cli([...args, '--db', db]);
      expect(r.code).toBe(code);
      expect(code === 0 ? r.out : r.err).toMatch(msg);
    });
  }

  test('bad configuration: one clear line, exit 2', async () => {
    const r = await cli(['sources'], '', { PORT: 'eighty' });
    expect(r.code).toBe(2);
    expect(r.err).toBe(
      'leadlens: configuration error: PORT must be an integer from 0 to 65535, got "eighty"\n',
    );
  });
});
