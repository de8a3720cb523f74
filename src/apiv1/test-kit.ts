import type { Harness } from '../testing/harness.ts';
import type { TokenCreated, TokenScope } from '../tokens/index.ts';

export const ORIGIN = 'http://leadlens.test';

/** Creates a token through the dashboard route (as the owner); the answer with its secret. */
export async function mintToken(
  h: Harness,
  scope: TokenScope,
  name = `${scope} token`,
): Promise<TokenCreated> {
  const res = await h.api('POST', '/api/tokens', { name, scope });
  if (res.status !== 201) throw new Error(`POST /api/tokens: ${res.status} ${await res.text()}`);
  return (await res.json()) as TokenCreated;
}

/** A request to the token API with `Authorization: Bearer <secret>` (none when secret is null). */
export function v1(
  h: Harness,
  method: string,
  path: string,
  secret: string | null,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  const all: Record<string, string> = { ...headers };
  if (secret !== null) all.authorization = `Bearer ${secret}`;
  if (body !== undefined) all['content-type'] = 'application/json';
  return h.handle(
    new Request(`${ORIGIN}/api/v1${path}`, {
      method,
      headers: all,
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    }),
  );
}

/** Bytes of the database file and its WAL, for "the secret is nowhere on disk" checks. */
export async function dbBytes(h: Harness): Promise<Buffer> {
  h.db.exec('PRAGMA wal_checkpoint(PASSIVE)');
  const parts: Buffer[] = [];
  for (const suffix of ['', '-wal']) {
    const f = Bun.file(`${h.db.path}${suffix}`);
    if (await f.exists()) parts.push(Buffer.from(await f.arrayBuffer()));
  }
  return Buffer.concat(parts);
}
