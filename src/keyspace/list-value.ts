// A list value: a growable ring buffer, cheap at both ends as Redis's quicklist is.
import type { RedisValue } from './types.js';

export class ListValue implements RedisValue {
  readonly type = 'list' as const;
  private ring: (Buffer | undefined)[] = new Array<Buffer | undefined>(8);
  private head = 0;
  private len = 0;

  get length(): number {
    return this.len;
  }

  static of(items: Buffer[]): ListValue {
    const l = new ListValue();
    for (const item of items) l.pushTail(item);
    return l;
  }

  dup(): ListValue {
    return ListValue.of(this.toArray());
  }

  get(index: number): Buffer {
    return this.ring[(this.head + index) % this.ring.length]!;
  }

  set(index: number, item: Buffer): void {
    this.ring[(this.head + index) % this.ring.length] = item;
  }

  pushHead(item: Buffer): void {
    this.grow();
    this.head = (this.head - 1 + this.ring.length) % this.ring.length;
    this.ring[this.head] = item;
    this.len++;
  }

  pushTail(item: Buffer): void {
    this.grow();
    this.ring[(this.head + this.len) % this.ring.length] = item;
    this.len++;
  }

  popHead(): Buffer | undefined {
    if (this.len === 0) return undefined;
    const item = this.ring[this.head];
    this.ring[this.head] = undefined;
    this.head = (this.head + 1) % this.ring.length;
    this.len--;
    return item;
  }

  popTail(): Buffer | undefined {
    if (this.len === 0) return undefined;
    const at = (this.head + this.len - 1) % this.ring.length;
    const item = this.ring[at];
    this.ring[at] = undefined;
    this.len--;
    return item;
  }

  toArray(): Buffer[] {
    const out: Buffer[] = [];
    for (let i = 0; i < this.len; i++) out.push(this.get(i));
    return out;
  }

  /** Replaces the whole content (LINSERT, LREM: middle edits rebuild the ring). */
  replace(items: Buffer[]): void {
    this.ring = new Array<Buffer | undefined>(Math.max(8, items.length * 2));
    this.head = 0;
    this.len = 0;
    for (const item of items) this.pushTail(item);
  }

  private grow(): void {
    if (this.len < this.ring.length) return;
    const next = new Array<Buffer | undefined>(this.ring.length * 2);
    for (let i = 0; i < this.len; i++) next[i] = this.get(i);
    this.ring = next;
    this.head = 0;
  }
}

export function isListValue(v: RedisValue): v is ListValue {
  return v instanceof ListValue;
}
