// Sorts items by their byte strings with an MSD radix sort: no comparison call per pair, no string per item.

/*
 * A comparison sort of a million keys calls its comparator ~20 million times (about a second here); a
 * radix sort reads each key's bytes about once per level, skipping bytes every key of a range shares
 * (key:00…). Small ranges finish with an insertion sort.
 */
const SMALL = 48;

/**
 * Sorts items in place by the byte strings byteAt describes: byteAt(item, depth) is the byte at depth plus 1,
 * or 0 past the end (so a prefix sorts first); compare is the same order, for small ranges.
 */
export function radixSort(items: Int32Array, byteAt: (item: number, depth: number) => number, compare: (a: number, b: number) => number): Int32Array {
  const scratch = new Int32Array(items.length);
  const ranges: number[] = [0, items.length, 0];
  const counts = new Int32Array(257);
  const starts = new Int32Array(258);
  // An explicit stack of [lo, hi, depth]: keys may be long, recursion might not be.
  while (ranges.length > 0) {
    let depth = ranges.pop()!;
    const hi = ranges.pop()!;
    const lo = ranges.pop()!;
    if (hi - lo < SMALL) {
      insertionSort(items, lo, hi, compare);
      continue;
    }
    depth = firstDifference(items, lo, hi, depth, byteAt);
    if (depth < 0) continue;
    counts.fill(0);
    for (let i = lo; i < hi; i++) counts[byteAt(items[i]!, depth)]! += 1;
    starts[0] = lo;
    for (let b = 0; b < 257; b++) starts[b + 1] = starts[b]! + counts[b]!;
    for (let i = lo; i < hi; i++) {
      const item = items[i]!;
      scratch[starts[byteAt(item, depth)]!++] = item;
    }
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
function firstDifference(items: Int32Array, lo: number, hi: number, depth: number, byteAt: (item: number, depth: number) => number): number {
  for (;;) {
    const first = byteAt(items[lo]!, depth);
    let i = lo + 1;
    while (i < hi && byteAt(items[i]!, depth) === first) i++;
    if (i < hi) return depth;
    if (first === 0) return -1;
    depth++;
  }
}

function insertionSort(items: Int32Array, lo: number, hi: number, compare: (a: number, b: number) => number): void {
  for (let i = lo + 1; i < hi; i++) {
    const v = items[i]!;
    let j = i - 1;
    while (j >= lo && compare(items[j]!, v) > 0) {
      items[j + 1] = items[j]!;
      j--;
    }
    items[j + 1] = v;
  }
}
