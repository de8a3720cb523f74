import { describe, expect, test } from 'bun:test';
import { ConfigError, loadConfig, parseCidrList } from './index.ts';

describe('loadConfig', () => {
  test('defaults', () => {
    const c = loadConfig({}, {});
    expect(c).toEqual({
      host: '127.0.0.1',
      port: 3000,
      dataDir: 'data',
      dbPath: 'data/leadlens.db',
      trustedProxies: [],
      logLevel: 'info',
      env: 'production',
      importDefault: true,
      reloadCheckMs: 5000,
      synchronous: 'full',
      webhookAllow: [],
      publicUrl: null,
      backupDir: null,
      backupEvery: { dailyAt: { hour: 3, minute: 30 } },
      backupKeep: 7,
      ingestClientRate: 20,
      ingestClientBurst: 200,
      ingestSiteRate: 1000,
      ingestSiteBurst: 10_000,
    });
    expect(Object.isFrozen(c)).toBe(true);
    expect(Object.isFrozen(c.trustedProxies)).toBe(true);
  });

  test('flags win over the environment; DB_PATH follows DATA_DIR', () => {
    const c = loadConfig(
      { '--port': '8080' },
      { PORT: '9090', DATA_DIR: '/srv/ll', LOG_LEVEL: 'DEBUG' },
    );
    expect(c.port).toBe(8080);
    expect(c.dbPath).toBe('/srv/ll/leadlens.db');
    expect(c.logLevel).toBe('debug');
  });

  const bad: [Record<string, string>, RegExp][] = [
    [{ PORT: '70000' }, /PORT must be an integer from 0 to 65535/],
    [{ PORT: '80a' }, /PORT/],
    [{ PORT: '-1' }, /PORT/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL must be one of debug, info, warn, error/],
    [{ LEADLENS_ENV: 'prod' }, /LEADLENS_ENV/],
    [{ IMPORT_DEFAULT: 'maybe' }, /IMPORT_DEFAULT must be true or false/],
    [{ TRUSTED_PROXIES: '10.0.0.0/33' }, /TRUSTED_PROXIES: "10.0.0.0\/33"/],
    [{ TRUSTED_PROXIES: 'proxy.local' }, /TRUSTED_PROXIES/],
    [{ HOST: 'a b' }, /HOST/],
    [{ DATA_DIR: ' ' }, /DATA_DIR/],
    [{ RELOAD_CHECK_MS: '5' }, /RELOAD_CHECK_MS/],
    [{ SYNCHRONOUS: 'off' }, /SYNCHRONOUS must be one of full, normal/],
    [{ WEBHOOK_ALLOW: 'hooks_internal' }, /WEBHOOK_ALLOW: "hooks_internal" is not a host name/],
    [{ WEBHOOK_ALLOW: '10.0.0.1/8' }, /WEBHOOK_ALLOW: "10.0.0.1\/8" has host bits set/],
    [{ WEBHOOK_ALLOW: '300.1.1.1' }, /WEBHOOK_ALLOW: "300.1.1.1"/],
    [{ PUBLIC_URL: 'leads.example.com' }, /PUBLIC_URL must be an http\(s\) URL/],
    [{ PUBLIC_URL: 'ftp://leads.example.com' }, /PUBLIC_URL/],
    [{ PUBLIC_URL: 'https://u:p@leads.example.com' }, /PUBLIC_URL/],
    [{ PUBLIC_URL: 'https://leads.example.com/?a=1' }, /PUBLIC_URL/],
    [{ INGEST_CLIENT_RATE: '0' }, /INGEST_CLIENT_RATE/],
    [{ INGEST_CLIENT_BURST: '-5' }, /INGEST_CLIENT_BURST/],
    [{ INGEST_SITE_RATE: '1.5' }, /INGEST_SITE_RATE/],
    [{ INGEST_SITE_BURST: 'lots' }, /INGEST_SITE_BURST/],
  ];
  for (const [env, msg] of bad) {
    test(`refuses ${JSON.stringify(env)}`, () => {
      expect(() => loadConfig({}, env)).toThrow(ConfigError);
      expect(() => loadConfig({}, env)).toThrow(msg);
    });
  }
});

describe('parseCidrList', () => {
  const cases: [string, string[]][] = [
    ['', []],
    ['127.0.0.1', ['127.0.0.1/32']],
    [' 10.0.0.0/8 , ::1 ', ['10.0.0.0/8', '::1/128']],
    ['2001:db8::/32,192.0.2.0/24', ['2001:db8::/32', '192.0.2.0/24']],
  ];
  for (const [input, want] of cases) {
    test(JSON.stringify(input), () => expect(parseCidrList(input)).toEqual(want));
  }
});

test('a CIDR with host bits set says what was probably meant', () => {
  expect(() => parseCidrList('10.0.0.1/8')).toThrow('did you mean 10.0.0.0/8?');
});

describe('WEBHOOK_ALLOW and PUBLIC_URL', () => {
  const allow: [string, string[]][] = [
    ['', []],
    ['Hooks.Internal', ['hooks.internal']],
    [
      ' localhost , 127.0.0.1, 10.1.0.0/16 ,::1',
      ['localhost', '127.0.0.1/32', '10.1.0.0/16', '::1/128'],
    ],
  ];
  for (const [raw, want] of allow) {
    test(`WEBHOOK_ALLOW=${JSON.stringify(raw)}`, () => {
      const c = loadConfig({}, { WEBHOOK_ALLOW: raw });
      expect(c.webhookAllow).toEqual(want);
      expect(Object.isFrozen(c.webhookAllow)).toBe(true);
    });
  }
  const urls: [string, string][] = [
    ['https://leads.example.com', 'https://leads.example.com'],
    ['https://leads.example.com/', 'https://leads.example.com'],
    [' http://intranet:8080/leadlens/ ', 'http://intranet:8080/leadlens'],
  ];
  for (const [raw, want] of urls) {
    test(`PUBLIC_URL=${JSON.stringify(raw)}`, () => {
      expect(loadConfig({}, { PUBLIC_URL: raw }).publicUrl).toBe(want);
      expect(loadConfig({ '--public-url': raw }, {}).publicUrl).toBe(want);
    });
  }
});
