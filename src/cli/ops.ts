import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Config } from '../config/index.ts';
import { loadMigrations, openDriver } from '../db/index.ts';
import { embedded } from '../embed/index.ts';
import { defaultDatasetFiles } from '../sources/index.ts';
import type { CommandArgs } from './commands.ts';
import { type ExitCode, UsageError } from './io.ts';

const LICENCE_FILES = ['DBIP-LICENSE', 'ROUTEVIEWS-LICENSE', 'NRO_LICENSE', 'MODIFICATIONS'];

/** name and version: embedded at build time, else package.json of the source tree. */
function appInfo(): { name: string; version: string } {
  const e = embedded();
  if (e) return e.app;
  const pkg = JSON.parse(
    readFileSync(fileURLToPath(new URL('../../package.json', import.meta.url)), 'utf8'),
  );
  return { name: pkg.name, version: pkg.version };
}

/** The bundled dataset's licence texts (CC BY 4.0 wants them shipped with the data). */
function licences(): Record<string, string> {
  const e = embedded();
  if (e) return { ...e.dataset.licences };
  const dir = dirname(defaultDatasetFiles()[0]);
  return Object.fromEntries(LICENCE_FILES.map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
}

/** The newest migration of the database at dbPath, or null when there is no database. */
function databaseSchema(dbPath: string): number | null {
  if (!existsSync(dbPath)) return null;
  const db = openDriver(dbPath, { readonly: true });
  try {
    return (
      db.prepare<{ v: number | null }>('SELECT max(version) AS v FROM schema_migrations').get()
        ?.v ?? 0
    );
  } catch {
    return 0;
  } finally {
    db.close();
  }
}

/** `version [--json] [--licences]`: name, version, Bun, schema versions (build and database). */
export function versionCommand({ config, flags, io }: CommandArgs): ExitCode {
  if (flags.licences) {
    for (const [name, text] of Object.entries(licences())) {
      io.stdout.write(`==> ${name} <==\n${text.trimEnd()}\n\n`);
    }
    return 0;
  }
  const app = appInfo();
  const schema = Math.max(0, ...loadMigrations().map((m) => m.version));
  const info = {
    name: app.name,
    version: app.version,
    bun: Bun.version,
    schema,
    database_schema: databaseSchema(config.dbPath),
    binary: embedded() !== null,
  };
  if (flags.json) {
    io.stdout.write(`${JSON.stringify(info)}\n`);
    return 0;
  }
  io.stdout.write(
    `${info.name} ${info.version} (bun ${info.bun}; schema ${schema}` +
      `${info.database_schema === null ? '' : `; database ${config.dbPath} at ${info.database_schema}`}` +
      `${info.binary ? '' : '; from source'})\n`,
  );
  return 0;
}

/** Where `healthcheck` looks by default: the configured HOST/PORT, a wildcard host as loopback. */
export function healthUrl(config: Pick<Config, 'host' | 'port'>): string {
  const host = config.host === '0.0.0.0' ? '127.0.0.1' : config.host === '::' ? '::1' : config.host;
  return `http://${host.includes(':') ? `[${host}]` : host}:${config.port}/healthz`;
}

/** `healthcheck [--url URL]`: exit 0 when GET /healthz answers 200 within 3 s, else 1. */
export async function healthcheckCommand({ config, flags, io }: CommandArgs): Promise<ExitCode> {
  const url = typeof flags.url === 'string' ? flags.url : healthUrl(config);
  if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) {
    throw new UsageError(`--url must be an http(s) URL, got "${url}"`);
  }
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(3000), redirect: 'manual' });
    await res.body?.cancel();
    if (res.status === 200) {
      io.stdout.write(`ok: ${url} 200\n`);
      return 0;
    }
    io.stderr.write(`unhealthy: ${url} answered ${res.status}\n`);
    return 1;
  } catch (e) {
    const why =
      (e as Error).name === 'TimeoutError' ? 'no answer within 3 s' : (e as Error).message;
    io.stderr.write(`unhealthy: ${url}: ${why}\n`);
    return 1;
  }
}

/** The commands' entries in src/cli/main.ts. */
export const VERSION_COMMAND = {
  summary: 'print name, version, Bun version and schema version',
  usage: 'version [--json] [--licences]',
  options: {
    json: { type: 'boolean' as const, help: 'one JSON object' },
    licences: { type: 'boolean' as const, help: "print the bundled dataset's licence texts" },
  },
  run: versionCommand,
};

export const HEALTHCHECK_COMMAND = {
  summary: 'GET /healthz of the running server: exit 0 on 200, 1 otherwise (3 s timeout)',
  usage: 'healthcheck [--url URL]',
  options: {
    url: {
      type: 'string' as const,
      help: 'what to check (default: http://HOST:PORT/healthz, loopback for 0.0.0.0)',
    },
  },
  run: healthcheckCommand,
};
