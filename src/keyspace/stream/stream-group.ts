// Consumer groups: last-delivered ID, read counter, the group PEL and consumers with their own PELs.
import type { EntryId } from './stream-id.js';

/** SCG_INVALID_ENTRIES_READ: the group's read counter is unknown. */
export const INVALID_ENTRIES_READ = -1n;

/** A streamNACK: one delivered, not yet acknowledged entry; shared by the group PEL and its owner's PEL. */
export interface PendingEntry {
  readonly id: EntryId;
  deliveryTimeMs: bigint;
  deliveryCount: bigint;
  consumer: Consumer;
}

export class Consumer {
  /** Owned PEL entries by ID (the same objects as in the group PEL). */
  readonly pending = new Map<EntryId, PendingEntry>();

  constructor(
    readonly name: Buffer,
    /** 7.0 refreshes it on every lookup (streamLookupConsumer without SLC_NO_REFRESH). */
    public seenTimeMs: number,
  ) {}
}

/** Map keys for binary names: latin1 maps each byte to one UTF-16 unit, so distinct names stay distinct. */
export function nameKey(name: Buffer): string {
  return name.toString('latin1');
}

/** Byte order, as Redis's rax iterates groups and consumers. */
export function compareNames(a: { readonly name: Buffer }, b: { readonly name: Buffer }): number {
  return Buffer.compare(a.name, b.name);
}

export function compareIds(a: EntryId, b: EntryId): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export class ConsumerGroup {
  readonly pending = new Map<EntryId, PendingEntry>();
  private readonly consumersByName = new Map<string, Consumer>();

  constructor(
    readonly name: Buffer,
    public lastId: EntryId,
    /** A long long in Redis; INVALID_ENTRIES_READ (-1) when unknown. */
    public entriesRead: bigint,
  ) {}

  consumer(name: Buffer): Consumer | undefined {
    return this.consumersByName.get(nameKey(name));
  }

  /** streamCreateConsumer: undefined if it already exists. */
  createConsumer(name: Buffer, nowMs: number): Consumer | undefined {
    const key = nameKey(name);
    if (this.consumersByName.has(key)) return undefined;
    const consumer = new Consumer(Buffer.from(name), nowMs);
    this.consumersByName.set(key, consumer);
    return consumer;
  }

  /** streamLookupConsumer (SLC_DEFAULT) then streamCreateConsumer: the lookup refreshes seen-time. */
  lookupOrCreateConsumer(name: Buffer, nowMs: number): Consumer {
    const existing = this.consumer(name);
    if (existing === undefined) return this.createConsumer(name, nowMs)!;
    existing.seenTimeMs = nowMs;
    return existing;
  }

  /** streamDelConsumer: its PEL entries leave the group PEL too; returns how many it owned. */
  deleteConsumer(consumer: Consumer): number {
    for (const id of consumer.pending.keys()) this.pending.delete(id);
    this.consumersByName.delete(nameKey(consumer.name));
    return consumer.pending.size;
  }

  /** Consumers in byte order of their names. */
  consumers(): Consumer[] {
    return [...this.consumersByName.values()].sort(compareNames);
  }

  /** Drops a PEL entry from the group and its owner. */
  removePending(entry: PendingEntry): void {
    this.pending.delete(entry.id);
    entry.consumer.pending.delete(entry.id);
  }

  /** Hands a PEL entry to `consumer` (a no-op when it already owns it). */
  assign(entry: PendingEntry, consumer: Consumer): void {
    if (entry.consumer === consumer) return;
    entry.consumer.pending.delete(entry.id);
    consumer.pending.set(entry.id, entry);
    entry.consumer = consumer;
  }

  /** Group PEL IDs at or above `from`, ascending. */
  pendingIdsFrom(from: EntryId): EntryId[] {
    return [...this.pending.keys()].filter((id) => id >= from).sort(compareIds);
  }
}
