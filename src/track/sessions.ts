import { DailyKeyer } from '../privacy/index.ts';

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
  private readonly keyer: DailyKeyer;
  private readonly map = new Map<string, Session>();

  constructor(o: SessionOptions = {}) {
    this.idleMs = o.idleMs ?? 30 * 60_000;
    this.max = o.maxSessions ?? 200_000;
    this.clock = o.clock ?? Date.now;
    // The previous day's salt lives as long as a session may stay idle, then it is zeroed.
    this.keyer = new DailyKeyer(this.clock, this.idleMs, o.random);
  }

  get size(): number {
    return this.map.size;
  }

  /**
   * Finds the live session for a visitor (touching it), or undefined. The address is used to
   * compute the key and goes no further.
   */
  find(siteId: number, ip: string, ua: string): { key: string; session: Session | undefined } {
    const now = this.clock();
    const [key, previousKey] = this.keyer.keys(`${siteId}|${ip}|${ua}`);
    let session = this.take(key, now);
    if (!session && previousKey) session = this.take(previousKey, now);
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
    this.keyer.keys(''); // rotates the salt on schedule even when nobody visits
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
