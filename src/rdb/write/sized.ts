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

/** The elements one by one through `pick`, as a walk of their own. */
export function* mapOf<T, U>(elements: Iterable<T>, pick: (element: T) => U): Generator<U> {
  for (const e of elements) yield pick(e);
}
