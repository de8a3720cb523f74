import { createHmac, randomBytes } from 'node:crypto';

/** What Leadlens remembers of a browsing session, in memory only. */
export interface Session {
  siteId: number;
  /** 0 when the visitor's network is not a lead (only counted). */
  visitId: number;
  /** The pageview that engagement time is added to. */
  pageviewId: number;
  lastPath: string;
  lastSeen: number;
}

export interface SessionOptions {
  idleMs?: number;
  maxSessions?: number;
  clock?: () => number;
  /** Salt source; tests pass a deterministic one. */
  random?: (n: number) => Uint8Array;
}

const DAY = 86_400_000;

/**
 * Sessions keyed by HMAC-SHA256(daySalt, siteId|ip|userAgent). The salt is random, lives only in
 * this object, and is replaced at UTC midnight; the previous salt is kept for `idleMs` so sessions
 * open at midnight carry on, then forgotten. Nothing here is ever written anywhere, so after the
 * rotation no stored value can be linked back to an address. Bounded: least recently seen
 * sessions are evicted beyond `maxSessions` (a Map keeps insertion order; a touch re-inserts).
 */
export class SessionStore {
  private readonly idleMs: number;
  private readonly max: number;
  private readonly clock: () => number;
  private readonly random: (n: number) => Uint8Array;
  private readonly map = new Map<string, Session>();
  private salt: Uint8Array;
  private saltDay: number;
  private previous: Uint8Array | null = null;
  private previousUntil = 0;

  constructor(o: SessionOptions = {}) {
    this.idleMs = o.idleMs ?? 30 * 60_000;
    this.max = o.maxSessions ?? 200_000;
    this.clock = o.clock ?? Date.now;
    this.random = o.random ?? ((n) => randomBytes(n));
    this.salt = this.random(32);
    this.saltDay = Math.floor(this.clock() / DAY);
  }

  get size(): number {
    return this.map.size;
  }

  /** Replaces the salt when the UTC day changed; called on every lookup, so no timer is needed. */
  private rotate(now: number): void {
    const day = Math.floor(now / DAY);
    if (day !== this.saltDay) {
      this.previous = this.salt;
      this.previousUntil = day * DAY + this.idleMs;
      this.salt = this.random(32);
      this.saltDay = day;
    }
    if (this.previous && now >= this.previousUntil) {
      this.previous.fill(0);
      this.previous = null;
    }
  }

  private key(salt: Uint8Array, siteId: number, ip: string, ua: string): string {
    return createHmac('sha256', salt).update(`${siteId}|${ip}|${ua}`).digest('base64');
  }

  /**
   * Finds the live session for a visitor (touching it), or undefined. The address is used to
   * compute the key and goes no further.
   */
  find(siteId: number, ip: string, ua: string): { key: string; session: Session | undefined } {
    const now = this.clock();
    this.rotate(now);
    const key = this.key(this.salt, siteId, ip, ua);
    let session = this.take(key, now);
    if (!session && this.previous) {
      session = this.take(this.key(this.previous, siteId, ip, ua), now);
    }
    if (session) {
      session.lastSeen = now;
      this.map.set(key, session);
    }
    return { key, session };
  }

  private take(key: string, now: number): Session | undefined {
    const s = this.map.get(key);
    if (!s) return undefined;
    this.map.delete(key);
    return now - s.lastSeen > this.idleMs ? undefined : s;
  }

  /** Starts (or replaces) the session under `key` from find(). */
  start(key: string, session: Omit<Session, 'lastSeen'>): Session {
    const s: Session = { ...session, lastSeen: this.clock() };
    this.map.delete(key);
    this.map.set(key, s);
    if (this.map.size > this.max) {
      const oldest = this.map.keys().next().value;
      if (oldest !== undefined) this.map.delete(oldest);
    }
    return s;
  }

  /** Forgets one session (its writes failed, so its visit does not exist). */
  forget(key: string): void {
    this.map.delete(key);
  }

  /** Drops expired sessions (oldest first: the Map is ordered by last touch). */
  sweep(): number {
    const now = this.clock();
    this.rotate(now);
    let n = 0;
    for (const [k, s] of this.map) {
      if (now - s.lastSeen <= this.idleMs) break;
      this.map.delete(k);
      n++;
    }
    return n;
  }

  /** Forgets every session of a visit's company (after an opt-out) — by visit id. */
  forgetVisits(visitIds: ReadonlySet<number>): void {
    for (const [k, s] of this.map) if (visitIds.has(s.visitId)) this.map.delete(k);
  }
}
