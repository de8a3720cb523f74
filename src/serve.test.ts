// End to end: the real CLI process on 127.0.0.1:0 with a fresh data directory.
import { afterAll, expect, test } from 'bun:test';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './testing/tmp.ts';

const tmp = tempDir();
afterAll(() => tmp.cleanup());
const CLI = join(import.meta.dir, 'cli.ts');

async function readUntil(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  pattern: RegExp,
  ms: number,
) {
  let text = '';
  const dec = new TextDecoder();
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const chunk = await Promise.race([
      reader.read(),
      new Promise<null>((r) => setTimeout(() => r(null), deadline - Date.now())),
    ]);
    if (!chunk || chunk.done) break;
    text += dec.decode(chunk.value);
    const m = pattern.exec(text);
    if (m) return { text, match: m };
  }
  throw new Error(`timed out waiting for ${pattern}; got:\n${text}`);
}

test('first start imports the bundled dataset with progress, serves, reloads after a CLI import, stops on SIGTERM', async () => {
  const env = {
    ...process.env,
    DATA_DIR: tmp.dir,
    PORT: '0',
    RELOAD_CHECK_MS: '200',
    LOG_LEVEL: 'info',
  };
  const proc = Bun.spawn([process.execPath, CLI, 'serve'], { env, stderr: 'pipe', stdout: 'pipe' });
  try {
    const reader = proc.stderr.getReader();
    const { text, match } = await readUntil(reader, /"url":"http:\/\/127\.0\.0\.1:(\d+)"/, 60_000);
    expect(text).toContain('first start: importing the bundled @ip-location-db/asn dataset');
    expect(text).toMatch(/import ip-location-db-asn: .*rows/);
    const base = `http://127.0.0.1:${match[1]}`;
    const health = await (await fetch(`${base}/healthz`)).json();
    expect(health.status).toBe('ok');
    expect(health.index.ipv4Segments).toBeGreaterThan(400_000);
    expect(health.index.ipv6Segments).toBeGreaterThan(100_000);

    // Another process imports operator data; the server picks it up without a restart.
    const csv = join(tmp.dir, 'companies.csv');
    writeFileSync(csv, 'range,name,domain\n198.51.100.0/24,Example Corp GmbH,example-corp.de\n');
    const imp = Bun.spawnSync([process.execPath, CLI, 'import', 'companies', csv, '--quiet'], {
      env,
    });
    expect(imp.exitCode).toBe(0);
    await readUntil(reader, /"msg":"index reloaded"/, 10_000);
    const after = await (await fetch(`${base}/healthz`)).json();
    expect(after.dataVersion).toBe(health.dataVersion + 1);

    proc.kill('SIGTERM');
    expect(await proc.exited).toBe(0);
  } finally {
    proc.kill('SIGKILL');
  }
}, 90_000);

test('a second start loads the cached index instead of importing again', async () => {
  const env = { ...process.env, DATA_DIR: tmp.dir, PORT: '0' };
  const proc = Bun.spawn([process.execPath, CLI, 'serve'], { env, stderr: 'pipe' });
  try {
    const { text } = await readUntil(proc.stderr.getReader(), /"msg":"listening"/, 20_000);
    expect(text).not.toContain('first start');
    expect(text).toMatch(/"msg":"index loaded".*"fromCache":true/);
    proc.kill('SIGTERM');
    expect(await proc.exited).toBe(0);
  } finally {
    proc.kill('SIGKILL');
  }
}, 30_000);

test('bad configuration: one line on stderr, exit 2', () => {
  const r = Bun.spawnSync([process.execPath, CLI, 'serve'], { env: { ...process.env, PORT: 'x' } });
  expect(r.exitCode).toBe(2);
  expect(r.stderr.toString()).toBe(
    'leadlens: configuration error: PORT must be an integer from 0 to 65535, got "x"\n',
  );
});
