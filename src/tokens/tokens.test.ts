// The token service on its own database: the secret's shape, what is stored, resolving, the
// once-a-minute use record, revocation, and what a token may do as its creator changes.
import { afterEach, beforeEach, describe, expect, test } from 'bun:test';
import { createHash } from 'node:crypto';
import { type Driver, openDatabase } from '../db/index.ts';
import { tempDir } from '../testing/tmp.ts';
import { createTokenService, TOKEN_SHAPE, TOUCH_EVERY_MS, type TokenService } from './index.ts';

let tmp: ReturnType<typeof tempDir>;
let db: Driver;
let now: { t: number };
let tokens: TokenService;
let admin: number;

const addUser = (email: string, role: string) =>
  db
    .prepare<{ id: number }>(
      `INSERT INTO users (email, name, password_hash, role, created_at) VALUES (?, ?, 'x', ?, 0) RETURNING id`,
    )
    .get(email, email.split('@')[0], role)!.id;

beforeEach(() => {
  tmp = tempDir();
  db = openDatabase(tmp.path('t.db'));
  now = { t: Date.UTC(2026, 10, 29, 10) };
  tokens = createTokenService({ db, clock: () => now.t });
  admin = addUser('ada@example.com', 'admin');
});
afterEach(() => {
  db.close();
  tmp.cleanup();
});

describe('create', () => {
  test('a fresh ll_ secret each time, shown once; only its hash and prefix are stored', () => {
    const a = tokens.create({ name: '  CRM sync ', scope: 'read' }, admin);
    const b = tokens.create({ name: 'Zapier', scope: 'write' }, admin);
    for (const c of [a, b]) expect(c.secret).toMatch(TOKEN_SHAPE);
    expect(a.secret).not.toBe(b.secret);
    expect(a.token).toMatchObject({
      name: 'CRM sync',
      scope: 'read',
      prefix: a.secret.slice(0, 9),
      createdAt: now.t,
      createdBy: 'ada',
      lastUsedAt: null,
      revokedAt: null,
    });
    const rows = db.prepare<Record<string, unknown>>('SELECT * FROM api_tokens ORDER BY id').all();
    expect(rows[0].token_hash).toBe(createHash('sha256').update(a.secret).digest('hex'));
    const dump = JSON.stringify(rows) + JSON.stringify(tokens.list());
    for (const c of [a, b]) expect(dump).not.toContain(c.secret.slice(9));
  });

  test('a blank name is refused', () => {
    expect(() => tokens.create({ name: '   ', scope: 'read' }, admin)).toThrow('name is blank');
  });
});

describe('resolve', () => {
  test('the principal of a live token; null for anything else', () => {
    const { secret, token } = tokens.create({ name: 'CRM', scope: 'write' }, admin);
    expect(tokens.resolve(secret)).toEqual({
      tokenId: token.id,
      tokenName: 'CRM',
      scope: 'write',
      userId: admin,
      userName: 'ada',
      canWrite: true,
    });
    const flipped = secret.slice(0, -1) + (secret.endsWith('A') ? 'B' : 'A');
    for (const bad of ['', 'll_', flipped, secret.slice(3), `${secret}x`, secret.toUpperCase()]) {
      expect({ bad, p: tokens.resolve(bad) }).toEqual({ bad, p: null });
    }
  });

  test('last used is written at most once a minute', () => {
    const { secret, token } = tokens.create({ name: 'CRM', scope: 'read' }, admin);
    const lastUsed = () => tokens.list().find((t) => t.id === token.id)!.lastUsedAt;
    const writes = () => db.prepare<{ n: number }>('SELECT total_changes() AS n').get()!.n;
    const t0 = now.t;
    tokens.resolve(secret);
    expect(lastUsed()).toBe(t0);
    const before = writes();
    for (let i = 0; i < 50; i++) {
      now.t += 1000; // 50 requests over 50 s: no write
      tokens.resolve(secret);
    }
    expect(writes()).toBe(before);
    expect(lastUsed()).toBe(t0);
    now.t = t0 + TOUCH_EVERY_MS;
    tokens.resolve(secret);
    expect(lastUsed()).toBe(t0 + TOUCH_EVERY_MS);
  });

  test('revoked: refused at once, kept in the list with its revocation time', () => {
    const { secret, token } = tokens.create({ name: 'CRM', scope: 'read' }, admin);
    now.t += 5000;
    expect(tokens.revoke(token.id)).toBe(true);
    expect(tokens.revoke(token.id)).toBe(false);
    expect(tokens.revoke(9999)).toBe(false);
    expect(tokens.resolve(secret)).toBeNull();
    expect(tokens.list()[0]).toMatchObject({ id: token.id, revokedAt: now.t });
  });

  test('a token never does more than its creator: demoted → read-only; disabled or removed → dead', () => {
    const { secret } = tokens.create({ name: 'CRM', scope: 'write' }, admin);
    db.prepare("UPDATE users SET role = 'viewer' WHERE id = ?").run(admin);
    expect(tokens.resolve(secret)).toMatchObject({ scope: 'write', canWrite: false });
    db.prepare('UPDATE users SET disabled = 1 WHERE id = ?').run(admin);
    expect(tokens.resolve(secret)).toBeNull();
    db.prepare('UPDATE users SET disabled = 0 WHERE id = ?').run(admin);
    expect(tokens.resolve(secret)).not.toBeNull();
    db.prepare('DELETE FROM users WHERE id = ?').run(admin);
    expect(tokens.resolve(secret)).toBeNull();
    expect(tokens.list()).toEqual([]);
  });
});
