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
