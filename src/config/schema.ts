import { ipToString, parseIp } from '../ipindex/index.ts';
import { type BackupEvery, parseBackupEvery } from './backup-every.ts';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type RunEnv = 'production' | 'development' | 'test';

/** The one validated configuration. Built once by loadConfig(), frozen, passed to every module. */
export interface Config {
  readonly host: string;
  readonly port: number;
  readonly dataDir: string;
  readonly dbPath: string;
  /** CIDRs whose X-Forwarded-For is believed (right-most untrusted hop); empty: the socket only. */
  readonly trustedProxies: readonly string[];
  readonly logLevel: LogLevel;
  readonly env: RunEnv;
  /** Import the bundled ip-location-db dataset when the index is empty at start. */
  readonly importDefault: boolean;
  /** How often `serve` checks whether another process (a CLI import) changed the range data. */
  readonly reloadCheckMs: number;
  /** SQLite synchronous level for the server: full (survives power loss) or normal (process crash). */
  readonly synchronous: 'full' | 'normal';
  /**
   * Webhook targets allowed although they resolve to a private/loopback/reserved address:
   * lower-cased host names and canonical CIDRs ('10.0.0.0/8'). Empty: public addresses only.
   */
  readonly webhookAllow: readonly string[];
  /** The dashboard's external base URL (links in e-mails), without a trailing slash; null: unknown. */
  readonly publicUrl: string | null;
  /** Directory for scheduled backups; null: no scheduled backups. */
  readonly backupDir: string | null;
  /** When scheduled backups run (BACKUP_EVERY). */
  readonly backupEvery: BackupEvery;
  /** How many scheduled backups to keep in backupDir (older ones are deleted). */
  readonly backupKeep: number;
  /** Beacons per second one client (an IPv4 address or IPv6 /64) may send, sustained. */
  readonly ingestClientRate: number;
  /** Beacons one client may send at once before the sustained rate applies. */
  readonly ingestClientBurst: number;
  /** Beacons per second one site key takes, sustained, whoever sends them. */
  readonly ingestSiteRate: number;
  /** Beacons one site key takes at once before the sustained rate applies. */
  readonly ingestSiteBurst: number;
}

/** One documented setting: env var, CLI flag, default, parser. The README table mirrors this list. */
export interface Setting<K extends keyof Config = keyof Config> {
  key: K;
  env: string;
  flag: string;
  help: string;
  default: (partial: Partial<Config>) => Config[K];
  parse: (raw: string) => Config[K];
}

export class ConfigError extends Error {
  readonly code = 'config_invalid';
}

const oneOf =
  <T extends string>(name: string, values: readonly T[]) =>
  (raw: string): T => {
    const v = raw.trim().toLowerCase() as T;
    if (!values.includes(v))
      throw new ConfigError(`${name} must be one of ${values.join(', ')}, got "${raw}"`);
    return v;
  };

const int = (name: string, min: number, max: number) => (raw: string) => {
  const v = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || v < min || v > max) {
    throw new ConfigError(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
  }
  return v;
};

const bool = (name: string) => (raw: string) => {
  const v = raw.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off'].includes(v)) return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
};

/**
 * Parses a comma-separated CIDR list into canonical text; a bare address means a /32 or /128.
 * Host bits must be zero: "10.0.0.1/8" is more likely a typo than a wish to trust 10/8.
 * @example parseCidrList('10.0.0.0/8, ::1') // ['10.0.0.0/8', '::1/128']
 */
export function parseCidrList(raw: string, name = 'TRUSTED_PROXIES'): string[] {
  const out: string[] = [];
  for (const part of raw.split(',')) {
    const item = part.trim();
    if (!item) continue;
    const [addr, len, extra] = item.split('/');
    const ip = parseIp(addr);
    const max = ip?.family === 4 ? 32 : 128;
    const bits = len === undefined ? max : /^\d{1,3}$/.test(len) ? Number(len) : -1;
    if (!ip || extra !== undefined || bits < 0 || bits > max) {
      throw new ConfigError(`${name}: "${item}" is not an IP address or CIDR range`);
    }
    const hostMask = (1n << BigInt(max - bits)) - 1n;
    if (ip.value & hostMask) {
      throw new ConfigError(
        `${name}: "${item}" has host bits set; did you mean ${ipToString(ip.family, ip.value & ~hostMask)}/${bits}?`,
      );
    }
    out.push(`${ipToString(ip.family, ip.value)}/${bits}`);
  }
  return out;
}

