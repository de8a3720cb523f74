// The import pipeline end to end on real SQLite files: parse → stage → commit → index.
// Runs under Bun and Node (node:test), so importers and the loader are proved on both drivers.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { after, describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { createClassifier } from '../classify/index.ts';
import { createExplainer } from '../cli/lookup.ts';
import { type Driver, dataVersion, openDatabase } from '../db/index.ts';
import { IndexHolder, loadIndex } from '../ipindex/index.ts';
import { tempDir } from '../testing/tmp.ts';
import { ImportError, importSource, silentProgress } from './index.ts';
import { FORMATS } from './registry.ts';

const tmp = tempDir();
after(() => tmp.cleanup());
const classify = createClassifier(new Map([[64510, 'hosting']]));
let n = 0;

function file(name: string, text: string | Uint8Array): string {
  const p = tmp.path(`${++n}-${name}`);
  writeFileSync(p, text);
  return p;
}

function run(
  db: Driver,
  format: string,
  files: string[],
  extra: { name?: string; priority?: number } = {},
) {
  return importSource(db, {
    format,
    spec: FORMATS[format],
    files,
    classify,
    progress: silentProgress,
    ...extra,
  });
}

const lookup = (db: Driver, ip: string) => createExplainer(db, loadIndex(db).index)(ip);

const DBIP = [
  '198.51.100.0,198.51.100.255,64500,"Example Networks, Inc."',
  '203.0.113.0,203.0.113.255,64501,Example Broadband Telecom',
  '2001:db8::,2001:db8:ffff:ffff:ffff:ffff:ffff:ffff,64502,Example IPv6 Carrier',
].join('\n');

