// End to end: the real server on 127.0.0.1:0 trusting loopback, the demo script against it.
import { afterAll, expect, test } from 'bun:test';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDriver } from '../src/db/index.ts';
import { FIXTURE_ASN } from '../src/testing/harness.ts';
import { CLI, spawnServer } from '../src/testing/server.ts';
import { tempDir } from '../src/testing/tmp.ts';

const tmp = tempDir();
afterAll(() => tmp.cleanup());
const DEMO = join(import.meta.dir, 'demo-traffic.ts');
// The server's database (spawnServer sets DB_PATH to this file in its data directory).
const db = tmp.path('leadlens.db');

const run = (args: string[]) => {
  const r = Bun.spawnSync([process.execPath, ...args]);
  return { code: r.exitCode, out: r.stdout.toString(), err: r.stderr.toString() };
};

const refusals: [string[], RegExp][] = [
  [['--url', 'http://example.com:3000', '--site', 'k'], /--url must be http:\/\/127\.0\.0\.1/],
  [['--url', 'http://127.0.0.2:3000', '--site', 'k'], /--url must be/],
  [['--url', 'https://localhost:3000', '--site', 'k'], /--url must be/],
  [['--url', 'http://127.0.0.1:3000'], /usage:/],
  [['--url', 'http://127.0.0.1:3000', '--site', 'k', '--rate', 'fast'], /--rate must be a number/],
];
for (const [args, msg] of refusals) {
  test(`refuses ${args.join(' ')}`, () => {
    const r = run([DEMO, ...args, '--db', db]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(msg);
  });
}

async function demo(url: string, key: string) {
  // A seed and --rate 10: ~30 visitors in 3 s, making the same choices every run.
  const args = ['--url', url, '--site', key, '--db', db, '--seconds', '3', '--rate', '10'];
  const p = Bun.spawn([process.execPath, DEMO, ...args, '--seed', '7'], { stderr: 'pipe' });
  const code = await p.exited;
  return {
    code,
    out: await new Response(p.stdout).text(),
    err: await new Response(p.stderr).text(),
  };
}

let key = '';

test('demo traffic reaches a real server: visits for the lead networks, none for the ISP', async () => {
  const asn = tmp.path('asn.csv');
  writeFileSync(asn, `${FIXTURE_ASN}\n`);
  expect(run([CLI, 'import', 'ip-location-db', asn, '--db', db, '--quiet']).code).toBe(0);
  const add = run([CLI, 'sites', 'add', '--name', 'Demo', '--domain', 'demo.example', '--db', db]);
  expect(add.code).toBe(0);
  key = JSON.parse(add.out).key;

  const server = await spawnServer(tmp.dir, {
    TRUSTED_PROXIES: '127.0.0.1',
    LEADLENS_ENV: 'development',
  });
  try {
    const r = await demo(server.base, key);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^done \[ *\d+s\] \d+ visitors, \d+ beacons: .*stored \d+/m);
    expect(r.out).toMatch(/^server \/metrics: .*stored \+\d+/m);
    expect(await server.stop()).toBe(0);
  } finally {
    server.proc.kill('SIGKILL');
  }

  const read = openDriver(db, { readonly: true });
  const visits = read
    .prepare<{ name: string; class: string; n: number }>(
      `SELECT n.name, v.class, count(*) AS n FROM visits v JOIN networks n ON n.id = v.network_id
        GROUP BY n.name, v.class ORDER BY n.name`,
    )
    .all();
  const pages = read.prepare<{ n: number }>('SELECT count(*) AS n FROM pageviews').get()!.n;
  const isp = read
    .prepare<{ pv: number }>("SELECT sum(pageviews) AS pv FROM daily_counts WHERE class = 'isp'")
    .get()!.pv;
  read.close();
  expect(visits.map((c) => [c.name, c.class])).toEqual([
    ['Example Manufacturing GmbH', 'business'],
    ['Example University', 'education'],
  ]);
  expect(pages).toBeGreaterThanOrEqual(visits.reduce((s, c) => s + c.n, 0));
  expect(isp).toBeGreaterThan(0);
}, 60_000);

test('a server that ignores X-Forwarded-For: the demo stops and says how to start it', async () => {
  expect(key).not.toBe('');
  // Production: no X-Leadlens-Drop.
  const server = await spawnServer(tmp.dir, { TRUSTED_PROXIES: '', LEADLENS_ENV: 'production' });
  try {
    const r = await demo(server.base, key);
    expect(r.code).toBe(1);
    expect(r.err).toContain('the server ignores\n  X-Forwarded-For');
    expect(r.err).toContain('TRUSTED_PROXIES=127.0.0.1 npm start');
    expect(r.out).toMatch(/^server \/metrics: counted \+\d+$/m);
    expect(await server.stop()).toBe(0);
  } finally {
    server.proc.kill('SIGKILL');
  }
}, 60_000);
