// End to end: the real CLI process on 127.0.0.1:0 with a fresh data directory.
import { afterAll, expect, test } from 'bun:test';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI, type Spawned, spawnListening } from './testing/server.ts';
import { tempDir } from './testing/tmp.ts';

const tmp = tempDir();
afterAll(() => tmp.cleanup());
const stderrOf = (s: Spawned) => new TextDecoder().decode(s.output().stderr);

test('first start imports the bundled dataset with progress, serves, reloads after a CLI import, stops on SIGTERM', async () => {
  const env = {
    ...process.env,
    DATA_DIR: tmp.dir,
    PORT: '0',
    RELOAD_CHECK_MS: '200',
    LOG_LEVEL: 'info',
  };
  const server = await spawnListening([process.execPath, CLI, 'serve'], env, 60_000);
  try {
    const text = stderrOf(server);
    expect(text).toContain('first start: importing the bundled @ip-location-db/asn dataset');
    expect(text).toMatch(/import ip-location-db-asn: .*rows/);
    const health = await (await fetch(`${server.base}/healthz`)).json();
    expect(health.status).toBe('ok');
    expect(health.index.ipv4Segments).toBeGreaterThan(400_000);
    expect(health.index.ipv6Segments).toBeGreaterThan(100_000);

    // The one-time setup link is printed on stdout (never into the JSON log) and works once.
    const stdout = new TextDecoder().decode(server.output().stdout);
    const link = /(http:\/\/127\.0\.0\.1:\d+\/setup\?token=[A-Za-z0-9_-]+)/.exec(stdout)?.[1];
    expect(link).toBeDefined();
    expect(text).not.toContain('token=');
    const token = new URL(link!).searchParams.get('token');
    const setup = (t: string | null) =>
      fetch(`${server.base}/api/setup`, {
        method: 'POST',
        headers: { origin: server.base, 'content-type': 'application/json' },
        body: JSON.stringify({
          token: t,
          email: 'owner@example.com',
          name: 'Owner',
          password: 'a long enough password',
        }),
      });
    expect((await setup('A'.repeat(43))).status).toBe(403);
    expect((await setup(token)).status).toBe(200);
    expect((await setup(token)).status).toBe(409);

    // Another process imports operator data; the server picks it up without a restart.
    const csv = join(tmp.dir, 'companies.csv');
    writeFileSync(csv, 'range,name,domain\n198.51.100.0/24,Example Corp GmbH,example-corp.de\n');
    const imp = Bun.spawnSync([process.execPath, CLI, 'import', 'companies', csv, '--quiet'], {
      env,
    });
    expect(imp.exitCode).toBe(0);
    await server.waitFor(/"msg":"index reloaded"/, 10_000);
    const after = await (await fetch(`${server.base}/healthz`)).json();
    expect(after.dataVersion).toBe(health.dataVersion + 1);

    expect(await server.stop()).toBe(0);
  } finally {
    server.proc.kill('SIGKILL');
  }
}, 90_000);

test('a second start loads the cached index instead of importing again', async () => {
  const env = { ...process.env, DATA_DIR: tmp.dir, PORT: '0' };
  // The listening line is the one that names the URL.
  const server = await spawnListening([process.execPath, CLI, 'serve'], env, 20_000);
  try {
    const text = stderrOf(server);
    expect(text).not.toContain('first start');
    expect(text).toMatch(/"msg":"index loaded".*"fromCache":true/);
    // #18: the durability settings in effect are in the log, read back from SQLite.
    expect(text).toMatch(/"msg":"database opened","journalMode":"wal","synchronous":"full"/);
    expect(await server.stop()).toBe(0);
  } finally {
    server.proc.kill('SIGKILL');
  }
}, 30_000);

test('#18 SYNCHRONOUS=normal is what SQLite runs with, and the log says so', async () => {
  const env = { ...process.env, DATA_DIR: tmp.dir, PORT: '0', SYNCHRONOUS: 'normal' };
  const server = await spawnListening([process.execPath, CLI, 'serve'], env, 20_000);
  try {
    expect(stderrOf(server)).toMatch(
      /"msg":"database opened","journalMode":"wal","synchronous":"normal"/,
    );
    expect(await server.stop()).toBe(0);
  } finally {
    server.proc.kill('SIGKILL');
  }
}, 30_000);

test('bad configuration: one line on stderr, exit 2', () => {
  const r = Bun.spawnSync([process.execPath, CLI, 'serve'], { env: { ...process.env, PORT: 'x' } });
  expect(r.exitCode).toBe(2);
  expect(r.stderr.toString()).toBe(
    'leadlens: configuration error: PORT must be an integer from 0 to 65535, got "x"\n',
  );
});
