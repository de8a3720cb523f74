/** At most `max` failures per `windowMs`, counted from the first failure of the window. */
export interface LimitRule {
  max: number;
  windowMs: number;
}

interface Entry {
  count: number;
  resetAt: number;
}

/**
 * Counts failures per key in a bounded Map. Entries sit in the order their window started, so
 * expired ones are swept from the front; past `maxKeys` the entry nearest its end is dropped (an
 * attacker filling the map can at worst shorten someone else's window, never grow memory).
 * @example const l = new FailureLimiter({ max: 10, windowMs: 900_000 }); l.fail(['k']); l.retryAfter(['k'])
 */
export class FailureLimiter {
  private readonly map = new Map<string, Entry>();

  constructor(
    private readonly rule: LimitRule,
    private readonly clock: () => number = Date.now,
    private readonly maxKeys = 10_000,
  ) {}

  get size(): number {
    return this.map.size;
  }

  /** Milliseconds until another attempt is allowed under any of `keys`; 0 when allowed now. */
  retryAfter(keys: readonly string[]): number {
    const now = this.clock();
    let wait = 0;
    for (const k of keys) {
      const e = this.map.get(k);
      if (e && e.count >= this.rule.max && e.resetAt > now) wait = Math.max(wait, e.resetAt - now);
    }
    return wait;
  }

  /** Records a failure under keys[0], carrying over a live count kept under an older key. */
  fail(keys: readonly string[]): void {
    const now = this.clock();
    const [key, ...older] = keys;
    let e = this.map.get(key);
    if (!e || e.resetAt <= now) {
      const carried = older.map((k) => this.map.get(k)).find((o) => o && o.resetAt > now);
      e = carried ? { ...carried } : { count: 0, resetAt: now + this.rule.windowMs };
      this.map.delete(key);
      this.map.set(key, e);
      this.trim(now);
    }
    e.count++;
  }

  /** Takes back one failure recorded under keys[0] (the attempt turned out to succeed). */
  undo(keys: readonly string[]): void {
    const e = this.map.get(keys[0]);
    if (e && e.count > 0) e.count--;
  }

  /** Forgets the failures under every key (a successful login). */
  clear(keys: readonly string[]): void {
    for (const k of keys) this.map.delete(k);
  }

  private trim(now: number): void {
    for (const [k, e] of this.map) {
      if (this.map.size <= this.maxKeys && e.resetAt > now) break;
      this.map.delete(k);
    }
  }
}
