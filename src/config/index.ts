import { type Config, ConfigError, SETTINGS } from './schema.ts';

export { type BackupEvery, parseBackupEvery } from './backup-every.ts';
export {
  type Config,
  ConfigError,
  type LogLevel,
  parseAllowList,
  parseCidrList,
  parsePublicUrl,
  type RunEnv,
  SETTINGS,
} from './schema.ts';

/**
 * Builds the frozen config from flags (win) and environment variables. The only reader of
 * process.env in Leadlens: callers pass `env` so tests never touch the real environment.
 * Unknown flags are the caller's (CLI) business; this only reads flags it owns.
 * @example const config = loadConfig({ '--port': '8080' }, process.env);
 */
export function loadConfig(
  flags: Record<string, string | undefined> = {},
  env: Record<string, string | undefined> = process.env,
): Readonly<Config> {
  const out: Partial<Record<keyof Config, unknown>> = {};
  for (const s of SETTINGS) {
    const raw = flags[s.flag] ?? env[s.env];
    if (raw !== undefined) out[s.key] = s.parse(raw);
  }
  for (const s of SETTINGS) {
    if (out[s.key] === undefined) out[s.key] = s.default(out as Partial<Config>);
  }
  const config = out as unknown as Config;
  Object.freeze(config.trustedProxies);
  Object.freeze(config.webhookAllow);
  return Object.freeze(config);
}

/** Flags that take a value, for the CLI parser. */
export const CONFIG_FLAGS: ReadonlySet<string> = new Set(SETTINGS.map((s) => s.flag));

export function isConfigError(e: unknown): e is ConfigError {
  return e instanceof ConfigError;
}
