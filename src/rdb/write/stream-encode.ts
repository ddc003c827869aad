// Streams (STREAM_LISTPACKS 1–3): checks, node listpacks, metadata, consumer groups with their PELs and consumers.

import type { StreamId } from '../types.js';
import type { EncodeContext } from './encode-context.js';
import type { WriteStream, WriteStreamConsumer, WriteStreamGroup, WriteStreamPending } from './model.js';
import { writeLength, writeLengthBig, writeMillis } from './primitives.js';
import { needsVersion, reason, shown, type WriteReason } from './refusal.js';
import { rawStreamId, streamNodes } from './stream-nodes.js';

/** SCG_INVALID_ENTRIES_READ (-1) as rdbSaveLen writes it. */
const INVALID_ENTRIES_READ = (1n << 64n) - 1n;
const ZERO_ID: StreamId = { ms: 0n, seq: 0n };

function compareIds(a: StreamId, b: StreamId): number {
  return a.ms < b.ms ? -1 : a.ms > b.ms ? 1 : a.seq < b.seq ? -1 : a.seq > b.seq ? 1 : 0;
}

const idText = (id: StreamId): string => `${id.ms}-${id.seq}`;
const byName = (a: { name: Buffer }, b: { name: Buffer }): number => Buffer.compare(a.name, b.name);
const byId = (a: { id: StreamId }, b: { id: StreamId }): number => compareIds(a.id, b.id);

const U64_MAX = (1n << 64n) - 1n;
const badId = (id: StreamId): boolean => id.ms < 0n || id.ms > U64_MAX || id.seq < 0n || id.seq > U64_MAX;
const badTime = (ms: number): boolean => !Number.isSafeInteger(ms);

/** Every ID is two unsigned 64-bit parts, and every time and count a whole number the file can hold. */
function checkNumbers(s: WriteStream): WriteReason | null {
  const ids = [s.lastId, s.firstId, s.maxDeletedId, ...s.entries.map((e) => e.id), ...s.groups.flatMap((g) => [g.lastId, ...g.pending.map((p) => p.id)])];
  const bad = ids.find((i) => i != null && badId(i));
  if (bad != null) return reason('bad-value', `stream ID ${idText(bad)} is outside 0-0 to 2^64-1-2^64-1`);
  const counts = [s.entriesAdded ?? 0, ...s.groups.flatMap((g) => [g.entriesRead ?? 0, ...g.pending.map((p) => p.deliveryCount)])];
  const times = s.groups.flatMap((g) => [...g.pending.map((p) => p.deliveryTimeMs), ...g.consumers.flatMap((c) => [c.seenTimeMs, c.activeTimeMs])]);
  if (counts.some((n) => badTime(n) || n < 0) || times.some(badTime))
    return reason('bad-value', 'a stream counter or time is not a whole number of the range the file holds');
  return null;
}

function checkEntries(s: WriteStream): WriteReason | null {
  let prev: StreamId | null = null;
  for (const e of s.entries) {
    if (e.fields.length === 0 || e.fields.length % 2 !== 0) {
      return reason('bad-value', `stream entry ${idText(e.id)} has ${e.fields.length} field/value elements, not a positive even number`);
    }
    if (prev !== null && compareIds(e.id, prev) <= 0)
      return reason('bad-value', `stream entry ${idText(e.id)} does not come after ${idText(prev)}; IDs must ascend`);
    prev = e.id;
  }
  if (prev !== null && compareIds(s.lastId, prev) < 0) return reason('bad-value', `stream last ID ${idText(s.lastId)} is below its last entry ${idText(prev)}`);
  return null;
}

function checkGroup(g: WriteStreamGroup, ctx: EncodeContext): WriteReason | null {
  const where = `consumer group ${shown(g.name)}`;
  const consumer = ctx.duplicate(() => g.consumers.map((c) => c.name));
  if (consumer !== null) return reason('bad-value', `${where} lists consumer ${shown(consumer)} twice`);
  const ids = g.pending.map((p) => rawStreamId(p.id));
  const pending = ctx.duplicate(() => ids);
  if (pending !== null) return reason('bad-value', `${where} has pending entry ${idText(g.pending[ids.indexOf(pending)]!.id)} twice`);
  const names = new Set(g.consumers.map((c) => c.name.toString('latin1')));
  for (const p of g.pending) {
    if (!names.has(p.consumer.toString('latin1'))) {
      return reason('bad-value', `${where}: pending entry ${idText(p.id)} belongs to ${shown(p.consumer)}, which is not among its consumers`);
    }
  }
  return null;
}

