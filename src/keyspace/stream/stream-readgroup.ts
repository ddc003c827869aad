// XREADGROUP, found only in very old AOFs: delivers entries to a consumer as 7.0's xreadCommand does (never blocks).
import type { CommandHandler, ErrorReply, Reply } from '../core/types.js';
import { INVALID_STREAM_ID, MAX_ID, MIN_ID, idToBuffer, parseStrictId, type EntryId } from './stream-id.js';
import { INVALID_ENTRIES_READ, type Consumer, type ConsumerGroup } from './stream-group.js';
import { arityError, errorReply, formatArg, isError, isOption, lookupStream, readLongLong, SYNTAX_ERROR } from './stream-reply.js';
import { StreamValue } from './stream.js';

interface ReadGroupArgs {
  readonly group: Buffer;
  readonly consumer: Buffer;
  readonly count: number;
  readonly noAck: boolean;
  readonly keys: Buffer[];
  readonly ids: Buffer[];
}

/** The option loop of xreadCommand for the XREADGROUP form. BLOCK is parsed; the AOF client never blocks. */
function parseReadGroupArgs(args: readonly Buffer[]): ReadGroupArgs | ErrorReply {
  let group: Buffer | undefined;
  let consumer: Buffer | undefined;
  let count = 0;
  let noAck = false;
  let streamsAt = 0;
  for (let i = 1; i < args.length; i++) {
    const moreArgs = args.length - i - 1;
    const opt = args[i]!;
    if (isOption(opt, 'block') && moreArgs > 0) {
      const timeout = readLongLong(args[++i]!, 'timeout is not an integer or out of range');
      if (isError(timeout)) return timeout;
      if (timeout < 0n) return errorReply('timeout is negative');
    } else if (isOption(opt, 'count') && moreArgs > 0) {
      const value = readLongLong(args[++i]!);
      if (isError(value)) return value;
      count = value < 0n ? 0 : Number(value);
    } else if (isOption(opt, 'streams') && moreArgs > 0) {
      streamsAt = i + 1;
      if ((args.length - streamsAt) % 2 !== 0) {
        return errorReply("Unbalanced XREAD list of streams: for each stream key an ID or '$' must be specified.");
      }
      break;
    } else if (isOption(opt, 'group') && moreArgs >= 2) {
      group = args[i + 1]!;
      consumer = args[i + 2]!;
      i += 2;
    } else if (isOption(opt, 'noack')) {
      noAck = true;
    } else {
      return SYNTAX_ERROR;
    }
  }
  if (streamsAt === 0) return SYNTAX_ERROR;
  if (group === undefined || consumer === undefined) return errorReply('Missing GROUP option for XREADGROUP');
  const half = (args.length - streamsAt) / 2;
  return {
    group,
    consumer,
    count,
    noAck,
    keys: args.slice(streamsAt, streamsAt + half),
    ids: args.slice(streamsAt + half),
  };
}

/** streamReplyWithRange with a group: advances last-delivered-id and the read counter, fills the PELs. */
function deliverNew(stream: StreamValue, group: ConsumerGroup, consumer: Consumer, count: number, noAck: boolean, nowMs: number): Reply[] {
  const delivered: Reply[] = [];
  for (const entry of stream.entries.range(group.lastId + 1n, MAX_ID)) {
    if (group.entriesRead !== INVALID_ENTRIES_READ && !stream.rangeHasTombstones(entry.id)) {
      group.entriesRead++;
    } else if (stream.entriesAdded !== 0n) {
      group.entriesRead = stream.estimateEntriesRead(entry.id);
    }
    group.lastId = entry.id;
    delivered.push([idToBuffer(entry.id), [...entry.fields]]);
    if (!noAck) {
      const existing = group.pending.get(entry.id);
      if (existing === undefined) {
        const pending = { id: entry.id, deliveryTimeMs: BigInt(nowMs), deliveryCount: 1n, consumer };
        group.pending.set(entry.id, pending);
        consumer.pending.set(entry.id, pending);
      } else {
        // XGROUP SETID can move the group back over entries another consumer still holds.
        group.assign(existing, consumer);
        existing.deliveryTimeMs = BigInt(nowMs);
        existing.deliveryCount = 1n;
      }
    }
    if (count !== 0 && delivered.length === count) break;
  }
  return delivered;
}

/** streamReplyWithRangeFromConsumerPEL: re-delivers the consumer's own pending entries from `start`. */
function deliverHistory(stream: StreamValue, consumer: Consumer, start: EntryId, count: number, nowMs: number): Reply[] {
  const ids = [...consumer.pending.keys()].filter((id) => id >= start).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const delivered: Reply[] = [];
  for (const id of ids) {
    if (count !== 0 && delivered.length >= count) break;
    const entry = stream.entries.get(id);
    if (entry === undefined) {
      delivered.push([idToBuffer(id), null]);
      continue;
    }
    const pending = consumer.pending.get(id)!;
    pending.deliveryTimeMs = BigInt(nowMs);
    pending.deliveryCount++;
    delivered.push([idToBuffer(id), [...entry.fields]]);
  }
  return delivered;
}

/** XREADGROUP GROUP group consumer [COUNT n] [BLOCK ms] [NOACK] STREAMS key [key …] id [id …] */
export const xreadgroupCommand: CommandHandler = (ctx, args) => {
  if (args.length < 7) return arityError('xreadgroup');
  const parsed = parseReadGroupArgs(args);
  if (isError(parsed)) return parsed;

  // Resolve every key, group and ID first: one bad stream fails the whole command.
  const targets: Array<{ stream: StreamValue; group: ConsumerGroup; after: EntryId | 'new' } | undefined> = [];
  for (let i = 0; i < parsed.keys.length; i++) {
    const key = parsed.keys[i]!;
    const stream = lookupStream(ctx, key);
    if (isError(stream)) return stream;
    const group = stream?.group(parsed.group);
    if (stream === undefined || group === undefined) {
      return {
        error: `NOGROUP No such key '${formatArg(key)}' or consumer group '${formatArg(parsed.group)}' in XREADGROUP with GROUP option`,
      };
    }
    const idArg = parsed.ids[i]!;
    if (idArg.length === 1 && idArg[0] === 0x24) {
      return errorReply(
        'The $ ID is meaningless in the context of XREADGROUP: you want to read the history of this consumer by specifying a proper ID, or use the > ID to get new messages. The $ ID would just return an empty result set.',
      );
    }
    if (idArg.length === 1 && idArg[0] === 0x3e) {
      targets.push({ stream, group, after: 'new' });
      continue;
    }
    const id = parseStrictId(idArg);
    if (id === null) return INVALID_STREAM_ID;
    targets.push({ stream, group, after: id });
  }

  const reply: Reply[] = [];
  for (let i = 0; i < targets.length; i++) {
    const target = targets[i]!;
    const { stream, group, after } = target;
    const history = after !== 'new';
    // History starts after the given ID; streamIncrID wraps the maximal ID to 0-0.
    if (!history && (stream.length === 0 || stream.entries.last()!.id <= group.lastId)) continue;
    const consumer = group.lookupOrCreateConsumer(parsed.consumer, ctx.nowMs);
    const entries = history
      ? deliverHistory(stream, consumer, after === MAX_ID ? MIN_ID : after + 1n, parsed.count, ctx.nowMs)
      : deliverNew(stream, group, consumer, parsed.count, parsed.noAck, ctx.nowMs);
    reply.push([parsed.keys[i]!, entries]);
  }
  return reply.length === 0 ? null : reply;
};
