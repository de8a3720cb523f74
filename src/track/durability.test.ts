// Invariant 3 end to end (CHECKS.md #17): the real server under load, SIGKILL at a random moment,
// then every beacon that got a 202 must be in the database and the database must be intact.
// CRASH_RUNS=50 bun test src/track/durability.test.ts runs the long version.
//
// The helpers are exported for the privacy canary test and scripts/bench/ingest.ts. Tests are
// registered only when bun test runs this file (import.meta.main), so importing it from a script
// does not trip "Cannot use test outside of the test runner".
import { expect, test } from 'bun:test';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase, openDriver } from '../db/index.ts';
import { createSiteService } from '../sites/index.ts';
import { FIXTURE_ASN, FIXTURE_COMPANIES } from '../testing/harness.ts';
import { tempDir } from '../testing/tmp.ts';

export const CLI = join(import.meta.dir, '..', 'cli.ts');
export const BROWSER_UA =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36';

/** A child process that logged its `"url":"http://127.0.0.1:N"` line; its output is kept whole. */
export interface Spawned {
  proc: ReturnType<typeof Bun.spawn>;
  base: string;
  /** Everything the process wrote so far, per stream. */
  output(): { stdout: Uint8Array; stderr: Uint8Array };
  /** Resolves once both streams have ended (after exit). */
  drained: Promise<void>;
}

/**
 * Starts `cmd`, drains stdout and stderr for its whole life (a full pipe would stall a debug
 * logger), and resolves once stderr names the URL it listens on.
 */
export async function spawnListening(
  cmd: string[],
  env: Record<string, string | undefined>,
  timeoutMs = 20_000,
): Promise<Spawned> {
  const proc = Bun.spawn(cmd, { env, stdin: 'ignore', stdout: 'pipe', stderr: 'pipe' });
  const chunks = { stdout: [] as Uint8Array[], stderr: [] as Uint8Array[] };
  let stderrText = '';
  let found: (base: string) => void = () => {};
  const listening = new Promise<string>((resolve) => (found = resolve));
  const dec = new TextDecoder();
  const pump = async (name: 'stdout' | 'stderr', stream: ReadableStream<Uint8Array>) => {
    const reader = stream.getReader();
    for (;;) {
      const { done, value: chunk } = await reader.read();
      if (done) return;
      chunks[name].push(chunk);
      if (name !== 'stderr') continue;
      stderrText += dec.decode(chunk, { stream: true });
      const m = /"url":"(http:\/\/127\.0\.0\.1:\d+)"/.exec(stderrText);
      if (m) found(m[1]);
    }
  };
  const drained = Promise.all([
    pump('stdout', proc.stdout as ReadableStream<Uint8Array>),
    pump('stderr', proc.stderr as ReadableStream<Uint8Array>),
  ]).then(() => {});
  const output = () => ({ stdout: concat(chunks.stdout), stderr: concat(chunks.stderr) });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const base = await Promise.race([
    listening,
    proc.exited.then((code) => Promise.reject(new Error(`exited with ${code} before listening`))),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('no "listening" line in time')), timeoutMs);
    }),
  ]).catch((e: Error) => {
    proc.kill('SIGKILL');
    throw new Error(`${cmd.join(' ')}: ${e.message}\n${dec.decode(output().stderr)}`);
  });
  clearTimeout(timer);
  return { proc, base, output, drained };
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
    DB_PATH: join(dataDir, 'leadlens.db'),
    HOST: '127.0.0.1',
    PORT: '0',
    IMPORT_DEFAULT: 'false',
    TRUSTED_PROXIES: '127.0.0.1',
    LEADLENS_ENV: 'development',
    LOG_LEVEL: 'debug',
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

/**
 * Imports the harness fixture networks into `dataDir/leadlens.db` through the CLI (the CSVs go to
 * `workDir`, not the data dir) and creates a site for example.com with the site service.
 * Returns the site key and the CLI's output (for scans).
 */