const HOSTNAME =
  /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;

/**
 * Parses WEBHOOK_ALLOW: host names (lower-cased) and IP addresses/CIDRs (canonical, as in
 * TRUSTED_PROXIES), comma-separated. A host name matches exactly; it allows whatever it resolves to.
 * @example parseAllowList('Hooks.internal, 10.1.0.0/16') // ['hooks.internal', '10.1.0.0/16']
 */
export function parseAllowList(raw: string): string[] {
  const out: string[] = [];
  for (const part of raw.split(',')) {
    const item = part.trim().toLowerCase();
    if (!item) continue;
    // A colon, a slash or nothing but digits and dots: meant as an address or CIDR, parsed as one.
    if (item.includes(':') || item.includes('/') || /^[\d.]+$/.test(item)) {
      out.push(...parseCidrList(item, 'WEBHOOK_ALLOW'));
    } else if (HOSTNAME.test(item)) {
      out.push(item);
    } else {
      throw new ConfigError(`WEBHOOK_ALLOW: "${part.trim()}" is not a host name, address or CIDR`);
    }
  }
  return out;
}

/**
 * Parses PUBLIC_URL: an absolute http(s) URL without credentials, query or fragment; returned
 * without a trailing slash so callers can append '/companies/1'.
 * @example parsePublicUrl('https://leads.example.com/') // 'https://leads.example.com'
 */
export function parsePublicUrl(raw: string): string {
  const v = raw.trim();
  const u = URL.canParse(v) ? new URL(v) : null;
  if (
    !u ||
    (u.protocol !== 'http:' && u.protocol !== 'https:') ||
    u.username ||
    u.password ||
    u.search ||
    u.hash
  ) {
    throw new ConfigError(
      `PUBLIC_URL must be an http(s) URL like https://leads.example.com, got "${raw}"`,
    );
  }
  return `${u.origin}${u.pathname}`.replace(/\/+$/, '');
}

