// Sorts items by their byte strings with an MSD radix sort: no comparison call per pair, no string per item.

/*
 * A comparison sort of a million keys calls its comparator ~20 million times (about a second here); a
 * radix sort reads each key about twice per level. Reading a key is a cache miss on a big table, so the
 * bytes every key of a range shares (key:00…) are skipped by one comparison per key with the range's
 * first, not one read per key and shared byte. A large range then reads WIDE bytes of each key at once
 * into a dense column that one native sort orders: the key reads are paid once per WIDE levels, not twice
 * per level. Small ranges go byte by byte and finish with an insertion sort.
 */
const SMALL = 48;
/** Bytes of each key a large range reads at once. */
const WIDE = 4;
/** Ranges at least this large are ordered WIDE bytes at a time (when the keys can hand their bytes over so). */
const WIDE_FROM = 1024;

/** How the items' byte strings are read. */
export interface SortKeys {
  /** The byte at depth plus 1, or 0 past the end (so a prefix sorts first). */
  byteAt(item: number, depth: number): number;
  /** The first depth, from depth on, at which byteAt differs for a and b; -1 when their strings are equal. */
  firstDifference(a: number, b: number, depth: number): number;
  /** byteAt(item, depth … depth + 3) as one base-257 number, the first most significant: one read of the key for four levels. */
  wideDigits?(item: number, depth: number): number;
}

/** Sorts items in place by the byte strings keys describes; ranges of wideFrom items or more go WIDE bytes at a time. */
export function radixSort(items: Int32Array, keys: SortKeys, wideFrom = WIDE_FROM): Int32Array {
  const scratch = new Int32Array(items.length);
  const digits = new Uint16Array(items.length);
  const ranges: number[] = [0, items.length, 0];
  const counts = new Int32Array(257);
  const starts = new Int32Array(258);
  let wide: WideColumn | null = null;
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
    if (hi - lo >= wideFrom && keys.wideDigits !== undefined && items.length <= MAX_WIDE && LITTLE_ENDIAN) {
      wide ??= new WideColumn(items.length);
      wide.sort(items, lo, hi, depth, keys, ranges, scratch);
      continue;
    }
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

/** The index a wide pass keeps beside each key's bytes: 27 bits (a KeyIndex holds at most 2^27 slots). */
const INDEX_BITS = 27;
const MAX_WIDE = 2 ** INDEX_BITS;
/** The wide pass writes each 64-bit integer as two 32-bit halves, low one first: only where memory is little-endian. */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** The wide pass's column, made once per sort and reused by every large range. */
class WideColumn {
  /**
   * Per item of the range: its WIDE bytes as a base-257 number (below 257^4 < 2^33) above its index in the range (27 bits),
   * so that one native sort of 64-bit integers orders the range by those bytes; written as two 32-bit halves.
   */
  private readonly wide: BigUint64Array;
  private readonly halves: Uint32Array;

  constructor(n: number) {
    this.wide = new BigUint64Array(n);
    this.halves = new Uint32Array(this.wide.buffer);
  }

  /** Orders items[lo, hi) by their WIDE bytes from depth, and pushes the runs that tie on all of them. */
  sort(items: Int32Array, lo: number, hi: number, depth: number, keys: SortKeys, ranges: number[], scratch: Int32Array): void {
    const n = hi - lo;
    const halves = this.halves;
    for (let i = 0; i < n; i++) {
      const v = keys.wideDigits!(items[lo + i]!, depth);
      // v * 2^27 + i, split at bit 32: the high half is v / 32, the low one v's last 5 bits above i.
      halves[2 * i + 1] = Math.floor(v / 32);
      halves[2 * i] = ((v % 32) * MAX_WIDE + i) >>> 0;
    }
    this.wide.subarray(0, n).sort();
    let runFrom = 0;
    let runDigits = -1;
    for (let i = 0; i < n; i++) {
      const low = halves[2 * i]!;
      scratch[i] = items[lo + (low & (MAX_WIDE - 1))]!;
      const v = halves[2 * i + 1]! * 32 + (low >>> INDEX_BITS);
      if (v === runDigits) continue;
      this.endRun(lo, runFrom, i, runDigits, depth, ranges);
      runFrom = i;
      runDigits = v;
    }
    this.endRun(lo, runFrom, n, runDigits, depth, ranges);
    items.set(scratch.subarray(0, n), lo);
  }

  /** Items [from, to) of the range tie on their WIDE bytes: those that go on past them are ordered further on. */
  private endRun(lo: number, from: number, to: number, digits: number, depth: number, ranges: number[]): void {
    // The last digit 0 means every key of the run ended within these bytes: they are equal.
    if (to - from > 1 && digits % 257 !== 0) ranges.push(lo + from, lo + to, depth + WIDE);
  }
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
