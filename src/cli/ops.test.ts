// version, healthcheck, user, restore — and the documented restore procedure against a real server.
import { afterAll, describe, expect, test } from 'bun:test';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { verifyPassword } from '../auth/secrets.ts';
import { createAuthStore } from '../auth/store.ts';
import { openDatabase, openDriver } from '../db/index.ts';
import { spawnServer } from '../testing/server.ts';
import { tempDir } from '../testing/tmp.ts';
import type { CliIO } from './io.ts';
import { runCli } from './main.ts';
import { healthUrl } from './ops.ts';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

async function cli(args: string[], stdin = '') {
  let out = '';
  let err = '';
  const io: CliIO = {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    stdin: (async function* () {
      if (stdin) yield new TextEncoder().encode(stdin);
    })(),
    env: {},
  };
  const code = await runCli(args, io);
  return { code, out, err };
}

test('version: name, version, Bun, schema of the build and of the database', async () => {
  const db = tmp.path('v.db');
  const none = await cli(['version', '--json', '--db', db]);
  expect(none.code).toBe(0);
  const v = JSON.parse(none.out);
  expect(v).toMatchObject({ name: 'leadlens', bun: Bun.version, database_schema: null });
  expect(v.version).toMatch(/^\d+\.\d+\.\d+/);
  openDatabase(db).close();
  const after = JSON.parse((await cli(['version', '--json', '--db', db])).out);
  expect(after.database_schema).toBe(v.schema);
  expect((await cli(['version', '--db', db])).out).toMatch(/^leadlens \d+\.\d+\.\d+ \(bun /);
});

test.each([
  [{ host: '0.0.0.0', port: 3000 }, 'http://127.0.0.1:3000/healthz'],
  [{ host: '::', port: 80 }, 'http://[::1]:80/healthz'],
  [{ host: '127.0.0.1', port: 8080 }, 'http://127.0.0.1:8080/healthz'],
  [{ host: 'fd00::5', port: 3000 }, 'http://[fd00::5]:3000/healthz'],
])('healthcheck looks at %p', (config, url) => {
  expect(healthUrl(config)).toBe(url);
});

test('healthcheck: 0 on 200, 1 on another status, a refused connection or silence', async () => {
  const answers: Record<string, () => Response | Promise<Response>> = {
    '/healthz': () => new Response('{}'),
    '/degraded': () => new Response('{}', { status: 503 }),
    '/slow': () => Bun.sleep(5000).then(() => new Response('late')),
  };
  const server = Bun.serve({
    hostname: '127.0.0.1',
    port: 0,
    fetch: (r) => answers[new URL(r.url).pathname]?.() ?? new Response('', { status: 404 }),
  });
  try {
    expect((await cli(['healthcheck', '--port', String(server.port)])).code).toBe(0);
    const base = `http://127.0.0.1:${server.port}`;
    expect((await cli(['healthcheck', '--url', `${base}/degraded`])).code).toBe(1);
    const t0 = performance.now();
    const slow = await cli(['healthcheck', '--url', `${base}/slow`]);
    expect(slow.code).toBe(1);
    expect(slow.err).toContain('no answer within 3 s');
    expect(performance.now() - t0).toBeLessThan(4000);
  } finally {
    server.stop(true);
  }
  expect((await cli(['healthcheck', '--port', String(server.port)])).code).toBe(1);
  expect((await cli(['healthcheck', '--url', 'file:///etc/passwd'])).code).toBe(2);
}, 10_000);

describe('user', () => {
  const db = tmp.path('users.db');
  const creds = (email: string) => {
    const d = openDatabase(db);
    try {
      return createAuthStore(d).credentials(email);
    } finally {
      d.close();
    }
  };

  test('the first user must be an owner; create with a password from stdin', async () => {
    const pw = 'correct horse battery\n';
    const viewer = await cli(
      [
        'user',
        'create',
        '--email',
        'v@example.com',
        '--role',
        'viewer',
        '--password-stdin',
        '--db',
        db,
      ],
      pw,
    );
    expect(viewer.code).toBe(1);
    expect(viewer.err).toContain('first user must be an owner');
    const r = await cli(
      [
        'user',
        'create',
        '--email',
        'Owner@Example.com',
        '--role',
        'owner',
        '--name',
        'Olga',
        '--password-stdin',
        '--db',
        db,
      ],
      pw,
    );
    expect(r.code).toBe(0);
    const c = creds('owner@example.com');
    expect(c?.user).toMatchObject({ name: 'Olga', role: 'owner' });
    expect(await verifyPassword('correct horse battery', c!.hash)).toBe(true);
    const again = await cli(
      [
        'user',
        'create',
        '--email',
        'owner@example.com',
        '--role',
        'owner',
        '--password-stdin',
        '--db',
        db,
      ],
      pw,
    );
    expect(again.code).toBe(1);
  });

  test('without a password: a one-time invitation link', async () => {
    const r = await cli([
      'user',
      'create',
      '--email',
      'new@example.com',
      '--role',
      'viewer',
      '--base-url',
      'https://leads.example.com/',
      '--db',
      db,
    ]);
    expect(r.code).toBe(0);
    const token = /https:\/\/leads\.example\.com\/invite\?token=([A-Za-z0-9_-]+)/.exec(r.out)?.[1];
    expect(token).toBeDefined();
    const d = openDriver(db, { readonly: true });
    const row = d
      .prepare<{ email: string; role: string }>(
        'SELECT email, role FROM invites WHERE token_hash = ?',
      )
      .get(new Bun.CryptoHasher('sha256').update(token!).digest('hex'));
    d.close();
    expect(row).toEqual({ email: 'new@example.com', role: 'viewer' });
    expect(creds('new@example.com')).toBeNull();
  });

  test('reset-password: new password from stdin, sessions ended', async () => {
    const d = openDatabase(db);
    const id = createAuthStore(d).credentials('owner@example.com')!.user.id;
    d.prepare(
      'INSERT INTO auth_sessions (id, user_id, created_at, last_seen_at, expires_at) VALUES (?, ?, 0, 0, ?)',
    ).run('a'.repeat(64), id, Date.now() + 1e9);
    d.close();
    const short = await cli(
      ['user', 'reset-password', '--email', 'owner@example.com', '--db', db],
      'short\n',
    );
    expect(short.code).toBe(2);
    const r = await cli(
      ['user', 'reset-password', '--email', 'OWNER@example.com', '--db', db],
      'a brand new passphrase\n',
    );
    expect(r.code).toBe(0);
    expect(await verifyPassword('a brand new passphrase', creds('owner@example.com')!.hash)).toBe(
      true,
    );
    expect(await verifyPassword('correct horse battery', creds('owner@example.com')!.hash)).toBe(
      false,
    );
    const check = openDriver(db, { readonly: true });
    expect(check.prepare('SELECT id FROM auth_sessions WHERE user_id = ?').all(id)).toEqual([]);
    check.close();
    const nobody = await cli(
      ['user', 'reset-password', '--email', 'x@example.com', '--db', db],
      'whatever long\n',
    );
    expect(nobody.code).toBe(1);
    expect((await cli(['user', 'delete', '--db', db])).code).toBe(2);
  });
});

test('restore, the documented way: backup, refused while serving, stop, restore, start', async () => {
  const data = tmp.path('srv');
  mkdirSync(data);
  const dbPath = join(data, 'leadlens.db');
  const backups = tmp.path('backups');
  mkdirSync(backups);
  const sites = async () =>
    (await cli(['sites', 'list', '--json', '--db', dbPath])).out.trim().split('\n').filter(Boolean);

  let server = await spawnServer(data);
  try {
    expect(
      (await cli(['sites', 'add', '--name', 'Kept', '--domain', 'kept.example', '--db', dbPath]))
        .code,
    ).toBe(0);
    const copy = join(backups, 'before.db');
    expect((await cli(['backup', copy, '--db', dbPath])).code).toBe(0);
    expect(
      (await cli(['sites', 'add', '--name', 'Later', '--domain', 'later.example', '--db', dbPath]))
        .code,
    ).toBe(0);
    expect(await sites()).toHaveLength(2);

    const refused = await cli(['restore', copy, '--db', dbPath]);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('stop it first');

    expect(await server.stop()).toBe(0);
    expect(existsSync(`${dbPath}.lock`)).toBe(false);
    const r = await cli(['restore', copy, '--db', dbPath]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('kept as');
    expect(await sites()).toHaveLength(1);

    server = await spawnServer(data);
    const health = await fetch(`${server.base}/healthz`);
    expect(health.status).toBe(200);
    expect((await cli(['healthcheck', '--url', `${server.base}/healthz`])).code).toBe(0);
    expect(await server.stop()).toBe(0);
  } finally {
    server.proc.kill('SIGKILL');
  }
}, 60_000);