export const SETTINGS: Setting[] = [
  {
    key: 'host',
    env: 'HOST',
    flag: '--host',
    help: 'Address to listen on. 0.0.0.0 (all interfaces) in a container.',
    default: () => '127.0.0.1',
    parse: (raw) => {
      const v = raw.trim();
      if (!/^[A-Za-z0-9.:_-]{1,253}$/.test(v))
        throw new ConfigError(`HOST is not a hostname or address: "${raw}"`);
      return v;
    },
  },
  {
    key: 'port',
    env: 'PORT',
    flag: '--port',
    help: 'TCP port (0 picks a free one).',
    default: () => 3000,
    parse: int('PORT', 0, 65535),
  },
  {
    key: 'dataDir',
    env: 'DATA_DIR',
    flag: '--data-dir',
    help: 'Directory holding the database.',
    default: () => 'data',
    parse: (raw) => {
      if (!raw.trim()) throw new ConfigError('DATA_DIR must not be empty');
      return raw.trim();
    },
  },
  {
    key: 'dbPath',
    env: 'DB_PATH',
    flag: '--db',
    help: 'SQLite file (default: DATA_DIR/leadlens.db).',
    default: (c) => `${c.dataDir ?? 'data'}/leadlens.db`,
    parse: (raw) => {
      if (!raw.trim()) throw new ConfigError('DB_PATH must not be empty');
      return raw.trim();
    },
  },
  {
    key: 'trustedProxies',
    env: 'TRUSTED_PROXIES',
    flag: '--trusted-proxies',
    help: 'Comma-separated CIDRs of reverse proxies whose X-Forwarded-For is trusted. Empty: none.',
    default: () => [],
    parse: parseCidrList,
  },
  {
    key: 'logLevel',
    env: 'LOG_LEVEL',
    flag: '--log-level',
    help: 'debug, info, warn or error.',
    default: () => 'info',
    parse: oneOf('LOG_LEVEL', ['debug', 'info', 'warn', 'error'] as const),
  },
  {
    key: 'env',
    env: 'LEADLENS_ENV',
    flag: '--env',
    help: 'production hides diagnostic headers; development and test show them.',
    default: () => 'production',
    parse: oneOf('LEADLENS_ENV', ['production', 'development', 'test'] as const),
  },
  {
    key: 'importDefault',
    env: 'IMPORT_DEFAULT',
    flag: '--import-default',
    help: 'Import the bundled @ip-location-db/asn dataset on first start.',
    default: () => true,
    parse: bool('IMPORT_DEFAULT'),
  },
  {
    key: 'reloadCheckMs',
    env: 'RELOAD_CHECK_MS',
    flag: '--reload-check-ms',
    help: 'How often the server looks for data imported by another process (ms).',
    default: () => 5000,
    parse: int('RELOAD_CHECK_MS', 100, 3_600_000),
  },
  {
    key: 'synchronous',
    env: 'SYNCHRONOUS',
    flag: '--synchronous',
    help: 'full: an acknowledged beacon survives power loss; normal: only a crash of the process (faster).',
    default: () => 'full',
    parse: oneOf('SYNCHRONOUS', ['full', 'normal'] as const),
  },
  {
    key: 'webhookAllow',
    env: 'WEBHOOK_ALLOW',
    flag: '--webhook-allow',
    help: 'Comma-separated host names and CIDRs that webhooks may reach although private or local. Empty: public addresses only.',
    default: () => [],
    parse: parseAllowList,
  },
  {
    key: 'publicUrl',
    env: 'PUBLIC_URL',
    flag: '--public-url',
    help: "The dashboard's external base URL, for links in alert e-mails (e.g. https://leads.example.com).",
    default: () => null,
    parse: parsePublicUrl,
  },
  {
    key: 'backupDir',
    env: 'BACKUP_DIR',
    flag: '--backup-dir',
    help: 'Directory for scheduled backups (leadlens-YYYYMMDDTHHMMSSZ.db). Empty: none.',
    default: () => null,
    parse: (raw) => raw.trim() || null,
  },
  {
    key: 'backupEvery',
    env: 'BACKUP_EVERY',
    flag: '--backup-every',
    help: 'When scheduled backups run: HH:MM (daily, UTC) or Nh (every N hours, 1-168).',
    default: () => ({ dailyAt: { hour: 3, minute: 30 } }),
    parse: (raw) => {
      const v = parseBackupEvery(raw);
      if (!v) throw new ConfigError(`BACKUP_EVERY must be HH:MM (UTC) or Nh, got "${raw}"`);
      return v;
    },
  },
  {
    key: 'backupKeep',
    env: 'BACKUP_KEEP',
    flag: '--backup-keep',
    help: 'How many scheduled backups to keep; older ones are deleted.',
    default: () => 7,
    parse: int('BACKUP_KEEP', 1, 1000),
  },
  // Ingest limits (429 with Retry-After beyond them). Generous: a company's NAT puts many visitors
  // behind one address, and DESIGN sizes a node for 50 beacons/s sustained with 5 k/s bursts.
  {
    key: 'ingestClientRate',
    env: 'INGEST_CLIENT_RATE',
    flag: '--ingest-client-rate',
    help: 'Beacons per second one client address (IPv6: its /64) may send, sustained.',
    default: () => 20,
    parse: int('INGEST_CLIENT_RATE', 1, 1_000_000),
  },
  {
    key: 'ingestClientBurst',
    env: 'INGEST_CLIENT_BURST',
    flag: '--ingest-client-burst',
    help: 'Beacons one client may send in a burst before INGEST_CLIENT_RATE applies.',
    default: () => 200,
    parse: int('INGEST_CLIENT_BURST', 1, 10_000_000),
  },
  {
    key: 'ingestSiteRate',
    env: 'INGEST_SITE_RATE',
    flag: '--ingest-site-rate',
    help: 'Beacons per second one site key takes, sustained, from all clients together.',
    default: () => 1000,
    parse: int('INGEST_SITE_RATE', 1, 1_000_000),
  },
  {
    key: 'ingestSiteBurst',
    env: 'INGEST_SITE_BURST',
    flag: '--ingest-site-burst',
    help: 'Beacons one site key takes in a burst before INGEST_SITE_RATE applies.',
    default: () => 10_000,
    parse: int('INGEST_SITE_BURST', 1, 10_000_000),
  },
];