describe('import pipeline', () => {
  test('ip-location-db: ranges, networks, classes, index, sources row', async () => {
    const db = openDatabase(tmp.path('a.db'));
    const s = await run(db, 'ip-location-db', [file('asn.csv', `${DBIP}\n`)]);
    assert.equal(s.ranges, 3);
    assert.equal(s.index.size, 3);
    assert.deepEqual(lookup(db, '198.51.100.7'), {
      input: '198.51.100.7',
      found: true,
      asn: 64500,
      network: 'Example Networks, Inc.',
      class: classify({ asn: 64500, name: 'Example Networks, Inc.' }).class,
      company: null,
      source: 'ip-location-db-asn',
      range: '198.51.100.0-198.51.100.255',
    });
    const v6 = lookup(db, '2001:db8::42');
    assert.ok('found' in v6 && v6.found && v6.asn === 64502);
    const src = db
      .prepare<{ row_count: number; licence: string }>('SELECT row_count, licence FROM sources')
      .get()!;
    assert.deepEqual(src, { row_count: 3, licence: 'CC BY 4.0' });
    db.close();
  });

  test('gzipped dumps are read as they are published', async () => {
    const db = openDatabase(tmp.path('gz.db'));
    const s = await run(db, 'ip-location-db', [
      file('dbip-asn-lite-2026-11.csv.gz', gzipSync(DBIP)),
    ]);
    assert.equal(s.ranges, 3);
    assert.equal((lookup(db, '2001:db8::1') as { asn: number }).asn, 64502);
    db.close();
  });

  test('re-importing a source replaces its rows; the cache follows the data version', async () => {
    const db = openDatabase(tmp.path('b.db'));
    await run(db, 'ip-location-db', [file('one.csv', DBIP)]);
    const v1 = dataVersion(db);
    await run(db, 'ip-location-db', [
      file('two.csv', '192.0.2.0,192.0.2.255,64503,Other Org AG\n'),
    ]);
    assert.equal(dataVersion(db), v1 + 1);
    assert.equal(db.prepare<{ c: number }>('SELECT count(*) c FROM ip_ranges').get()!.c, 1);
    // Networks nothing points at any more are gone.
    assert.deepEqual(
      db
        .prepare<{ name: string }>('SELECT name FROM networks')
        .all()
        .map((r) => r.name),
      ['Other Org AG'],
    );
    assert.ok(
      'found' in lookup(db, '198.51.100.7') &&
        !(lookup(db, '198.51.100.7') as { found: boolean }).found,
    );
    const loaded = loadIndex(db);
    assert.equal(loaded.fromCache, true);
    assert.equal(loaded.index.size, 1);
    db.close();
  });

  test('a bad line writes nothing and leaves the old data and index untouched', async () => {
    const db = openDatabase(tmp.path('c.db'));
    await run(db, 'ip-location-db', [file('good.csv', DBIP)]);
    const before = dataVersion(db);
    const holder = new IndexHolder();
    holder.reload(db);
    const bad = file(
      'bad.csv',
      '192.0.2.0,192.0.2.255,64503,Fine Org\n192.0.2.0,192.0.2.300,64504,Broken Org\n',
    );
    await assert.rejects(run(db, 'ip-location-db', [bad]), (e: unknown) => {
      assert.ok(e instanceof ImportError);
      assert.match(
        e.message,
        new RegExp(`^${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2:\\d+: `),
      );
      return true;
    });
    assert.equal(dataVersion(db), before);
    assert.equal(holder.reloadIfChanged(db), null, 'no reload: nothing changed');
    assert.equal(db.prepare<{ c: number }>('SELECT count(*) c FROM ip_ranges').get()!.c, 3);
    assert.equal(
      db.prepare<{ c: number }>("SELECT count(*) c FROM networks WHERE name = 'Fine Org'").get()!.c,
      0,
    );
    assert.ok((lookup(db, '198.51.100.7') as { found: boolean }).found);
    db.close();
  });

  test('companies CSV: a more specific company range wins inside its network; enrichment rows merge', async () => {
    const db = openDatabase(tmp.path('d.db'));
    await run(db, 'ip-location-db', [file('asn.csv', DBIP)]);
    await run(db, 'companies', [
      file(
        'companies.csv',
        'range,name,domain,country,city,industry,employees\n' +
          '198.51.100.0/25,Example Corp GmbH,example-corp.de,DE,Hamburg,Manufacturing,250-499\n' +
          '2001:db8:1::/48,Example Corp GmbH,example-corp.de,DE,Hamburg,Manufacturing,250-499\n' +
          ',Example Corp GmbH,example-corp.de,,,,500-999\n',
      ),
    ]);
    const inside = lookup(db, '198.51.100.10');
    assert.ok('found' in inside && inside.found);
    assert.equal(inside.class, 'business');
    assert.equal(inside.company?.name, 'Example Corp GmbH');
    assert.equal(inside.company?.employees, '500-999');
    assert.equal(inside.source, 'companies');
    const outside = lookup(db, '198.51.100.200');
    assert.ok(
      'found' in outside && outside.found && outside.company === null && outside.asn === 64500,
    );
    assert.equal(
      (lookup(db, '2001:db8:1::9') as { company: { domain: string } }).company.domain,
      'example-corp.de',
    );
    assert.equal(db.prepare<{ c: number }>('SELECT count(*) c FROM companies').get()!.c, 1);
    db.close();
  });

  test('equal ranges: the higher-priority source wins', async () => {
    const db = openDatabase(tmp.path('e.db'));
    await run(db, 'ip-location-db', [file('asn.csv', DBIP)]);
    await run(db, 'maxmind', [
      file(
        'GeoLite2-ASN-Blocks-IPv4.csv',
        'network,autonomous_system_number,autonomous_system_organization\n198.51.100.0/24,64509,Renamed Holder Ltd\n',
      ),
    ]);
    assert.equal((lookup(db, '198.51.100.7') as { source: string }).source, 'maxmind-geolite2-asn');
    await run(db, 'ip-location-db', [file('asn2.csv', DBIP)], { priority: 90 });
    assert.equal((lookup(db, '198.51.100.7') as { source: string }).source, 'ip-location-db-asn');
    db.close();
  });

  test('ipverse categories reclassify networks imported earlier; overrides still win', async () => {
    const db = openDatabase(tmp.path('f.db'));
    await run(db, 'ip-location-db', [
      file('asn.csv', `${DBIP}\n192.0.2.0,192.0.2.255,64510,Plain Name\n`),
    ]);
    const json = JSON.stringify([
      {
        asn: 64500,
        metadata: {
          handle: 'EX',
          description: 'Example Networks, Inc.',
          countryCode: 'US',
          category: 'hosting',
          networkRole: 'stub',
        },
      },
      {
        asn: 64510,
        metadata: {
          handle: 'PN',
          description: 'Plain Name',
          countryCode: 'DE',
          category: 'business',
          networkRole: 'stub',
        },
      },
    ]);
    const s = await run(db, 'ipverse', [file('as.json', json)]);
    assert.equal(s.meta, 2);
    const cls = (asn: number) =>
      db
        .prepare<{ class: string; class_source: string }>(
          'SELECT class, class_source FROM networks WHERE asn = ?',
        )
        .get(asn);
    assert.deepEqual(cls(64500), { class: 'hosting', class_source: 'source' });
    assert.deepEqual(cls(64510), { class: 'hosting', class_source: 'override' });
    assert.equal((lookup(db, '198.51.100.7') as { class: string }).class, 'hosting');
    db.close();
  });

  test('iptoasn skips unrouted space; RIPE most specific wins', async () => {
    const db = openDatabase(tmp.path('g.db'));
    await run(db, 'iptoasn', [
      file(
        'ip2asn-v4.tsv',
        '198.51.100.0\t198.51.100.255\t64500\tUS\tEXAMPLE-NET - Example Networks, Inc.\n198.51.101.0\t198.51.103.255\t0\tNone\tNot routed\n',
      ),
    ]);
    assert.equal((lookup(db, '198.51.101.1') as { found: boolean }).found, false);
    const ripe = [
      'inetnum:        198.51.100.0 - 198.51.100.255',
      'netname:        EXAMPLE-LIR',
      'descr:          Example Broadband LIR',
      'country:        DE',
      'status:         ALLOCATED PA',
      'source:         RIPE',
      '',
      'inetnum:        198.51.100.64 - 198.51.100.127',
      'netname:        EXAMPLE-CORP-NET',
      'descr:          Example Corp GmbH',
      'country:        DE',
      'status:         ASSIGNED PA',
      'source:         RIPE',
      '',
    ].join('\n');
    await run(db, 'ripe', [file('ripe.db.inetnum', ripe)]);
    const inner = lookup(db, '198.51.100.70') as {
      network: string;
      source: string;
      asn: number | null;
    };
    assert.equal(inner.network, 'Example Corp GmbH');
    assert.equal(inner.source, 'ripe');
    assert.equal(inner.asn, null);
    assert.equal((lookup(db, '198.51.100.200') as { source: string }).source, 'ripe');
    db.close();
  });
});
