// XADD, XDEL, XTRIM and XSETID (t_stream.c), plus the table of every stream command handler.
import type { CommandHandler, ErrorReply, KeyspaceContext } from '../core/types.js';
import { parseAddTrimArgs } from './stream-add-args.js';
import { INVALID_STREAM_ID, MAX_ID, MIN_ID, idMs, idSeq, idToBuffer, parseStrictId, type EntryId } from './stream-id.js';
import { arityError, errorReply, isError, isOption, lookupStream, OK, readLongLong, SYNTAX_ERROR } from './stream-reply.js';
import { StreamValue } from './stream.js';
import { xgroupCommand, xackCommand } from './stream-group-commands.js';
import { xclaimCommand, xautoclaimCommand } from './stream-claim-commands.js';
import { xreadgroupCommand } from './stream-readgroup.js';

const U64_MAX = (1n << 64n) - 1n;
/** STREAM_LISTPACK_MAX_SIZE: an entry's fields and values may total at most 1 GiB. */
const LISTPACK_MAX_SIZE = 1 << 30;
const ID_TOO_SMALL = errorReply('The ID specified in XADD is equal or smaller than the target stream top item');
const TOO_LARGE = errorReply('Elements are too large to be stored');

/** The ID streamAppendItem would use, or the EDOM error. */
function resolveXaddId(stream: StreamValue, ctx: KeyspaceContext, id: EntryId | undefined, seqGiven: boolean): EntryId | ErrorReply {
  let next: EntryId;
  if (id === undefined) {
    next = stream.nextAutoId(ctx.nowMs);
  } else if (seqGiven) {
    next = id;
  } else if (idMs(stream.lastId) === idMs(id)) {
    // `<ms>-*` on the last ID's millisecond continues its sequence, without wrapping into ms+1. At the
    // maximal sequence 7.0 fails without setting errno, so xaddCommand words it as the size error
    // (7.2 sets EDOM and says "equal or smaller"); recorded from 7.0.15.
    if (idSeq(stream.lastId) === U64_MAX) return TOO_LARGE;
    next = stream.lastId + 1n;
  } else {
    next = id;
  }
  return next <= stream.lastId ? ID_TOO_SMALL : next;
}

/** XADD key [NOMKSTREAM] [MAXLEN|MINID [=|~] threshold [LIMIT count]] *|id field value [field value …] */
const xadd: CommandHandler = (ctx, args) => {
  if (args.length < 5) return arityError('xadd');
  const parsed = parseAddTrimArgs(args, true);
  if (isError(parsed)) return parsed;
  const fieldPos = parsed.idIndex + 1;
  const fieldArgs = args.length - fieldPos;
  if (fieldArgs < 2 || fieldArgs % 2 === 1) return arityError('xadd');
  if (parsed.id === MIN_ID && parsed.seqGiven) return errorReply('The ID specified in XADD must be greater than 0-0');

  const key = args[1]!;
  let stream = lookupStream(ctx, key);
  if (isError(stream)) return stream;
  if (stream === undefined) {
    if (parsed.noMkStream) return null;
    stream = new StreamValue();
    ctx.db.add(Buffer.from(key), stream);
  }
  if (stream.lastId === MAX_ID) {
    return errorReply('The stream has exhausted the last possible ID, unable to add more items');
  }
  const id = resolveXaddId(stream, ctx, parsed.id, parsed.seqGiven);
  if (isError(id)) return id;
  const fields = args.slice(fieldPos);
  let total = 0;
  for (const field of fields) total += field.length;
  if (total > LISTPACK_MAX_SIZE) return TOO_LARGE;
  stream.append(id, fields);
  if (parsed.trim !== null) stream.trim(parsed.trim);
  return idToBuffer(id);
};

/** XDEL key id [id …] */
const xdel: CommandHandler = (ctx, args) => {
  if (args.length < 3) return arityError('xdel');
  const stream = lookupStream(ctx, args[1]!);
  if (isError(stream)) return stream;
  if (stream === undefined) return 0;
  const ids: EntryId[] = [];
  for (const arg of args.slice(2)) {
    const id = parseStrictId(arg);
    if (id === null) return INVALID_STREAM_ID;
    ids.push(id);
  }
  return stream.deleteEntries(ids);
};

/** XTRIM key MAXLEN|MINID [=|~] threshold [LIMIT count] */
const xtrim: CommandHandler = (ctx, args) => {
  if (args.length < 4) return arityError('xtrim');
  const parsed = parseAddTrimArgs(args, false);
  if (isError(parsed)) return parsed;
  const stream = lookupStream(ctx, args[1]!);
  if (isError(stream)) return stream;
  if (stream === undefined) return 0;
  return stream.trim(parsed.trim!);
};

/** XSETID key last-id [ENTRIESADDED n] [MAXDELETEDID id] (the 6.x form has no options). */
const xsetid: CommandHandler = (ctx, args) => {
  if (args.length < 3) return arityError('xsetid');
  const id = parseStrictId(args[2]!);
  if (id === null) return INVALID_STREAM_ID;
  let entriesAdded = -1n;
  let maxDeletedId = MIN_ID;
  for (let i = 3; i < args.length; i += 2) {
    const moreArgs = args.length - 1 - i;
    if (isOption(args[i], 'entriesadded') && moreArgs > 0) {
      const value = readLongLong(args[i + 1]!);
      if (isError(value)) return value;
      if (value < 0n) return errorReply('entries_added must be positive');
      entriesAdded = value;
    } else if (isOption(args[i], 'maxdeletedid') && moreArgs > 0) {
      const value = parseStrictId(args[i + 1]!);
      if (value === null) return INVALID_STREAM_ID;
      if (id < value) return errorReply('The ID specified in XSETID is smaller than the provided max_deleted_entry_id');
      maxDeletedId = value;
    } else {
      return SYNTAX_ERROR;
    }
  }
  const stream = lookupStream(ctx, args[1]!);
  if (stream === undefined) return errorReply('no such key');
  if (isError(stream)) return stream;
  if (stream.length > 0) {
    // 7.0 checks only against the top live entry (7.2 also refuses an ID below max-deleted-entry-id).
    if (id < stream.entries.last()!.id) {
      return errorReply('The ID specified in XSETID is smaller than the target stream top item');
    }
    if (entriesAdded !== -1n && BigInt(stream.length) > entriesAdded) {
      return errorReply('The entries_added specified in XSETID is smaller than the target stream length');
    }
  }
  stream.lastId = id;
  if (entriesAdded !== -1n) stream.entriesAdded = entriesAdded;
  if (maxDeletedId !== MIN_ID) stream.maxDeletedId = maxDeletedId;
  return OK;
};

/** Every stream command the scratch keyspace replays, by lower-case name. */
export const streamCommands: Record<string, CommandHandler> = {
  xadd,
  xdel,
  xtrim,
  xsetid,
  xgroup: xgroupCommand,
  xack: xackCommand,
  xclaim: xclaimCommand,
  xautoclaim: xautoclaimCommand,
  xreadgroup: xreadgroupCommand,
};
