/**
 * Overlap flattening: turns possibly nested or overlapping ranges into disjoint sorted segments,
 * each owned by the range that wins there. The winner is the most specific (smallest) range, then
 * the higher priority, then the newer row. A lookup is then a single binary search.
 *
 * Works on integer coordinates with exclusive ends: IPv4 uses address values directly; IPv6 first
 * compresses its 128-bit bounds to ranks (see build.ts) so this stays plain number arithmetic.
 */
export interface Segments {
  /** Inclusive start coordinate of each segment. */
  start: Float64Array;
  /** Exclusive end coordinate of each segment. */
  endExcl: Float64Array;
  /** Index of the winning input range. */
  winner: Uint32Array;
  count: number;
}

/**
 * @param start inclusive start coordinate per range
 * @param endExcl exclusive end coordinate per range (start < endExcl)
 * @param rank per range; lower rank wins where ranges overlap
 */
export function flatten(start: Float64Array, endExcl: Float64Array, rank: Uint32Array): Segments {
  const n = start.length;
  const byStart = sortedIndex(n, start);
  const byEnd = sortedIndex(n, endExcl);
  const rankToRange = new Uint32Array(n);
  for (let i = 0; i < n; i++) rankToRange[rank[i]] = i;
  const dead = new Uint8Array(n);
  const heap = new Uint32Array(n); // min-heap of ranks
  let size = 0;

  let cap = Math.max(16, n + (n >> 2));
  let outStart: Float64Array<ArrayBuffer> = new Float64Array(cap);
  let outEnd: Float64Array<ArrayBuffer> = new Float64Array(cap);
  let outWin = new Uint32Array(cap);
  let count = 0;
  let openAt = -1;
  let openWinner = 0;

  let si = 0;
  let ei = 0;
  while (si < n || ei < n) {
    const p = si < n ? start[byStart[si]] : Number.POSITIVE_INFINITY;
    const q = ei < n ? endExcl[byEnd[ei]] : Number.POSITIVE_INFINITY;
    const point = Math.min(p, q);
    if (openAt >= 0 && point > openAt) {
      // Extend the previous segment when the same range still wins right after it.
      if (count > 0 && outWin[count - 1] === openWinner && outEnd[count - 1] === openAt) {
        outEnd[count - 1] = point;
      } else {
        if (count === cap) {
          cap *= 2;
          outStart = grow(outStart, cap);
          outEnd = grow(outEnd, cap);
          const w = new Uint32Array(cap);
          w.set(outWin);
          outWin = w;
        }
        outStart[count] = openAt;
        outEnd[count] = point;
        outWin[count] = openWinner;
        count++;
      }
    }
    while (ei < n && endExcl[byEnd[ei]] === point) dead[byEnd[ei++]] = 1;
    while (si < n && start[byStart[si]] === point) {
      // push rank, sift up
      let i = size++;
      const r = rank[byStart[si++]];
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (heap[parent] <= r) break;
        heap[i] = heap[parent];
        i = parent;
      }
      heap[i] = r;
    }
    while (size > 0 && dead[rankToRange[heap[0]]]) size = popMin(heap, size);
    if (size > 0) {
      openAt = point;
      openWinner = rankToRange[heap[0]];
    } else {
      openAt = -1;
    }
  }
  return {
    start: outStart.subarray(0, count),
    endExcl: outEnd.subarray(0, count),
    winner: outWin.subarray(0, count),
    count,
  };
}

function popMin(heap: Uint32Array, size: number): number {
  const last = heap[--size];
  let i = 0;
  for (;;) {
    const l = 2 * i + 1;
    if (l >= size) break;
    const r = l + 1;
    const c = r < size && heap[r] < heap[l] ? r : l;
    if (heap[c] >= last) break;
    heap[i] = heap[c];
    i = c;
  }
  heap[i] = last;
  return size;
}

function grow(a: Float64Array, cap: number): Float64Array<ArrayBuffer> {
  const b = new Float64Array(cap);
  b.set(a);
  return b;
}

function sortedIndex(n: number, key: Float64Array): Uint32Array {
  const idx = new Uint32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  // Input files are usually sorted already; skip the sort then.
  let sorted = true;
  for (let i = 1; i < n && sorted; i++) if (key[i - 1] > key[i]) sorted = false;
  if (!sorted) idx.sort((a, b) => key[a] - key[b]);
  return idx;
}
