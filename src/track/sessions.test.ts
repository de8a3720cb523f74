import { describe, expect, test } from 'bun:test';
import { SessionStore } from './sessions.ts';

const MIN = 60_000;
const midnight = Date.UTC(2026, 10, 30);

function store(start: number, opts: { max?: number } = {}) {
  const clock = { t: start };
  let salts = 0;
  const s = new SessionStore({
    clock: () => clock.t,
    maxSessions: opts.max,
    random: (n) => {
      salts++;
      return new Uint8Array(n).fill(salts);
    },
  });
  return { s, clock, salts: () => salts };
}

const open = (s: SessionStore, ip: string, visitId = 1) => {
  const { key, session } = s.find(1, ip, 'UA');
  if (!session) s.start(key, { siteId: 1, visitId, pageviewId: 1, lastPath: '/' });
  return session;
};

describe('SessionStore', () => {
  test('same site, address and agent: one session; any of them differs: another', () => {
    const { s } = store(midnight - 60 * MIN);
    expect(open(s, '198.51.100.7')).toBeUndefined();
    expect(open(s, '198.51.100.7')?.visitId).toBe(1);
    expect(s.find(2, '198.51.100.7', 'UA').session).toBeUndefined();
    expect(s.find(1, '198.51.100.8', 'UA').session).toBeUndefined();
    expect(s.find(1, '198.51.100.7', 'Other UA').session).toBeUndefined();
  });

  test('the key is an HMAC: it contains no trace of the address', () => {
    const { s } = store(midnight);
    const { key } = s.find(1, '203.0.113.77', 'UA');
    expect(key).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(key).not.toContain('203');
  });

  test('30 idle minutes end a session; activity keeps it alive', () => {
    const { s, clock } = store(midnight - 120 * MIN);
    open(s, '198.51.100.7');
    clock.t += 29 * MIN;
    expect(open(s, '198.51.100.7')).toBeDefined();
    clock.t += 29 * MIN;
    expect(open(s, '198.51.100.7')).toBeDefined();
    clock.t += 31 * MIN;
    expect(open(s, '198.51.100.7')).toBeUndefined();
  });

  test('salt rotates at UTC midnight; a session open then carries on under the new key', () => {
    const { s, clock, salts } = store(midnight - 5 * MIN);
    open(s, '198.51.100.7');
    const keyBefore = s.find(1, '198.51.100.7', 'UA').key;
    clock.t = midnight + 10 * MIN;
    const after = s.find(1, '198.51.100.7', 'UA');
    expect(salts()).toBe(2);
    expect(after.key).not.toBe(keyBefore);
    expect(after.session).toBeDefined(); // found under the previous salt, moved to the new key
    expect(s.find(1, '198.51.100.7', 'UA').key).toBe(after.key);
    // Every UTC day brings a fresh random salt, whether or not anyone visited.
    clock.t = midnight + 86_400_000 + 1;
    s.sweep();
    expect(salts()).toBe(3);
  });

  test('bounded: the least recently seen session is evicted first', () => {
    const { s } = store(midnight, { max: 3 });
    for (const ip of ['192.0.2.1', '192.0.2.2', '192.0.2.3']) open(s, ip);
    open(s, '192.0.2.1'); // touch: now the most recent
    open(s, '192.0.2.4'); // evicts 192.0.2.2
    expect(s.size).toBe(3);
    expect(s.find(1, '192.0.2.2', 'UA').session).toBeUndefined();
    expect(s.find(1, '192.0.2.1', 'UA').session).toBeDefined();
  });

  test('sweep drops expired sessions; forget drops one', () => {
    const { s, clock } = store(midnight);
    open(s, '192.0.2.1');
    clock.t += 10 * MIN;
    open(s, '192.0.2.2');
    clock.t += 25 * MIN;
    expect(s.sweep()).toBe(1);
    expect(s.size).toBe(1);
    s.forget(s.find(1, '192.0.2.2', 'UA').key);
    expect(s.size).toBe(0);
  });
});
