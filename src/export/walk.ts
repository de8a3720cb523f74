import type { Inbox, InboxPosition, InboxRequest } from '../leads/index.ts';

/** A set of positive integer ids as a bitmap: 25 kB for 200 k companies, whatever is added. */
export class IdSet {
  private bits = new Uint8Array(1024);

  /** Adds `id`; false when it was already there. */
  add(id: number): boolean {
    const byte = id >>> 3;
    if (byte >= this.bits.length) {
      const grown = new Uint8Array(Math.max(byte + 1, this.bits.length * 2));
      grown.set(this.bits);
      this.bits = grown;
    }
    const mask = 1 << (id & 7);
    if (this.bits[byte] & mask) return false;
    this.bits[byte] |= mask;
    return true;
  }
}

/**
 * The companies of an inbox request in its sort order, `size` at a time: each step is one short
 * keyset query (nothing stays open between steps, so ingest is never held up by a download).
 * Ingest keeps writing meanwhile and moves rows in the order: a company is never given twice
 * (the ids given are remembered in a bitmap), and for the default sort (newest activity first,
 * a range up to today) a last pass picks up companies whose activity after `startedAt` moved them
 * above the part already read.
 * @example for (const ids of companyChunks(inbox, r, 2000, clock())) …
 */
export function* companyChunks(
  inbox: Pick<Inbox, 'walk'>,
  r: InboxRequest,
  size: number,
  startedAt: number,
): Generator<number[]> {
  if (r.fromDay > r.toDay) return;
  const given = new IdSet();
  const fresh = (page: InboxPosition[]) => page.map((p) => p.id).filter((id) => given.add(id));
  const passes: (number | null)[] = [null];
  if (r.sort === 'last' && r.toDay >= r.today) passes.push(startedAt);
  for (const newerThan of passes) {
    let from: InboxPosition | null = null;
    for (;;) {
      const page = inbox.walk(r, from, size, newerThan);
      const ids = fresh(page);
      if (ids.length) yield ids;
      if (page.length < size) break;
      from = page[page.length - 1];
    }
  }
}