/** What the target cannot hold: metadata its loader would not derive the same way (refused unless dropped). */
function checkFormat(s: WriteStream, ctx: EncodeContext): WriteReason | null {
  const { format } = ctx;
  if (!format.streamMeta) {
    const first = s.entries[0]?.id ?? ZERO_ID;
    const derived =
      (s.firstId == null || compareIds(s.firstId, first) === 0) &&
      (s.maxDeletedId == null || compareIds(s.maxDeletedId, ZERO_ID) === 0) &&
      (s.entriesAdded == null || s.entriesAdded === s.entries.length) &&
      s.groups.every((g) => g.entriesRead === null);
    if (!derived) return needsVersion('stream first/max-deleted IDs, entries-added and group entries-read', format.version, 10, 'Redis 7.0');
  }
  if (!format.consumerActiveTime && s.groups.some((g) => g.consumers.some((c) => c.activeTimeMs !== -1 && c.activeTimeMs !== c.seenTimeMs))) {
    return needsVersion('stream consumer active times', format.version, 11, 'Redis 7.2');
  }
  return null;
}

function writeId(ctx: EncodeContext, id: StreamId): void {
  writeLengthBig(ctx.out, id.ms);
  writeLengthBig(ctx.out, id.seq);
}

/** rdbSaveStreamPEL: the count, then raw IDs, each with delivery time and count when `nacks`. */
function writePel(ctx: EncodeContext, pel: readonly WriteStreamPending[], nacks: boolean): void {
  writeLength(ctx.out, pel.length);
  for (const p of pel) {
    ctx.out.bytes(rawStreamId(p.id));
    if (!nacks) continue;
    writeMillis(ctx.out, p.deliveryTimeMs);
    writeLength(ctx.out, p.deliveryCount);
  }
}

function writeConsumer(ctx: EncodeContext, c: WriteStreamConsumer, owned: readonly WriteStreamPending[]): void {
  ctx.string(c.name);
  writeMillis(ctx.out, c.seenTimeMs);
  if (ctx.format.consumerActiveTime) writeMillis(ctx.out, c.activeTimeMs);
  writePel(ctx, owned, false);
}

/** The group PEL split by owner (each part stays in ID order). */
function byConsumer(pel: readonly WriteStreamPending[]): Map<string, WriteStreamPending[]> {
  const owners = new Map<string, WriteStreamPending[]>();
  for (const p of pel) {
    const name = p.consumer.toString('latin1');
    const list = owners.get(name);
    if (list === undefined) owners.set(name, [p]);
    else list.push(p);
  }
  return owners;
}

/** Groups, consumers and PELs in rax order (names and 128-bit IDs as big-endian bytes), as rdbSaveObject iterates them. */
function writeGroups(ctx: EncodeContext, groups: readonly WriteStreamGroup[]): void {
  writeLength(ctx.out, groups.length);
  for (const g of groups.slice().sort(byName)) {
    ctx.string(g.name);
    writeId(ctx, g.lastId);
    if (ctx.format.streamMeta) writeLengthBig(ctx.out, g.entriesRead === null ? INVALID_ENTRIES_READ : BigInt(g.entriesRead));
    const pel = g.pending.slice().sort(byId);
    writePel(ctx, pel, true);
    const owners = byConsumer(pel);
    writeLength(ctx.out, g.consumers.length);
    for (const c of g.consumers.slice().sort(byName)) writeConsumer(ctx, c, owners.get(c.name.toString('latin1')) ?? []);
  }
}

export function encodeStream(s: WriteStream, ctx: EncodeContext): WriteReason | null {
  const problem = checkNumbers(s) ?? checkEntries(s) ?? checkFormat(s, ctx);
  if (problem !== null) return problem;
  const group = ctx.duplicate(() => s.groups.map((g) => g.name));
  if (group !== null) return reason('bad-value', `consumer group ${shown(group)} appears twice`);
  for (const g of s.groups) {
    const bad = checkGroup(g, ctx);
    if (bad !== null) return bad;
  }
  const nodes = streamNodes(s.entries, ctx.limits, ctx.listpack);
  ctx.startKey(ctx.format.streamType);
  writeLength(ctx.out, nodes.length);
  for (const n of nodes) {
    ctx.string(n.key);
    ctx.string(n.listpack);
  }
  writeLength(ctx.out, s.entries.length);
  writeId(ctx, s.lastId);
  if (ctx.format.streamMeta) {
    writeId(ctx, s.firstId ?? s.entries[0]?.id ?? ZERO_ID);
    writeId(ctx, s.maxDeletedId ?? ZERO_ID);
    writeLength(ctx.out, s.entriesAdded ?? s.entries.length);
  }
  writeGroups(ctx, s.groups);
  return null;
}