export function prepareFixtureData(dataDir: string, workDir: string) {
  const db = join(dataDir, 'leadlens.db');
  const asn = join(workDir, 'asn.csv');
  const companies = join(workDir, 'companies.csv');
  writeFileSync(asn, `${FIXTURE_ASN}\n`);
  writeFileSync(companies, FIXTURE_COMPANIES);
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

export interface LoadOptions {
  base: string;
  siteKey: string;
  /** Client addresses sent in X-Forwarded-For, cycled per request; leads, so each beacon is stored. */
  addresses: readonly string[];
  concurrency: number;
  /** First n of the unique paths `/ack/<n>`. */
  firstPath: number;
  /** Stop starting new requests (requests in flight finish or fail). */
  signal: AbortSignal;
}

export interface LoadResult {
  /** n of every `/ack/<n>` answered 202. */
  acked: number[];
  /** The next unused n. */
  nextPath: number;
  statuses: Record<number, number>;
  failures: number;
}

/**
 * The load client: `concurrency` loops of fetch, each beacon a pageview of a unique `/ack/<n>`, so
 * every acknowledgement can be looked up afterwards. A loop ends at abort or on its first network
 * error (the server was killed).
 */
export async function runLoad(o: LoadOptions): Promise<LoadResult> {
  let next = o.firstPath;
  const acked: number[] = [];
  const statuses: Record<number, number> = {};
  let failures = 0;
  const url = `${o.base}/e`;
  const worker = async () => {
    while (!o.signal.aborted) {
      const n = next++;
      const body = JSON.stringify({
        s: o.siteKey,
        e: 'pageview',
        u: `https://example.com/ack/${n}`,
        t: 'Ack',
        w: 1440,
      });
      try {
        const res = await fetch(url, {
          method: 'POST',
          headers: {
            'content-type': 'text/plain',
            'user-agent': BROWSER_UA,
            'x-forwarded-for': o.addresses[n % o.addresses.length],
          },
          body,
        });
        await res.arrayBuffer();
        statuses[res.status] = (statuses[res.status] ?? 0) + 1;
        if (res.status === 202) acked.push(n);
      } catch {
        failures++;
        return;
      }
    }
  };
  await Promise.all(Array.from({ length: o.concurrency }, worker));
  return { acked, nextPath: next, statuses, failures };
}

export interface CrashRoundOptions {
  dataDir: string;
  siteKey: string;
  addresses: readonly string[];
  round: number;
  firstPath: number;
  concurrency?: number;
  /** SIGKILL after a random delay in [min, max] ms of load. */
  killAfterMs?: [number, number];
  env?: Record<string, string>;
  prefix?: string[];
  /** Extra load started with the client (the bench runs wrk here); awaited after the kill. */
  alongside?: (base: string) => Promise<unknown>;
}

export interface CrashRoundResult {
  round: number;
  killedAfterMs: number;
  acked: number;
  /** `/ack/<n>` rows of this round found after the crash (≥ acked: some commits were not answered). */
  stored: number;
  missing: number[];
  integrity: string;
  statuses: Record<number, number>;
  nextPath: number;
}

/** One round: start the server, load it, kill -9, then check the database with a fresh connection. */
export async function crashRound(o: CrashRoundOptions): Promise<CrashRoundResult> {
  const server = await spawnServer(o.dataDir, o.env, o.prefix);
  const ctl = new AbortController();
  try {
    const load = runLoad({
      base: server.base,
      siteKey: o.siteKey,
      addresses: o.addresses,
      concurrency: o.concurrency ?? 20,
      firstPath: o.firstPath,
      signal: ctl.signal,
    });
    const extra = o.alongside?.(server.base);
    const [min, max] = o.killAfterMs ?? [500, 2000];
    const killedAfterMs = Math.round(min + Math.random() * (max - min));
    await Bun.sleep(killedAfterMs);
    server.proc.kill('SIGKILL');
    ctl.abort();
    await server.proc.exited;
    const r = await load;
    await extra;
    await server.drained;

    const db = openDriver(join(o.dataDir, 'leadlens.db'));
    try {
      const integrity = db
        .prepare<Record<string, string>>('PRAGMA integrity_check')
        .all()
        .map((row) => Object.values(row)[0])
        .join('; ');
      const paths = new Set(
        db
          .prepare<{ path: string }>("SELECT path FROM pageviews WHERE path LIKE '/ack/%'")
          .all()
          .map((row) => row.path),
      );
      let stored = 0;
      for (let n = o.firstPath; n < r.nextPath; n++) if (paths.has(`/ack/${n}`)) stored++;
      return {
        round: o.round,
        killedAfterMs,
        acked: r.acked.length,
        stored,
        missing: r.acked.filter((n) => !paths.has(`/ack/${n}`)),
        integrity,
        statuses: r.statuses,
        nextPath: r.nextPath,
      };
    } finally {
      db.close();
    }
  } finally {
    ctl.abort();
    server.proc.kill('SIGKILL');
  }
}

/** `runs` crash rounds on one data directory (each restart recovers the previous crash). */
export async function crashRuns(
  runs: number,
  o: Omit<CrashRoundOptions, 'round' | 'firstPath'>,
  log: (line: string) => void = console.log,
): Promise<CrashRoundResult[]> {
  const results: CrashRoundResult[] = [];
  let firstPath = 0;
  for (let round = 1; round <= runs; round++) {
    const r = await crashRound({ ...o, round, firstPath });
    firstPath = r.nextPath;
    results.push(r);
    log(
      `kill -9 round ${round}/${runs}: killed after ${r.killedAfterMs} ms; acked ${r.acked}, ` +
        `stored ${r.stored}, acked but missing ${r.missing.length}, integrity_check ${r.integrity}`,
    );
  }
  return results;
}

// Leads in the fixture networks: Example Manufacturing (business), CanaryCo, Example University.
const LEADS = ['198.51.100.10', '198.51.100.11', '198.51.100.200', '2001:db8::10'];
const RUNS = Number(process.env.CRASH_RUNS ?? 3);

if (import.meta.main) {
  test(
    `acknowledged beacons survive kill -9 (${RUNS} rounds)`,
    async () => {
      const data = tempDir();
      const work = tempDir();
      try {
        const { siteKey } = prepareFixtureData(data.dir, work.dir);
        const results = await crashRuns(RUNS, { dataDir: data.dir, siteKey, addresses: LEADS });
        for (const r of results) {
          expect(r.integrity).toBe('ok');
          expect(r.acked).toBeGreaterThan(0);
          expect(r.missing).toEqual([]);
          expect(r.stored).toBeGreaterThanOrEqual(r.acked);
          // Only 202s or dropped connections: nothing refused while the server was up.
          expect(Object.keys(r.statuses)).toEqual(['202']);
        }
      } finally {
        data.cleanup();
        work.cleanup();
      }
    },
    20_000 + RUNS * 8_000,
  );
}
