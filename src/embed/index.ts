/**
 * What the compiled binary carries instead of files in the source tree. `scripts/build.ts`
 * generates the binary's entry, which fills this registry before the CLI module loads; from
 * source (bun src/cli.ts, tests, Node) it stays empty and every reader falls back to its files.
 * Plain TypeScript on purpose: Node imports the modules that consult it (src/db, src/sources).
 */
export interface Embedded {
  /** name and version from package.json at build time. */
  app: { name: string; version: string };
  /** Every src/db/migrations/NNNN-name.sql at build time, as `{ file, sql }`. */
  migrations: readonly { file: string; sql: string }[];
  /** The prebuilt admin UI bundle (web/app/build.ts). */
  ui: { js: string; css: string };
  /** The prebuilt /t.js and the frozen /t.v1.js. */
  tracker: { current: string; v1: string };
  /** data/asn-overrides.csv */
  overridesCsv: string;
  /** The bundled @ip-location-db/asn dataset: embedded .zst files (IPv4 then IPv6), licences. */
  dataset: { files: readonly string[]; licences: Readonly<Record<string, string>> };
  /** Worker specifiers inside the binary (each worker is an extra entrypoint of the build). */
  workers: { writer: string; stats: string; export: string; backup: string };
}

let current: Embedded | null = null;

/** Called once by the binary's generated entry, before anything else runs. */
export function setEmbedded(e: Embedded): void {
  current = Object.freeze(e);
}

/**
 * The embedded assets, or null when running from source.
 * @example const sql = embedded()?.migrations ?? readFromDisk();
 */
export function embedded(): Embedded | null {
  return current;
}
