// XCLAIM and XAUTOCLAIM (7.0 xclaimCommand/xautoclaimCommand): moving PEL entries between consumers.
import type { CommandHandler, ErrorReply, KeyspaceContext, Reply } from '../core/types.js';
import { INVALID_STREAM_ID, MAX_ID, MIN_ID, idToBuffer, parseId, type EntryId } from './stream-id.js';
import type { Consumer, ConsumerGroup, PendingEntry } from './stream-group.js';
import { arityError, errorReply, formatArg, isError, isOption, lookupStream, readLongLong, SYNTAX_ERROR } from './stream-reply.js';
import type { StreamValue } from './stream.js';

/** LONG_MAX / max(sizeof(streamID), attempts_factor): XAUTOCLAIM's largest COUNT. */
const AUTOCLAIM_MAX_COUNT = ((1n << 63n) - 1n) / 16n;
const AUTOCLAIM_ATTEMPTS_FACTOR = 10;

function noGroupError(key: Buffer, group: Buffer): ErrorReply {
  return { error: `NOGROUP No such key '${formatArg(key)}' or consumer group '${formatArg(group)}'` };
}

/** The stream and group both commands require, or the error Redis replies with. */
function lookupGroup(ctx: KeyspaceContext, args: readonly Buffer[]): { stream: StreamValue; group: ConsumerGroup } | ErrorReply {
  const stream = lookupStream(ctx, args[1]!);
  if (isError(stream)) return stream;
  const group = stream?.group(args[2]!);
  if (stream === undefined || group === undefined) return noGroupError(args[1]!, args[2]!);
  return { stream, group };
}

/** One claimed entry as the reply shows it: the bare ID (JUSTID) or [id, [field, value, …]]. */
function claimedReply(stream: StreamValue, id: EntryId, justId: boolean): Reply {
  if (justId) return idToBuffer(id);
  return [idToBuffer(id), [...stream.entries.get(id)!.fields]];
}

interface XclaimOptions {
  force: boolean;
  justId: boolean;
  /** -1 when neither IDLE nor TIME was given. */
  deliveryTime: bigint;
  /** -1 when RETRYCOUNT was not given (a negative RETRYCOUNT counts as not given). */
  retryCount: bigint;
  lastId: EntryId;
}

function parseXclaimOptions(args: readonly Buffer[], from: number, nowMs: bigint): XclaimOptions | ErrorReply {
  const options: XclaimOptions = { force: false, justId: false, deliveryTime: -1n, retryCount: -1n, lastId: MIN_ID };
  for (let j = from; j < args.length; j++) {
    const moreArgs = args.length - 1 - j;
    const opt = args[j]!;
    if (isOption(opt, 'force')) {
      options.force = true;
    } else if (isOption(opt, 'justid')) {
      options.justId = true;
    } else if (isOption(opt, 'idle') && moreArgs > 0) {
      const idle = readLongLong(args[++j]!, 'Invalid IDLE option argument for XCLAIM');
      if (isError(idle)) return idle;
      const time = BigInt.asIntN(64, nowMs - idle);
      options.deliveryTime = time > nowMs ? nowMs : time; // a negative IDLE means now
    } else if (isOption(opt, 'time') && moreArgs > 0) {
      const time = readLongLong(args[++j]!, 'Invalid TIME option argument for XCLAIM');
      if (isError(time)) return time;
      options.deliveryTime = time;
    } else if (isOption(opt, 'retrycount') && moreArgs > 0) {
      const count = readLongLong(args[++j]!, 'Invalid RETRYCOUNT option argument for XCLAIM');
      if (isError(count)) return count;
      options.retryCount = count;
    } else if (isOption(opt, 'lastid') && moreArgs > 0) {
      const id = parseId(args[++j]!, { strict: true });
      if (id === null) return INVALID_STREAM_ID;
      options.lastId = id.id;
    } else {
      return errorReply(`Unrecognized XCLAIM option '${formatArg(opt)}'`);
    }
  }
  return options;
}

/**
 * XCLAIM key group consumer min-idle-time id [id …] [IDLE ms] [TIME ms] [RETRYCOUNT n] [FORCE] [JUSTID] [LASTID id]
 *
 * Delivery time is TIME, else now − IDLE, else now. Redis also resets a TIME later than its clock to
 * now; we keep such a TIME, because our clock follows the file's #TS annotations (whole seconds) while
 * Redis loading the file runs later than any TIME it holds.
 */
/**
 * A claim that claimed nothing for a consumer the group lacks: 7.2+ create it anyway (up front, before the
 * IDs), 7.0 does not. Unknown which server loads the output, it behaves as every maintained release does and
 * says so (Redis's own 7.0 rewrite writes such XCLAIMs for PEL entries whose stream entry was deleted).
 */
function claimNothingConsumer(ctx: KeyspaceContext, group: ConsumerGroup, claimed: Consumer | undefined, name: Buffer, command: string): void {
  if (claimed !== undefined || group.consumer(name) !== undefined) return;
  const creates = ctx.behaviour?.claimCreatesConsumer ?? null;
  if (creates === false) return;
  group.lookupOrCreateConsumer(name, ctx.nowMs);
  if (creates === null) {
    ctx.caveat?.(
      `${command} that claimed nothing created its consumer, as Redis and Valkey 7.2+ do; Redis 7.0 does not: rewrite with --server redis-7.0 if that is what loads the output`,
    );
  }
}

