import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { writeFileSync } from 'node:fs';
import { createHarness, FIXTURE_ASN, type Harness } from '../testing/harness.ts';
import { tempDir } from '../testing/tmp.ts';
import type { CliIO } from './io.ts';
import { runCli } from './main.ts';
import { parseSince } from './sites-visits.ts';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

async function cli(args: string[]) {
  let out = '';
  let err = '';
  const io: CliIO = {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    stdin: (async function* () {})(),
    env: {},
  };
  const code = await runCli(args, io);
  return { code, out, err };
}

const jsonLines = (s: string) =>
  s
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));

const db = tmp.path('sites.db');

describe('sites', () => {
  test('import the fixture networks, add a site, list it', async () => {
    const asn = tmp.path('asn.csv');
    writeFileSync(asn, `${FIXTURE_ASN}\n`);
    expect((await cli(['import', 'ip-location-db', asn, '--db', db, '--quiet'])).code).toBe(0);

    const add = await cli([
      'sites',
      'add',
      '--name',
      'Acme',
      '--domain',
      'https://www.Acme.example/pricing',
      '--domain',
      'shop.acme.example',
      '--no-gpc',
      '--dnt',
      '--retention',
      '30',
      '--db',
      db,
    ]);
    expect(add.code).toBe(0);
    const lines = add.out.split('\n');
    expect(lines).toHaveLength(2); // exactly one line, newline-terminated
    const created = JSON.parse(lines[0]);
    expect(Object.keys(created)).toEqual(['id', 'key']);
    expect(created.key).toMatch(/^[a-z2-7]{20}$/);

    const list = jsonLines((await cli(['sites', 'list', '--json', '--db', db])).out);
    expect(list).toEqual([
      {
        id: created.id,
        key: created.key,
        name: 'Acme',
        domains: ['acme.example', 'shop.acme.example'],
        enabled: true,
        honor_gpc: false,
        honor_dnt: true,
        retention_days: 30,
        created_at: list[0].created_at,
        last_beacon_at: null,
        last_beacon_path: null,
      },
    ]);
    expect(list[0].created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    const text = await cli(['sites', 'list', '--db', db]);
    expect(text.out).toBe(
      `${created.key}\tAcme\tacme.example,shop.acme.example\tenabled\tno beacon yet (snippet not installed?)\n`,
    );
    expect((await cli(['visits', '--db', db])).out).toBe('no visits\n');
    expect((await cli(['visits', '--json', '--db', db])).out).toBe('');
  });

  const usage: [string[], RegExp][] = [
    [['sites'], /sites needs add or list/],
    [['sites', 'remove'], /unknown sites command "remove"/],
    [['sites', 'list', 'extra'], /unexpected argument "extra"/],
    [['sites', 'list', '--dnt'], /--dnt is for sites add; sites list takes --json/],
    [['sites', 'add', '--domain', 'a.example'], /sites add needs --name and at least one --domain/],
    [['sites', 'add', '--name', 'A'], /sites add needs --name/],
    [
      ['sites', 'add', '--name', 'A', '--domain', 'bad host'],
      /^leadlens sites add: \/domains\/0: /,
    ],
    [['sites', 'add', '--name', '', '--domain', 'a.example'], /^leadlens sites add: \/name: /],
    [
      ['sites', 'add', '--name', 'A', '--domain', 'a.example', '--retention', 'soon'],
      /--retention must be an integer from 1 to 3650/,
    ],
    [['sites', 'add', '--name', 'A', '--domain', 'a.example', '--retention', '0'], /--retention/],
    [['visits', '--since', 'yesterday'], /--since must be an ISO 8601 date or time .*"yesterday"/],
    [['visits', '--since', '2026-02-30'], /--since must be an ISO 8601/],
    [['visits', '--limit', '0'], /--limit must be an integer from 1 to 10000/],
    [['visits', '--limit', '10001'], /--limit must be an integer from 1 to 10000/],
    [['visits', '--limit', '5x'], /--limit must be/],
    [['visits', '--site', 'nosuchkey'], /unknown site key "nosuchkey"/],
    [['visits', 'now'], /unexpected argument "now"/],
    [['visits', '--ip'], /Unknown option '--ip'/],
  ];
  for (const [args, msg] of usage) {
    test(`${args.join(' ')} → exit 2`, async () => {
      const r = await cli([...args, '--db', db]);
      expect(r.code).toBe(2);
      expect(r.out).toBe('');
      expect(r.err).toMatch(msg);
    });
  }
});

describe('parseSince', () => {
  const cases: [string, string][] = [
    ['2026-11-29', '2026-11-29T00:00:00.000Z'],
    ['2026-11-29T08:30', '2026-11-29T08:30:00.000Z'],
    ['2026-11-29T08:30:15.250Z', '2026-11-29T08:30:15.250Z'],
    ['2026-11-29T08:30+02:00', '2026-11-29T06:30:00.000Z'],
    ['2024-02-29', '2024-02-29T00:00:00.000Z'],
  ];
  for (const [input, want] of cases) {
    test(input, () => expect(new Date(parseSince(input)).toISOString()).toBe(want));
  }
  for (const bad of ['', '2026-11-29 08:30', '29.11.2026', '2026-13-01', '2026-11-29T25:00Z']) {
    test(`refuses ${JSON.stringify(bad)}`, () => expect(() => parseSince(bad)).toThrow('--since'));
  }
});

describe('visits', () => {
  let h: Harness;
  let dbPath: string;
  const T0 = Date.UTC(2026, 10, 29, 10, 0, 0);
  const at = (s: number) => new Date(T0 + s * 1000).toISOString();

  beforeAll(async () => {
    h = await createHarness();
    dbPath = `${h.dir}/leadlens.db`;
    const send = async (s: number, body: Record<string, unknown>, from: string) => {
      h.now.t = T0 + s * 1000;
      const r = await h.beacon({ s: h.siteKey, ...body }, from);
      expect(r.status).toBe(202);
      return r.headers.get('x-leadlens-drop');
    };
    const manufacturing = '198.51.100.7';
    expect(
      await send(
        0,
        {
          u: 'https://www.example.com/pricing?utm_source=newsletter&utm_medium=email&utm_campaign=spring',
          r: 'https://search.example.net/results?q=secret',
          t: 'Pricing',
          w: 1440,
        },
        manufacturing,
      ),
    ).toBeNull();
    await send(
      30,
      { e: 'engagement', u: 'https://www.example.com/pricing', m: 30_000 },
      manufacturing,
    );
    await send(
      40,
      { u: 'https://www.example.com/contact', r: 'https://www.example.com/pricing', t: 'Contact' },
      manufacturing,
    );
    await send(
      60,
      { e: 'engagement', u: 'https://www.example.com/contact', m: 4200 },
      manufacturing,
    );
    await send(120, { u: 'https://example.com/', t: 'Home', w: 390 }, '198.51.100.200');
    expect(await send(125, { u: 'https://example.com/' }, '203.0.113.9')).toBe('counted');
    await send(
      180,
      { u: 'https://example.com/docs/start', r: 'https://www.linkedin.com/feed/', t: 'Docs' },
      '2001:db8::beef',
    );
  });
  afterAll(() => h.close());

  test('--json: one object per visit, newest first, with its pages; ISP traffic is no visit', async () => {
    const r = await cli(['visits', '--json', '--db', dbPath]);
    expect(r.code).toBe(0);
    expect(jsonLines(r.out)).toEqual([
      {
        id: 3,
        started_at: at(180),
        last_seen_at: at(180),
        site: h.siteKey,
        company: 'Example University',
        domain: null,
        class: 'education',
        country: null,
        device: null,
        pageviews: 1,
        referrer: 'https://www.linkedin.com/feed/',
        utm_source: null,
        utm_medium: null,
        utm_campaign: null,
        landing_path: '/docs/start',
        engaged_seconds: 0,
        pages: [{ ts: at(180), path: '/docs/start', title: 'Docs', engaged_ms: 0 }],
      },
      {
        id: 2,
        started_at: at(120),
        last_seen_at: at(120),
        site: h.siteKey,
        company: 'CanaryCo AG',
        domain: 'canaryco.example',
        class: 'business',
        country: 'DE',
        device: 'mobile',
        pageviews: 1,
        referrer: null,
        utm_source: null,
        utm_medium: null,
        utm_campaign: null,
        landing_path: '/',
        engaged_seconds: 0,
        pages: [{ ts: at(120), path: '/', title: 'Home', engaged_ms: 0 }],
      },
      {
        id: 1,
        started_at: at(0),
        last_seen_at: at(60),
        site: h.siteKey,
        company: 'Example Manufacturing GmbH',
        domain: null,
        class: 'business',
        country: null,
        device: 'desktop',
        pageviews: 2,
        referrer: 'https://search.example.net/results',
        utm_source: 'newsletter',
        utm_medium: 'email',
        utm_campaign: 'spring',
        landing_path: '/pricing',
        engaged_seconds: 34.2,
        pages: [
          { ts: at(0), path: '/pricing', title: 'Pricing', engaged_ms: 30_000 },
          { ts: at(40), path: '/contact', title: 'Contact', engaged_ms: 4200 },
        ],
      },
    ]);
  });

  test('text: a line per visit, an indented line per page, never an address', async () => {
    const r = await cli(['visits', '--db', dbPath]);
    expect(r.code).toBe(0);
    const lines = r.out.trimEnd().split('\n');
    expect(lines).toHaveLength(7);
    expect(lines[2]).toBe(
      `${at(120)}\t${h.siteKey}\tCanaryCo AG (canaryco.example)\tbusiness\tDE\t1 pv\t0s\tref -\tutm -/-/-\tlanding /`,
    );
    expect(lines[4]).toBe(
      `${at(0)}\t${h.siteKey}\tExample Manufacturing GmbH\tbusiness\t-\t2 pv\t34s\tref https://search.example.net/results\tutm newsletter/email/spring\tlanding /pricing`,
    );
    expect(lines[5]).toBe(`    ${at(0)}\t/pricing\t30.0s\tPricing`);
    expect(lines[6]).toBe(`    ${at(40)}\t/contact\t4.2s\tContact`);
    for (const ip of ['198.51.100.', '203.0.113.', '2001:db8']) expect(r.out).not.toContain(ip);
  });

  test('--since, --limit and --site filter', async () => {
    const ids = async (...args: string[]) =>
      jsonLines((await cli(['visits', '--json', '--db', dbPath, ...args])).out).map((v) => v.id);
    expect(await ids('--since', at(120))).toEqual([3, 2]);
    expect(await ids('--since', '2026-11-29T10:01+00:00')).toEqual([3, 2]);
    expect(await ids('--since', '2026-11-30')).toEqual([]);
    expect(await ids('--limit', '1')).toEqual([3]);
    expect(await ids('--site', h.siteKey, '--limit', '2')).toEqual([3, 2]);
    const other = JSON.parse(
      (await cli(['sites', 'add', '--name', 'Other', '--domain', 'other.example', '--db', dbPath]))
        .out,
    );
    expect(await ids('--site', other.key)).toEqual([]);
  });

  test('sites list shows the last beacon: the snippet is installed', async () => {
    const r = await cli(['sites', 'list', '--db', dbPath]);
    expect(r.out).toContain(
      `${h.siteKey}\tExample\texample.com\tenabled\tlast beacon ${at(180)} /docs/start\n`,
    );
  });
});
