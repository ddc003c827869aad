// A set value: small sets packed in one private buffer (as Redis's listpack), larger ones a ByteMap; insertion order either way.
import { ByteMap } from '../core/byte-map.js';
import type { RedisValue } from '../core/types.js';

/**
 * Past this many members, or a member longer than SET_MAX_PACKED_VALUE bytes, a set converts once to a
 * ByteMap (Redis's set-max-listpack-entries / -value). Below it, a linear scan of the packed bytes costs
 * less than hashing, and a member takes its length + 1 bytes instead of its length + ~20.
 */
export const SET_MAX_PACKED_ENTRIES = 128;
export const SET_MAX_PACKED_VALUE = 64;

const EMPTY = Buffer.alloc(0);

export class SetValue implements RedisValue {
  readonly type = 'set' as const;
  /** Packed members: a length byte then the member's bytes, in insertion order. Unused once `ids` is set. */
  private data = EMPTY;
  private used = 0;
  private count = 0;
  /** The converted form; it keeps insertion order as the packed form does. */
  private ids: ByteMap | null = null;

  get size(): number {
    return this.ids === null ? this.count : this.ids.size;
  }

  dup(): SetValue {
    const d = new SetValue();
    if (this.ids !== null) d.ids = this.ids.dup();
    else if (this.used > 0) {
      d.data = Buffer.allocUnsafeSlow(this.used);
      this.data.copy(d.data, 0, 0, this.used);
      d.used = this.used;
      d.count = this.count;
    }
    return d;
  }

  has(member: Buffer): boolean {
    if (this.ids !== null) return this.ids.has(member);
    return this.find(member) >= 0;
  }

  /** True when the member was added; its bytes are copied. */
  add(member: Buffer): boolean {
    if (this.ids === null) {
      if (this.find(member) >= 0) return false;
      if (this.count < SET_MAX_PACKED_ENTRIES && member.length <= SET_MAX_PACKED_VALUE) {
        this.append(member);
        return true;
      }
      this.convert();
    }
    return this.ids!.set(member);
  }

  delete(member: Buffer): boolean {
    if (this.ids !== null) return this.ids.delete(member);
    const at = this.find(member);
    if (at < 0) return false;
    // Closing the gap keeps the others in insertion order; a re-add then goes to the end, as in a JS Set.
    this.data.copyWithin(at, at + 1 + member.length, this.used);
    this.used -= 1 + member.length;
    this.count--;
    return true;
  }

  /** The members in insertion order; a packed set yields views valid until it next changes. */
  *members(): Generator<Buffer> {
    if (this.ids !== null) {
      yield* this.ids.keysInOrder();
      return;
    }
    const data = this.data;
    for (let p = 0; p < this.used; p += 1 + data[p]!) yield data.subarray(p + 1, p + 1 + data[p]!);
  }

  /** The offset of the member's length byte, or -1. */
  private find(member: Buffer): number {
    const data = this.data;
    const used = this.used;
    const n = member.length;
    // Members often share a prefix (m17, m18): comparing from the end rejects them sooner.
    const last = n === 0 ? -1 : member[n - 1]!;
    for (let p = 0; p < used; p += 1 + data[p]!) {
      if (data[p] !== n || (n > 0 && data[p + n] !== last)) continue;
      let i = n - 1;
      while (i > 0 && data[p + i] === member[i - 1]) i--;
      if (i <= 0) return p;
    }
    return -1;
  }

  private append(member: Buffer): void {
    const need = this.used + 1 + member.length;
    if (need > this.data.length) {
      // Unpooled, so that a set keeps only its own bytes alive; 1.5× growth bounds both copies and slack.
      const grown = Buffer.allocUnsafeSlow(Math.max(16, need, this.data.length + (this.data.length >> 1)));
      this.data.copy(grown, 0, 0, this.used);
      this.data = grown;
    }
    const data = this.data;
    const at = this.used + 1;
    data[at - 1] = member.length;
    // Members here are at most 64 bytes: a loop beats Buffer#copy's per-call cost.
    for (let i = 0; i < member.length; i++) data[at + i] = member[i]!;
    this.used = need;
    this.count++;
  }

  private convert(): void {
    const ids = new ByteMap(false);
    for (const m of this.members()) ids.set(m);
    this.ids = ids;
    this.data = EMPTY;
    this.used = 0;
    this.count = 0;
  }
}

export function isSetValue(v: RedisValue): v is SetValue {
  return v instanceof SetValue;
}
