// A set value: member bytes as latin1 ids, in insertion order.
import type { RedisValue } from './types.js';

export class SetValue implements RedisValue {
  readonly type = 'set' as const;
  readonly members: Set<string>;

  constructor(members: Iterable<string> = []) {
    this.members = new Set(members);
  }

  get size(): number {
    return this.members.size;
  }

  dup(): SetValue {
    return new SetValue(this.members);
  }

  has(member: Buffer): boolean {
    return this.members.has(member.toString('latin1'));
  }

  /** True when the member was added. */
  add(member: Buffer): boolean {
    const id = member.toString('latin1');
    if (this.members.has(id)) return false;
    this.members.add(id);
    return true;
  }

  delete(member: Buffer): boolean {
    return this.members.delete(member.toString('latin1'));
  }
}

export function isSetValue(v: RedisValue): v is SetValue {
  return v instanceof SetValue;
}
