// Sorts items by their byte strings with an MSD radix sort: no comparison call per pair, no string per item.

/*
 * A comparison sort of a million keys calls its comparator ~20 million times (about a second here); a
 * radix sort reads each key about twice per level. Reading a key is a cache miss on a big table, so a
 * level reads each key's byte once into a dense column and distributes from there, and the bytes every key
 * of a range shares (key:00…) are skipped by one comparison per key with the range's first, not one read
 * per key and shared byte. Small ranges finish with an insertion sort.
 */
const SMALL = 48;

/** How the items' byte strings are read. */
export interface SortKeys {
  /** The byte at depth plus 1, or 0 past the end (so a prefix sorts first). */
  byteAt(item: number, depth: number): number;
  /** The first depth, from depth on, at which byteAt differs for a and b; -1 when their strings are equal. */
  firstDifference(a: number, b: number, depth: number): number;
}

/** Sorts items in place by the byte strings keys describes. */
export function radixSort(items: Int32Array, keys: SortKeys): Int32Array {
  const scratch = new Int32Array(items.length);
  const digits = new Uint16Array(items.length);
  const ranges: number[] = [0, items.length, 0];
  const counts = new Int32Array(257);
  const starts = new Int32Array(258);
  // An explicit stack of [lo, hi, depth]: keys may be long, recursion might not be.
  while (ranges.length > 0) {
    let depth = ranges.pop()!;
    const hi = ranges.pop()!;
    const lo = ranges.pop()!;
    if (hi - lo < SMALL) {
      insertionSort(items, lo, hi, depth, keys);
      continue;
    }
    depth = rangeDifference(items, lo, hi, depth, keys);
    if (depth < 0) continue;
    counts.fill(0);
    for (let i = lo; i < hi; i++) {
      const b = keys.byteAt(items[i]!, depth);
      digits[i] = b;
      counts[b]! += 1;
    }
    starts[0] = lo;
    for (let b = 0; b < 257; b++) starts[b + 1] = starts[b]! + counts[b]!;
    for (let i = lo; i < hi; i++) scratch[starts[digits[i]!]!++] = items[i]!;
    items.set(scratch.subarray(lo, hi), lo);
    // starts[b] now ends bucket b; bucket 0 (keys that end here) is equal and done.
    for (let b = 1, from = starts[0]!; b < 257; b++) {
      const to = starts[b]!;
      if (to - from > 1) ranges.push(from, to, depth + 1);
      from = to;
    }
  }
  return items;
}

/** The first depth at which the range's keys differ, or -1 when they are all equal. */
function rangeDifference(items: Int32Array, lo: number, hi: number, depth: number, keys: SortKeys): number {
  const first = items[lo]!;
  let min = -1;
  for (let i = lo + 1; i < hi; i++) {
    const d = keys.firstDifference(first, items[i]!, depth);
    if (d >= 0 && (min < 0 || d < min)) {
      min = d;
      if (d === depth) break;
    }
  }
  return min;
}

/** Orders a small range whose keys share their first `depth` bytes. */
function insertionSort(items: Int32Array, lo: number, hi: number, depth: number, keys: SortKeys): void {
  const after = (a: number, b: number) => {
    const d = keys.firstDifference(a, b, depth);
    return d >= 0 && keys.byteAt(a, d) > keys.byteAt(b, d);
  };
  for (let i = lo + 1; i < hi; i++) {
    const v = items[i]!;
    let j = i - 1;
    while (j >= lo && after(items[j]!, v)) {
      items[j + 1] = items[j]!;
      j--;
    }
    items[j + 1] = v;
  }
}
