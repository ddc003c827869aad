// Walking a collection the writer was handed as an array or as a sized iterable (model.ts's Sized), alike.

import type { Sized } from './model.js';

/** A Sized whose every walk calls `walk` afresh: a view of a collection held elsewhere, copying nothing. */
export function sized<T>(length: number, walk: () => Iterator<T>): Sized<T> {
  return { length, [Symbol.iterator]: walk };
}

/** True when `test` holds for every element (stops at the first that fails). */
export function everyOf<T>(elements: Iterable<T>, test: (element: T) => boolean): boolean {
  for (const e of elements) if (!test(e)) return false;
  return true;
}

/**
 * The elements of a collection whose count is already written: a walk that gives more or fewer than `length` is a
 * bug in whoever handed it over, stopped here rather than written as an RDB the server would misread.
 */
export function* exactly<T>(elements: Iterable<T>, length: number): Generator<T> {
  let walked = 0;
  for (const e of elements) {
    if (++walked > length) break;
    yield e;
  }
  if (walked !== length) throw new Error(`RDB writer: a collection said it holds ${length} elements, but its walk gave ${walked > length ? 'more' : walked}`);
}

/** The elements one by one through `pick`, as a walk of their own. */
export function* mapOf<T, U>(elements: Iterable<T>, pick: (element: T) => U): Generator<U> {
  for (const e of elements) yield pick(e);
}
