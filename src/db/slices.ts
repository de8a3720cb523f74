// Reading a visit's pageviews in bounded statements: shared by the overview's top pages and
// pageviews.csv. A visit can hold any number of pageviews (an address that never pauses for 30
// minutes keeps one visit all day), so neither "one statement per visit" nor "a page of visits
// with their pageviews" bounds what a statement reads; these two helpers do.

/**
 * Pages of a keyset-ordered read: `read(after)` returns the rows that follow `after` (the first
 * page when null), at most `size`; a shorter page is the last one.
 */
export function* keysetPages<R>(read: (after: R | null) => R[], size: number): Generator<R[]> {
  for (let after: R | null = null; ; ) {
    const page = read(after);
    if (page.length) yield page;
    if (page.length < size) return;
    after = page[page.length - 1];
  }
}

/** Visits whose pageviews fit one statement together, or one visit to read in slices. */
export type VisitRead<V> = { group: V[] } | { long: V };

/**
 * Plans the pageview reads of visits listed page by page, in their order: consecutive visits are
 * grouped while their pageviews add up to at most `limit`; a visit with more is read alone (the
 * caller slices it, e.g. with keysetPages over (ts, id)). A group is yielded before the long visit
 * that follows it, so rows come out in the visits' order.
 */
export function* planVisitReads<V extends { pageviews: number }>(
  pages: Iterable<V[]>,
  limit: number,
): Generator<VisitRead<V>> {
  let group: V[] = [];
  let queued = 0;
  for (const page of pages) {
    for (const v of page) {
      if (v.pageviews > limit) {
        if (group.length) yield { group };
        group = [];
        queued = 0;
        yield { long: v };
        continue;
      }
      if (queued + v.pageviews > limit && group.length) {
        yield { group };
        group = [];
        queued = 0;
      }
      group.push(v);
      queued += v.pageviews;
    }
  }
  if (group.length) yield { group };
}
