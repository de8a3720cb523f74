/** Pages listed in companies.csv's `top_pages`. */
export const TOP_PAGES = 3;

/**
 * Path texts kept between companies, at most: past it the cache starts over before the next
 * company. A site with a few thousand pages keeps every text for the whole export; one whose URLs
 * are all different (search results, session ids in the path: millions of paths) would otherwise
 * hold every text ever seen, hundreds of MB, for the length of the download.
 */
export const TOP_PAGES_CACHE = 100_000;

/**
 * The top pages of one company after another, for one export: `best("12,7,12")` takes the path
 * ids of a company's (day, path) pairs in the range and gives its TOP_PAGES paths, most days
 * first, ties by path, joined by " | ". Runs for every pair of the export (3.7 M at 200 k
 * companies over a year), so it counts in typed arrays and allocates little: a path id (one per
 * site and path) maps to a text number (one per path text: "/" on two sites is one path here, a
 * day on two sites counting twice); each path id's text is read once, by `textOf`, per export
 * (ids are dense: the array is 4 bytes per id up to the largest seen), and again after the cache
 * reached `cacheLimit` texts (then it starts over).
 * @example const top = createTopPages((id) => texts[id]); top.best('1,2,1') // '/a | /b'
 */
export function createTopPages(textOf: (pathId: number) => string, cacheLimit = TOP_PAGES_CACHE) {
  let numberOfId = new Int32Array(1024).fill(-1);
  const texts: string[] = [];
  const numberOfText = new Map<string, number>();
  let days = new Int32Array(256);
  const seen: number[] = [];
  /** Forgets every text (between companies, when `days` is all zero: it can stay as it is). */
  const forget = () => {
    numberOfId.fill(-1);
    texts.length = 0;
    numberOfText.clear();
  };

  const numberOf = (pathId: number): number => {
    if (pathId >= numberOfId.length) {
      const grown = new Int32Array(Math.max(pathId + 1, numberOfId.length * 2)).fill(-1);
      grown.set(numberOfId);
      numberOfId = grown;
    }
    let n = numberOfId[pathId];
    if (n < 0) {
      const text = textOf(pathId);
      n = numberOfText.get(text) ?? -1;
      if (n < 0) {
        n = texts.push(text) - 1;
        numberOfText.set(text, n);
        if (n >= days.length) {
          const grown = new Int32Array(days.length * 2);
          grown.set(days);
          days = grown;
        }
      }
      numberOfId[pathId] = n;
    }
    return n;
  };
  /** Whether text a comes before text b: viewed on more days, then by path. */
  const before = (a: number, b: number) =>
    days[a] > days[b] || (days[a] === days[b] && texts[a] < texts[b]);

  return {
    best(list: string): string {
      if (texts.length > cacheLimit) forget();
      const count = (id: number) => {
        const n = numberOf(id);
        if (days[n]++ === 0) seen.push(n);
      };
      let id = 0;
      for (let i = 0; i < list.length; i++) {
        const c = list.charCodeAt(i);
        if (c === 44) {
          count(id); // 44: ','
          id = 0;
        } else id = id * 10 + c - 48;
      }
      count(id);
      // The first TOP_PAGES in that order, without sorting every path the company viewed.
      const top: number[] = [];
      for (const n of seen) {
        let at = top.length;
        while (at > 0 && before(n, top[at - 1])) at--;
        if (at < TOP_PAGES) {
          top.splice(at, 0, n);
          if (top.length > TOP_PAGES) top.pop();
        }
      }
      const out = top.map((n) => texts[n]).join(' | ');
      for (const n of seen) days[n] = 0;
      seen.length = 0;
      return out;
    },
  };
}
