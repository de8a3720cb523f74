import { createHmac, randomBytes } from 'node:crypto';

const DAY = 86_400_000;

/**
 * Turns a value (a client address, an e-mail) into an opaque key: HMAC-SHA256 under a random salt
 * held only here and replaced at UTC midnight, used by the tracking sessions and the login limits. The previous salt is kept for
 * `graceMs` so a limit that started before midnight still holds after it, then zeroed. No address
 * is held, even in memory, beyond the request that computed its key.
 */
export class DailyKeyer {
  private salt: Uint8Array;
  private day: number;
  private previous: Uint8Array | null = null;
  private previousUntil = 0;

  constructor(
    private readonly clock: () => number,
    private readonly graceMs: number,
    private readonly random: (n: number) => Uint8Array = (n) => randomBytes(n),
  ) {
    this.salt = random(32);
    this.day = Math.floor(clock() / DAY);
  }

  /** The key under the current salt, then (near midnight) the key under the previous one. */
  keys(value: string): string[] {
    const now = this.clock();
    const day = Math.floor(now / DAY);
    if (day !== this.day) {
      this.previous = this.salt;
      this.previousUntil = day * DAY + this.graceMs;
      this.salt = this.random(32);
      this.day = day;
    }
    if (this.previous && now >= this.previousUntil) {
      this.previous.fill(0);
      this.previous = null;
    }
    const out = [mac(this.salt, value)];
    if (this.previous) out.push(mac(this.previous, value));
    return out;
  }
}

const mac = (salt: Uint8Array, value: string) =>
  createHmac('sha256', salt).update(value).digest('base64url');
