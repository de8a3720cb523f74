// The sources API on the real harness. This folder's tests also run under Node (node --test,
// package.json test:node), where the harness cannot start (Bun.build, Bun.password): the HTTP
// cases are skipped there; the attribution table runs on both.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { isBun } from '../db/index.ts';
import type { Harness } from '../testing/harness.ts';
import { FORMATS } from './registry.ts';
import { attributionLines, createSourceRoutes } from './routes.ts';

const DB_IP = {
  text: 'IP Geolocation by DB-IP',
  url: 'https://db-ip.com',
  licence: 'CC BY 4.0',
  licenceUrl: 'https://creativecommons.org/licenses/by/4.0/',
};

describe('GET /api/sources and /api/attribution', { skip: !isBun }, () => {
  let h: Harness;
  let get: (path: string, cookie?: string) => Promise<Response>;
  let cookie: string;
  before(async () => {
    const [{ createHarness }, { Elysia }] = await Promise.all([
      import('../testing/harness.ts'),
      import('elysia'),
    ]);
    h = await createHarness();
    const app = new Elysia()
      .use(h.auth.routes)
      .group('/api', (g) =>
        g.use(h.auth.guard).use(createSourceRoutes({ db: h.db, auth: h.auth })),
      );
    cookie = await h.ownerCookie();
    get = (path, c = cookie) =>
      app.handle(
        new Request(`http://leadlens.test/api${path}`, {
          headers: { origin: 'http://leadlens.test', ...(c ? { cookie: c } : {}) },
        }),
      );
  });
  after(() => h?.close());

  test('sources: what is loaded, highest priority first', async () => {
    const res = await get('/sources');
    assert.equal(res.status, 200);
    const imported = (name: string) =>
      new Date(
        h.db
          .prepare<{ t: number }>('SELECT imported_at AS t FROM sources WHERE name = ?')
          .get(name)!.t,
      ).toISOString();
    assert.deepEqual(await res.json(), [
      {
        name: 'companies',
        format: 'companies',
        priority: 100,
        licence: 'operator-provided',
        attribution: null,
        attributionUrl: null,
        importedAt: imported('companies'),
        rowCount: 1,
        ranges: 1,
      },
      {
        name: 'ip-location-db-asn',
        format: 'ip-location-db',
        priority: 10,
        licence: 'CC BY 4.0',
        attribution: FORMATS['ip-location-db'].attribution,
        attributionUrl: 'https://db-ip.com',
        importedAt: imported('ip-location-db-asn'),
        rowCount: 4,
        ranges: 4,
      },
    ]);
  });

  test('attribution: DB-IP, RouteViews and NRO under CC BY 4.0; own data needs none', async () => {
    const res = await get('/attribution');
    assert.equal(res.status, 200);
    const lines = (await res.json()) as { text: string; url: string; sources: string[] }[];
    assert.deepEqual(lines[0], { ...DB_IP, sources: ['ip-location-db-asn'] });
    assert.deepEqual(
      lines.map((l) => [l.text, l.url]),
      [
        ['IP Geolocation by DB-IP', 'https://db-ip.com'],
        ['RouteViews', 'https://www.routeviews.org/routeviews/'],
        ['NRO', 'https://www.nro.net/'],
      ],
    );
  });

  test('without a session: 401 on both', async () => {
    for (const path of ['/sources', '/attribution']) {
      assert.equal((await get(path, '')).status, 401);
    }
  });
});

describe('attributionLines', () => {
  const src = (name: string, format: string) => {
    const f = FORMATS[format];
    return {
      name,
      format,
      licence: f.licence,
      attribution: f.attribution,
      attributionUrl: f.attributionUrl,
    };
  };

  // Every format the importers know: which credits it brings (text → link, licence link).
  const cases: [string, [string, string | null, string | null][]][] = [
    [
      'ip-location-db',
      [
        ['IP Geolocation by DB-IP', 'https://db-ip.com', DB_IP.licenceUrl],
        ['RouteViews', 'https://www.routeviews.org/routeviews/', DB_IP.licenceUrl],
        ['NRO', 'https://www.nro.net/', DB_IP.licenceUrl],
      ],
    ],
    [
      'maxmind',
      [
        [
          'This product includes GeoLite2 data created by MaxMind',
          'https://www.maxmind.com',
          'https://www.maxmind.com/en/geolite2/eula',
        ],
      ],
    ],
    [
      'iptoasn',
      [['iptoasn.com', 'https://iptoasn.com', 'https://opendatacommons.org/licenses/pddl/1-0/']],
    ],
    [
      'ripe',
      [
        [
          'RIPE NCC',
          'https://www.ripe.net/manage-ips-and-asns/db/support/documentation/terms',
          'https://www.ripe.net/manage-ips-and-asns/db/support/documentation/terms',
        ],
      ],
    ],
    [
      'ipverse',
      [
        [
          'ipverse as-metadata',
          'https://github.com/ipverse/as-metadata',
          'https://creativecommons.org/publicdomain/zero/1.0/',
        ],
      ],
    ],
    ['companies', []],
  ];
  for (const [format, want] of cases) {
    test(`${format} → ${want.length} credit(s)`, () => {
      const got = attributionLines([src(`my-${format}`, format)]);
      assert.deepEqual(
        got.map((l) => [l.text, l.url, l.licenceUrl]),
        want,
      );
      for (const l of got) assert.deepEqual(l.sources, [`my-${format}`]);
    });
  }

  test('two imports of one dataset: one credit naming both', () => {
    const got = attributionLines([src('a', 'ip-location-db'), src('b', 'ip-location-db')]);
    assert.equal(got.length, 3);
    assert.deepEqual(got[0].sources, ['a', 'b']);
  });

  test('a link that is not http(s) is dropped, the text stays', () => {
    const [line] = attributionLines([
      { ...src('x', 'iptoasn'), attributionUrl: 'javascript:alert(1)' },
    ]);
    assert.equal(line.url, null);
    assert.equal(line.text, 'iptoasn.com');
  });
});
