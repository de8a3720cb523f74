// The real Leadlens server as a child process, for end-to-end tests and benchmarks. No bun:test
// import here: scripts/bench/ingest.ts runs outside the test runner.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase } from '../db/index.ts';
import { createSiteService } from '../sites/index.ts';
import { FIXTURE_ASN, FIXTURE_COMPANIES, TEST_LIMITS } from './harness.ts';

/** The CLI entry point, run with `process.execPath` so children use the same Bun. */
export const CLI = join(import.meta.dir, '..', 'cli.ts');

/** A desktop browser user agent for beacons: a missing or bot-like one would be dropped. */
export const BROWSER_UA =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36';

/** The line the server logs once it accepts connections; group 1 is the base URL. */
const LISTENING = /"url":"(http:\/\/127\.0\.0\.1:\d+)"/;

/** A child process that logged its `"url":"http://127.0.0.1:N"` line; its output is kept whole. */
export interface Spawned {
  proc: ReturnType<typeof Bun.spawn>;
  base: string;
  /** Everything the process wrote so far, per stream. */
  output(): { stdout: Uint8Array; stderr: Uint8Array };
  /** First match of `pattern` in stderr, earlier output included; rejects on timeout or end of stderr. */
  waitFor(pattern: RegExp, timeoutMs: number): Promise<RegExpExecArray>;
  /** Sends `signal` (SIGTERM by default), waits for the exit and the drained output; the exit code. */
  stop(signal?: 'SIGTERM' | 'SIGKILL'): Promise<number>;
  /** Resolves once both streams have ended (after exit). */
  drained: Promise<void>;
}

/** Starts `cmd` and resolves once stderr names the 127.0.0.1 URL it listens on. */
export async function spawnListening(
  cmd: string[],
  env: Record<string, string | undefined>,
  timeoutMs = 20_000,
): Promise<Spawned> {
  const proc = Bun.spawn(cmd, { env, stdin: 'ignore', stdout: 'pipe', stderr: 'pipe' });
  const chunks = { stdout: [] as Uint8Array[], stderr: [] as Uint8Array[] };
  let stderrText = '';
  let stderrEnded = false;
  // Pending waitFor calls, checked against the whole stderr text on every chunk and at its end.
  const waiters = new Set<() => void>();
  const dec = new TextDecoder();
  // Both streams are read for the whole life of the process: a full pipe would stall a debug logger.
  const pump = async (name: 'stdout' | 'stderr', stream: ReadableStream<Uint8Array>) => {
    const reader = stream.getReader();
    for (;;) {
      const { done, value: chunk } = await reader.read();
      if (done) break;
      chunks[name].push(chunk);
      if (name !== 'stderr') continue;
      stderrText += dec.decode(chunk, { stream: true });
      for (const check of waiters) check();
    }
    if (name !== 'stderr') return;
    // Waiters fail only after the exit, so their message can name the exit code.
    await proc.exited;
    stderrEnded = true;
    for (const check of waiters) check();
  };
  const drained = Promise.all([
    pump('stdout', proc.stdout as ReadableStream<Uint8Array>),
    pump('stderr', proc.stderr as ReadableStream<Uint8Array>),
  ]).then(() => {});
  const output = () => ({ stdout: concat(chunks.stdout), stderr: concat(chunks.stderr) });

  const waitFor = (pattern: RegExp, ms: number) =>
    new Promise<RegExpExecArray>((resolve, reject) => {
      const fail = (why: string) => {
        finish();
        reject(new Error(`${why} waiting for ${pattern}; stderr so far:\n${stderrText}`));
      };
      const check = () => {
        const m = pattern.exec(stderrText);
        if (m) {
          finish();
          resolve(m);
        } else if (stderrEnded) {
          fail(`stderr ended (exit code ${proc.exitCode})`);
        }
      };
      const timer = setTimeout(() => fail(`timed out after ${ms} ms`), ms);
      const finish = () => {
        clearTimeout(timer);
        waiters.delete(check);
      };
      waiters.add(check);
      check();
    });

  const stop = async (signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM') => {
    proc.kill(signal);
    const code = await proc.exited;
    await drained;
    return code;
  };

  const m = await waitFor(LISTENING, timeoutMs).catch((e: Error) => {
    proc.kill('SIGKILL');
    throw new Error(`${cmd.join(' ')}: ${e.message}`);
  });
  return { proc, base: m[1], output, waitFor, stop, drained };
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

/** Environment for `leadlens serve` on 127.0.0.1:0 trusting X-Forwarded-For from 127.0.0.1. */
export function serverEnv(dataDir: string, extra: Record<string, string> = {}) {
  return {
    ...process.env,
    DATA_DIR: dataDir,
    // DB_PATH too: one inherited from the caller's environment would win over DATA_DIR.
    DB_PATH: join(dataDir, 'leadlens.db'),
    HOST: '127.0.0.1',
    PORT: '0',
    IMPORT_DEFAULT: 'false',
    TRUSTED_PROXIES: '127.0.0.1',
    LEADLENS_ENV: 'development',
    LOG_LEVEL: 'debug',
    // Load tests and benches send many beacons from few addresses; limit tests override these.
    ...TEST_LIMITS,
    ...extra,
  };
}

/** Starts the real CLI server on a data directory; `prefix` e.g. ['taskset', '-c', '0']. */
export function spawnServer(
  dataDir: string,
  extra: Record<string, string> = {},
  prefix: string[] = [],
): Promise<Spawned> {
  return spawnListening([...prefix, process.execPath, CLI, 'serve'], serverEnv(dataDir, extra));
}

/** Imports the fixture networks into `dataDir/leadlens.db` via the CLI and creates an example.com site. */
export function prepareFixtureData(dataDir: string, workDir: string) {
  const db = join(dataDir, 'leadlens.db');
  // The CSVs go to `workDir`, not the data dir, so scans of the data dir see only what Leadlens wrote.
  const asn = join(workDir, 'asn.csv');
  const companies = join(workDir, 'companies.csv');
  writeFileSync(asn, `${FIXTURE_ASN}\n`);
  writeFileSync(companies, FIXTURE_COMPANIES);
  // The CLI's output is returned too, for tests that scan everything the processes printed.
  const outputs: Uint8Array[] = [];
  for (const [format, file] of [
    ['ip-location-db', asn],
    ['companies', companies],
  ]) {
    const r = Bun.spawnSync([process.execPath, CLI, 'import', format, file, '--db', db, '--quiet']);
    if (r.exitCode !== 0) throw new Error(`import ${format} failed: ${r.stderr.toString()}`);
    outputs.push(r.stdout, r.stderr);
  }
  const conn = openDatabase(db);
  try {
    const site = createSiteService(conn).create({ name: 'Example', domains: ['example.com'] });
    return { siteKey: site.key, siteId: site.id, outputs };
  } finally {
    conn.close();
  }
}
