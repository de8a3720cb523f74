import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * A fresh random token: 32 bytes (256 bits) from the CSPRNG, base64url (43 characters).
 * @example const token = newToken(); // cookie value or link token; store only sha256Hex(token)
 */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** SHA-256 hex of a token: what the database holds instead of the token itself. */
export function sha256Hex(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Compares two secrets in time independent of where they differ (and of their lengths). */
export function safeEqual(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb) && a.length === b.length;
}

/**
 * argon2id at OWASP's first recommended setting (Password Storage Cheat Sheet: 19 MiB, 2 passes,
 * 1 lane): ~25 ms a verify here instead of ~100 ms with Bun's default 64 MiB, so sign-in stays
 * responsive while one core is saturated by ingest (CHECKS.md, overload). Hashes made with other
 * settings still verify: the parameters are in the hash.
 */
export const ARGON2 = { algorithm: 'argon2id', memoryCost: 19_456, timeCost: 2 } as const;

/** Hashes a password with argon2id (ARGON2). */
export function hashPassword(password: string): Promise<string> {
  return Bun.password.hash(password, ARGON2);
}

let dummy: Promise<string> | null = null;

/** Computes the throw-away hash ahead of the first login, so that login is not slower either. */
export function warmDummyHash(): Promise<string> {
  dummy ??= hashPassword(newToken());
  return dummy;
}

/**
 * Verifies a password against a stored hash; with `hash` null (no such user) it verifies against
 * a throw-away hash, so an unknown e-mail costs the same time as a wrong password, then fails.
 */
export async function verifyPassword(password: string, hash: string | null): Promise<boolean> {
  if (hash === null) {
    await Bun.password.verify(password, await warmDummyHash());
    return false;
  }
  try {
    return await Bun.password.verify(password, hash);
  } catch {
    return false; // an unreadable stored hash is a failed login, not a 500
  }
}
