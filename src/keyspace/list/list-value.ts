// A list value: a growable ring of items, cheap at both ends as Redis's quicklist is; small items live in arena slots.
import { MAX_SLOT, sharedArena as arena, ByteArena } from '../core/byte-arena.js';
import { ownBytes } from '../core/string-value.js';
import type { RedisValue } from '../core/types.js';

/** An empty item, or one too large for a slot (then in `big`). */
const NO_SLOT = -1;
const EMPTY = Buffer.alloc(0);

/**
 * The ring holds per item its slot and length in two arrays of numbers: ~16 bytes beside the item's bytes,
 * where a Buffer per item costs ~250. Items are copied in; what comes out is a view (get, toArray) valid
 * until the list next changes, or a copy (pops).
 */
export class ListValue implements RedisValue {
  readonly type = 'list' as const;
  private slots: number[];
  private lens: number[];
  /** Items larger than a slot, by ring position; allocated at the first one. */
  private big: (Buffer | undefined)[] | null = null;
  private head = 0;
  private len = 0;

  /** Room for capacity items before the ring first grows. */
  constructor(capacity = 8) {
    this.slots = new Array<number>(Math.max(capacity, 1)).fill(NO_SLOT);
    this.lens = new Array<number>(Math.max(capacity, 1)).fill(0);
  }

  get length(): number {
    return this.len;
  }

  /** A list holding copies of items, sized for them at once (an RDB list of millions would grow twenty times). */
  static of(items: Buffer[]): ListValue {
    const l = new ListValue(items.length);
    for (const item of items) l.pushTail(item);
    return l;
  }

  dup(): ListValue {
    return ListValue.of(this.toArray());
  }

  get(index: number): Buffer {
    return this.view(this.at(index));
  }

  set(index: number, item: Buffer): void {
    const at = this.at(index);
    this.free(at);
    this.put(at, item);
  }

  pushHead(item: Buffer): void {
    this.grow();
    this.head = (this.head - 1 + this.slots.length) % this.slots.length;
    this.put(this.head, item);
    this.len++;
  }

  pushTail(item: Buffer): void {
    this.grow();
    this.put(this.at(this.len), item);
    this.len++;
  }

  /** Removes the first item and returns a copy of it. */
  popHead(): Buffer | undefined {
    if (this.len === 0) return undefined;
    const item = Buffer.from(this.view(this.head));
    this.dropHead();
    return item;
  }

  popTail(): Buffer | undefined {
    if (this.len === 0) return undefined;
    const item = Buffer.from(this.view(this.at(this.len - 1)));
    this.dropTail();
    return item;
  }

  /** Removes the first item without copying it out (LTRIM). */
  dropHead(): void {
    if (this.len === 0) return;
    this.free(this.head);
    this.head = (this.head + 1) % this.slots.length;
    this.len--;
  }

  dropTail(): void {
    if (this.len === 0) return;
    this.free(this.at(this.len - 1));
    this.len--;
  }

  /** The items head to tail, one view at a time (a rewrite of a long list holds none of them all at once). */
  *items(): Generator<Buffer> {
    for (let i = 0; i < this.len; i++) yield this.get(i);
  }

  /** Views of the items, head to tail, valid until the list next changes. */
  toArray(): Buffer[] {
    const out: Buffer[] = new Array<Buffer>(this.len);
    for (let i = 0; i < this.len; i++) out[i] = this.get(i);
    return out;
  }

  /** Replaces the whole content with copies of items, which may be views of this list (LINSERT, LREM). */
  replace(items: Buffer[]): void {
    const { slots, lens, head, len } = this;
    this.slots = new Array<number>(Math.max(8, items.length * 2)).fill(NO_SLOT);
    this.lens = new Array<number>(this.slots.length).fill(0);
    this.big = null;
    this.head = 0;
    this.len = 0;
    for (const item of items) this.pushTail(item);
    // The old slots go back only now: items may be views of them.
    for (let i = 0; i < len; i++) {
      const at = (head + i) % slots.length;
      if (slots[at]! !== NO_SLOT) arena.give(slots[at]!, ByteArena.slotSize(lens[at]!));
    }
  }

  /** The list leaves the keyspace: its slots go back to the arena. */
  release(): void {
    for (let i = 0; i < this.len; i++) this.free(this.at(i));
    this.len = 0;
  }

  private at(index: number): number {
    return (this.head + index) % this.slots.length;
  }

  private view(at: number): Buffer {
    const slot = this.slots[at]!;
    if (slot !== NO_SLOT) {
      const off = arena.offsetOf(slot);
      return arena.slabOf(slot).subarray(off, off + this.lens[at]!);
    }
    return this.lens[at] === 0 ? EMPTY : this.big![at]!;
  }

  /** Stores a copy of item at ring position at (which holds nothing). */
  private put(at: number, item: Buffer): void {
    const n = item.length;
    this.lens[at] = n;
    if (n === 0) {
      this.slots[at] = NO_SLOT;
    } else if (n <= MAX_SLOT) {
      const slot = arena.take(n);
      arena.slabOf(slot).set(item, arena.offsetOf(slot));
      this.slots[at] = slot;
    } else {
      this.slots[at] = NO_SLOT;
      (this.big ??= new Array<Buffer | undefined>(this.slots.length))[at] = ownBytes(item);
    }
  }

  private free(at: number): void {
    const slot = this.slots[at]!;
    if (slot !== NO_SLOT) arena.give(slot, ByteArena.slotSize(this.lens[at]!));
    else if (this.big !== null) this.big[at] = undefined;
    this.slots[at] = NO_SLOT;
    this.lens[at] = 0;
  }

  private grow(): void {
    if (this.len < this.slots.length) return;
    const size = this.slots.length * 2;
    const slots = new Array<number>(size).fill(NO_SLOT);
    const lens = new Array<number>(size).fill(0);
    const big = this.big === null ? null : new Array<Buffer | undefined>(size);
    for (let i = 0; i < this.len; i++) {
      const at = this.at(i);
      slots[i] = this.slots[at]!;
      lens[i] = this.lens[at]!;
      if (big !== null) big[i] = this.big![at];
    }
    this.slots = slots;
    this.lens = lens;
    this.big = big;
    this.head = 0;
  }
}

export function isListValue(v: RedisValue): v is ListValue {
  return v instanceof ListValue;
}
