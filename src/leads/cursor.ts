/**
 * Opaque keyset cursors: base64url of a JSON array `[tag, ...sortKey, id]`. The tag names the
 * sort (or list) the cursor belongs to, so a cursor from another sort is refused, not misread.
 * @example decodeCursor(encodeCursor('last', [1700000000000], 42), 'last', 1) // { keys: [1700000000000], id: 42 }
 */
export function encodeCursor(tag: string, keys: number[], id: number): string {
  return Buffer.from(JSON.stringify([tag, ...keys, id])).toString('base64url');
}

/** The sort key and id of a cursor, or null when it is not a valid cursor for `tag`. */
export function decodeCursor(
  cursor: string,
  tag: string,
  nKeys: number,
): { keys: number[]; id: number } | null {
  let v: unknown;
  try {
    v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (!Array.isArray(v) || v.length !== nKeys + 2 || v[0] !== tag) return null;
  const nums = v.slice(1);
  if (!nums.every((x) => Number.isSafeInteger(x))) return null;
  return { keys: nums.slice(0, nKeys) as number[], id: nums[nKeys] as number };
}
