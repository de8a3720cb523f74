// The single binary end to end: built into a temp dir, copied away from the repository, run with
// a cwd elsewhere, so nothing can come from the source tree or node_modules.
import { afterAll, expect, test } from 'bun:test';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { BROWSER_UA, type Spawned, spawnListening } from '../src/testing/server.ts';
import { tempDir } from '../src/testing/tmp.ts';
import { buildBinary } from './build.ts';

const tmp = tempDir('leadlens-binary-');
afterAll(() => tmp.cleanup());
const MiB = 1024 * 1024;
// A business network in the bundled @ip-location-db/asn data (AS198573, SIEMENS AG).
const BUSINESS = '194.138.20.1';
const SRI = JSON.parse(readFileSync(join(import.meta.dir, '../web/tracker/versions.json'), 'utf8'))
  .v1.sri as string;

test('the compiled binary runs from anywhere: version, first start, UI, tracker, beacon, healthcheck, SIGTERM', async () => {
  const built = await buildBinary({ outfile: tmp.path('build/leadlens') });
  // Away from the repository: another directory for the binary, another for cwd and data.
  const bin = tmp.path('opt/leadlens');
  mkdirSync(tmp.path('opt'));
  copyFileSync(built.outfile, bin);
  const cwd = tmp.path('run');
  mkdirSync(cwd);
  const data = join(cwd, 'data');
  const env = {
    PATH: '/usr/bin:/bin',
    HOME: cwd,
    DATA_DIR: data,
    HOST: '127.0.0.1',
    PORT: '0',
    TRUSTED_PROXIES: '127.0.0.1',
    LOG_LEVEL: 'info',
  };
  const run = (args: string[], extra: Record<string, string> = {}) => {
    const r = Bun.spawnSync([bin, ...args], { cwd, env: { ...env, ...extra } });
    return { code: r.exitCode, out: r.stdout.toString(), err: r.stderr.toString() };
  };

  const v = run(['version', '--json']);
  expect(v.code).toBe(0);
  const version = JSON.parse(v.out);
  expect(version).toMatchObject({ name: 'leadlens', bun: Bun.version, binary: true });
  expect(version.schema).toBeGreaterThanOrEqual(7);
  expect(run(['version', '--licences']).out).toContain('DB-IP');

  const start = (extra: Record<string, string> = {}) =>
    spawnListening([bin, 'serve'], { ...env, ...extra }, 60_000);
  let server: Spawned = await start();
  try {
    const err = () => new TextDecoder().decode(server.output().stderr);
    expect(err()).toContain('first start: importing the bundled @ip-location-db/asn dataset');
    const health = await (await fetch(`${server.base}/healthz`)).json();
    expect(health.index.ipv4Segments).toBeGreaterThan(400_000);

    const page = await fetch(`${server.base}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('x-request-id')).toMatch(/^[0-9a-f]{16}$/);
    expect(await page.text()).toContain('<ll-app>');
    const js = await fetch(`${server.base}/app.js`);
    expect(js.status).toBe(200);
    expect((await js.text()).length).toBeGreaterThan(50_000);
    expect((await fetch(`${server.base}/app.css`)).status).toBe(200);
    const t = await fetch(`${server.base}/t.js`);
    expect(t.status).toBe(200);
    expect((await t.text()).length).toBeGreaterThan(200);
    const v1 = new Uint8Array(await (await fetch(`${server.base}/t.v1.js`)).arrayBuffer());
    expect(`sha384-${createHash('sha384').update(v1).digest('base64')}`).toBe(SRI);

    // A beacon from a business network behind the trusted proxy, found with `visits`.
    const site = run(['sites', 'add', '--name', 'Shop', '--domain', 'shop.example', '--json']);
    expect(site.code).toBe(0);
    const key = JSON.parse(site.out).key as string;
    const beacon = await fetch(`${server.base}/e`, {
      method: 'POST',
      headers: {
        'content-type': 'text/plain',
        'user-agent': BROWSER_UA,
        'x-forwarded-for': BUSINESS,
      },
      body: JSON.stringify({ s: key, e: 'pageview', u: 'https://shop.example/pricing', w: 1440 }),
    });
    expect(beacon.status).toBe(202);
    let visits = '';
    for (let i = 0; i < 50 && !visits.includes('/pricing'); i++) {
      await Bun.sleep(100);
      visits = run(['visits', '--json']).out;
    }
    expect(visits.toUpperCase()).toContain('SIEMENS');
    expect(visits).toContain('/pricing');
    expect(err()).not.toContain(BUSINESS);

    // A user from the CLI signs in; the overview runs on the stats worker inside the binary.
    const pw = 'binary test password';
    const user = Bun.spawnSync(
      [bin, 'user', 'create', '--email', 'o@example.com', '--role', 'owner', '--password-stdin'],
      { cwd, env, stdin: new TextEncoder().encode(`${pw}\n`) },
    );
    expect(user.exitCode).toBe(0);
    const login = await fetch(`${server.base}/api/auth/login`, {
      method: 'POST',
      headers: { origin: server.base, 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'o@example.com', password: pw }),
    });
    expect(login.status).toBe(200);
    const cookie = /ll_session=[^;]+/.exec(login.headers.get('set-cookie') ?? '')?.[0] ?? '';
    const overview = await fetch(`${server.base}/api/overview`, {
      headers: { cookie, origin: server.base },
    });
    expect(overview.status).toBe(200);
    expect((await overview.json()).totals.pageviews).toBeGreaterThanOrEqual(1);
    // A CSV export: its chunks are built on the export thread inside the binary.
    const csv = await fetch(`${server.base}/api/export/visits.csv`, {
      headers: { cookie, origin: server.base },
    });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toStartWith('text/csv');
    const rows = (await csv.text()).split('\r\n');
    expect(rows[0]).toStartWith('visit_id,company_id,company,');
    expect(rows[1].toUpperCase()).toContain('SIEMENS');
    expect(rows[1]).toContain('/pricing');
    expect(err()).not.toContain('export thread');

    expect(run(['healthcheck', '--url', `${server.base}/healthz`]).code).toBe(0);
    expect(await server.stop()).toBe(0);
    expect(run(['healthcheck', '--url', `${server.base}/healthz`]).code).toBe(1);

    // Second start: the index comes from its cache; ready = spawn → /healthz 200. With a
    // scheduled backup due at the next full minute (at least 5 s away): it runs on the backup
    // thread inside the binary.
    const backups = join(cwd, 'backups');
    mkdirSync(backups);
    const due = new Date(Math.ceil((Date.now() + 5000) / 60_000) * 60_000);
    const hhmm = due.toISOString().slice(11, 16);
    const t0 = performance.now();
    server = await start({ BACKUP_DIR: backups, BACKUP_EVERY: hhmm });
    for (;;) {
      const r = await fetch(`${server.base}/healthz`).catch(() => null);
      if (r?.status === 200) break;
      await Bun.sleep(5);
    }
    const readyMs = performance.now() - t0;
    expect(err()).not.toContain('first start');
    while (!err().includes('scheduled backup written') && Date.now() < due.getTime() + 30_000) {
      await Bun.sleep(200);
    }
    const copies = readdirSync(backups);
    expect(copies).toHaveLength(1);
    expect(copies[0]).toStartWith(
      `leadlens-${due.toISOString().slice(0, 16).replace(/[-:]/g, '')}`,
    );
    expect(statSync(join(backups, copies[0])).mode & 0o777).toBe(0o600);
    expect(err()).not.toContain('backup thread');
    expect(await server.stop()).toBe(0);

    const bytes = statSync(bin).size;
    console.log(
      `binary: ${(bytes / MiB).toFixed(1)} MiB${built.bytecode ? ' (bytecode)' : ''}, ` +
        `built in ${(built.ms / 1000).toFixed(1)} s; ready (second start, index loaded) in ${Math.round(readyMs)} ms`,
    );
    expect(bytes).toBeLessThanOrEqual(130 * MiB);
    expect(readyMs).toBeLessThan(1500); // the target is 300 ms; CI machines are slower and shared
  } finally {
    server.proc.kill('SIGKILL');
  }
}, 200_000);
