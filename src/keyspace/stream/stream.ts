// The stream value: entries plus the metadata Redis 7.0 keeps (last/first/max-deleted IDs, entries-added, groups).
import type { RedisValue } from '../core/types.js';
import { StreamEntries, StreamEntry } from './stream-entries.js';
import { MAX_ID, MIN_ID, idMs, makeId, type EntryId } from './stream-id.js';
import { ConsumerGroup, INVALID_ENTRIES_READ, compareNames, nameKey } from './stream-group.js';

export type TrimStrategy = { readonly kind: 'maxlen'; readonly maxlen: bigint } | { readonly kind: 'minid'; readonly minid: EntryId };

export class StreamValue implements RedisValue {
  readonly type = 'stream';
  readonly entries = new StreamEntries();
  lastId: EntryId = MIN_ID;
  /** s->first_id ("recorded-first-entry-id"): the first live entry, 0-0 when empty. */
  firstId: EntryId = MIN_ID;
  maxDeletedId: EntryId = MIN_ID;
  /** s->entries_added: a 64-bit counter, settable by XSETID. */
  entriesAdded = 0n;
  private readonly groupsByName = new Map<string, ConsumerGroup>();

  get length(): number {
    return this.entries.size;
  }

  /** streamNextID: the wall-clock ms if it moved past the last ID, else the last ID plus one. */
  nextAutoId(nowMs: number): EntryId {
    const ms = BigInt(nowMs);
    return ms > idMs(this.lastId) ? makeId(ms, 0n) : this.lastId + 1n;
  }

  /** streamAppendItem's bookkeeping (the fields are copied); the caller has checked that id > lastId. */
  append(id: EntryId, fields: readonly Buffer[]): void {
    this.entries.append(StreamEntry.pack(id, fields));
    this.entriesAdded++;
    this.lastId = id;
    if (this.entries.size === 1) this.firstId = id;
  }

  /** XDEL's loop (xdelCommand): deletes, raises max-deleted-entry-id, re-finds the first ID when needed. */
  deleteEntries(ids: readonly EntryId[]): number {
    let deleted = 0;
    let firstDeleted = false;
    for (const id of ids) {
      if (!this.entries.delete(id)) continue;
      if (id === this.firstId) firstDeleted = true;
      if (id > this.maxDeletedId) this.maxDeletedId = id;
      deleted++;
    }
    if (deleted > 0) {
      if (this.entries.size === 0) this.firstId = MIN_ID;
      else if (firstDeleted) this.firstId = this.entries.first()!.id;
    }
    return deleted;
  }

  /**
   * streamTrim without a LIMIT, as the AOF client runs it (mustObeyClient zeroes LIMIT). Exact trimming
   * removes the same live entries as Redis's node-by-node walk; trimming never touches max-deleted-entry-id.
   */
  trim(strategy: TrimStrategy): number {
    const size = this.entries.size;
    let excess: number;
    if (strategy.kind === 'maxlen') {
      excess = BigInt(size) > strategy.maxlen ? size - Number(strategy.maxlen) : 0;
    } else {
      excess = this.entries.countBelow(strategy.minid);
    }
    const removed = this.entries.removeFirst(excess);
    if (this.entries.size === 0) this.firstId = MIN_ID;
    else if (removed > 0) this.firstId = this.entries.first()!.id;
    return removed;
  }

  group(name: Buffer): ConsumerGroup | undefined {
    return this.groupsByName.get(nameKey(name));
  }

  /** streamCreateCG: undefined if the name is taken. */
  createGroup(name: Buffer, lastId: EntryId, entriesRead: bigint): ConsumerGroup | undefined {
    const key = nameKey(name);
    if (this.groupsByName.has(key)) return undefined;
    const group = new ConsumerGroup(Buffer.from(name), lastId, entriesRead);
    this.groupsByName.set(key, group);
    return group;
  }

  deleteGroup(name: Buffer): boolean {
    return this.groupsByName.delete(nameKey(name));
  }

  /** Groups in byte order of their names, as the rax holds them. */
  groups(): ConsumerGroup[] {
    return [...this.groupsByName.values()].sort(compareNames);
  }

  /** streamRangeHasTombstones: could an XDEL'd ID lie within [start, end]? */
  rangeHasTombstones(start: EntryId, end: EntryId = MAX_ID): boolean {
    if (this.entries.size === 0 || this.maxDeletedId === MIN_ID) return false;
    if (this.firstId > this.maxDeletedId) return false;
    return start <= this.maxDeletedId && this.maxDeletedId <= end;
  }

  /** streamEstimateDistanceFromFirstEverEntry: the read counter of `id`, or INVALID_ENTRIES_READ. */
  estimateEntriesRead(id: EntryId): bigint {
    if (this.entriesAdded === 0n) return 0n;
    const length = BigInt(this.entries.size);
    if (length === 0n && id <= this.lastId) return this.entriesAdded;
    if (id === this.lastId) return this.entriesAdded;
    if (id > this.lastId) return INVALID_ENTRIES_READ;
    if (this.maxDeletedId === MIN_ID || this.maxDeletedId < this.firstId) {
      if (id < this.firstId) return this.entriesAdded - length;
      if (id === this.firstId) return this.entriesAdded - length + 1n;
    }
    return INVALID_ENTRIES_READ;
  }

  /** streamReplyWithCGLag: entries not yet delivered to the group, or null when Redis cannot tell. */
  lag(group: ConsumerGroup): bigint | null {
    if (this.entriesAdded === 0n) return 0n;
    if (group.entriesRead !== INVALID_ENTRIES_READ && !this.rangeHasTombstones(group.lastId)) {
      return this.entriesAdded - group.entriesRead;
    }
    const read = this.estimateEntriesRead(group.lastId);
    return read === INVALID_ENTRIES_READ ? null : this.entriesAdded - read;
  }
}