export const xclaimCommand: CommandHandler = (ctx, args) => {
  if (args.length < 6) return arityError('xclaim');
  const found = lookupGroup(ctx, args);
  if (isError(found)) return found;
  const { stream, group } = found;
  let minIdle = readLongLong(args[4]!, 'Invalid min-idle-time argument for XCLAIM');
  if (isError(minIdle)) return minIdle;
  if (minIdle < 0n) minIdle = 0n;

  // IDs run until the first argument that does not parse as one; the rest are options.
  const ids: EntryId[] = [];
  let j = 5;
  for (; j < args.length; j++) {
    const id = parseId(args[j]!, { strict: true });
    if (id === null) break;
    ids.push(id.id);
  }
  const now = BigInt(ctx.nowMs);
  const options = parseXclaimOptions(args, j, now);
  if (isError(options)) return options;
  if (options.lastId > group.lastId) group.lastId = options.lastId;
  let deliveryTime = options.deliveryTime;
  if (deliveryTime === -1n || deliveryTime < 0n) deliveryTime = now;

  let consumer: Consumer | undefined;
  const reply: Reply[] = [];
  for (const id of ids) {
    let entry = group.pending.get(id);
    if (!stream.entries.has(id)) {
      // The entry was deleted from the stream: its PEL entry goes too (7.0 since #10227).
      if (entry !== undefined) group.removePending(entry);
      continue;
    }
    if (entry !== undefined && minIdle > 0n && now - entry.deliveryTimeMs < minIdle) continue;
    if (entry === undefined && !options.force) continue;
    consumer ??= group.lookupOrCreateConsumer(args[3]!, ctx.nowMs);
    if (entry === undefined) {
      // FORCE: streamCreateNACK starts at delivery count 1.
      entry = { id, deliveryTimeMs: deliveryTime, deliveryCount: 1n, consumer };
      group.pending.set(id, entry);
      consumer.pending.set(id, entry);
    } else {
      group.assign(entry, consumer);
    }
    entry.deliveryTimeMs = deliveryTime;
    if (options.retryCount >= 0n) entry.deliveryCount = options.retryCount;
    else if (!options.justId) entry.deliveryCount++;
    reply.push(claimedReply(stream, id, options.justId));
  }
  claimNothingConsumer(ctx, group, consumer, args[3]!, 'XCLAIM');
  return reply;
};

interface XautoclaimOptions {
  readonly minIdle: bigint;
  readonly start: EntryId;
  readonly count: number;
  readonly justId: boolean;
}

/** The argument checks xautoclaimCommand makes before looking the key up. */
function parseXautoclaimArgs(args: readonly Buffer[]): XautoclaimOptions | ErrorReply {
  let minIdle = readLongLong(args[4]!, 'Invalid min-idle-time argument for XAUTOCLAIM');
  if (isError(minIdle)) return minIdle;
  if (minIdle < 0n) minIdle = 0n;
  // streamParseIntervalIDOrReply: "(id" is an exclusive start.
  const startArg = args[5]!;
  const exclusive = startArg.length > 1 && startArg[0] === 0x28;
  const parsed = exclusive ? parseId(startArg.subarray(1), { strict: true }) : parseId(startArg);
  if (parsed === null) return INVALID_STREAM_ID;
  let start = parsed.id;
  if (exclusive) {
    if (start === MAX_ID) return errorReply('invalid start ID for the interval');
    start++;
  }
  let count = 100;
  let justId = false;
  for (let j = 6; j < args.length; j++) {
    const moreArgs = args.length - 1 - j;
    if (isOption(args[j], 'count') && moreArgs > 0) {
      const value = readLongLong(args[++j]!, 'COUNT must be > 0');
      if (isError(value)) return value;
      if (value < 1n || value > AUTOCLAIM_MAX_COUNT) return errorReply('COUNT must be > 0');
      count = Number(value);
    } else if (isOption(args[j], 'justid')) {
      justId = true;
    } else {
      return SYNTAX_ERROR;
    }
  }
  return { minIdle, start, count, justId };
}

/** XAUTOCLAIM key group consumer min-idle-time start [COUNT n] [JUSTID] → [cursor, claimed, deleted IDs] */
export const xautoclaimCommand: CommandHandler = (ctx, args) => {
  if (args.length < 6) return arityError('xautoclaim');
  const options = parseXautoclaimArgs(args);
  if (isError(options)) return options;
  const found = lookupGroup(ctx, args);
  if (isError(found)) return found;
  const { stream, group } = found;

  const now = BigInt(ctx.nowMs);
  const ids = group.pendingIdsFrom(options.start);
  let count = options.count;
  let attempts = count * AUTOCLAIM_ATTEMPTS_FACTOR;
  let consumer: Consumer | undefined;
  const claimed: Reply[] = [];
  const deleted: Reply[] = [];
  let next = 0;
  for (; attempts > 0 && count > 0 && next < ids.length; attempts--) {
    const id = ids[next++]!;
    const entry: PendingEntry = group.pending.get(id)!;
    if (!stream.entries.has(id)) {
      group.removePending(entry);
      deleted.push(idToBuffer(id));
      count--;
      continue;
    }
    if (options.minIdle > 0n && now - entry.deliveryTimeMs < options.minIdle) continue;
    consumer ??= group.lookupOrCreateConsumer(args[3]!, ctx.nowMs);
    group.assign(entry, consumer);
    entry.deliveryTimeMs = now;
    if (!options.justId) entry.deliveryCount++;
    claimed.push(claimedReply(stream, id, options.justId));
    count--;
  }
  const cursor = next < ids.length ? ids[next]! : MIN_ID;
  claimNothingConsumer(ctx, group, consumer, args[3]!, 'XAUTOCLAIM');
  return [idToBuffer(cursor), claimed, deleted];
};
