// XGROUP (CREATE, SETID, DESTROY, CREATECONSUMER, DELCONSUMER) and XACK, as t_stream.c's xgroupCommand/xackCommand.
import { ownEntry } from '../../aof/own-entry.js';
import { lowerName } from '../../resp/index.js';
import type { CommandHandler, ErrorReply } from '../core/types.js';
import { INVALID_STREAM_ID, MIN_ID, parseId, parseStrictId, type EntryId } from './stream-id.js';
import { INVALID_ENTRIES_READ } from './stream-group.js';
import { arityError, errorReply, formatArg, isError, isOption, lookupStream, OK, readLongLong, subcommandSyntaxError } from './stream-reply.js';
import { StreamValue } from './stream.js';

/** Subcommand arities from the 7.0 command table (negative: at least). */
const XGROUP_ARITY: Record<string, number> = {
  create: -5,
  setid: -5,
  destroy: 4,
  createconsumer: 5,
  delconsumer: 5,
  help: 2,
};

function arityOk(argc: number, arity: number): boolean {
  return arity >= 0 ? argc === arity : argc >= -arity;
}

/** The `$` special ID, compared as a C string (strcmp). */
function isDollar(arg: Buffer): boolean {
  return arg.length >= 1 && arg[0] === 0x24 && (arg.length === 1 || arg[1] === 0);
}

interface XgroupOptions {
  readonly mkstream: boolean;
  readonly entriesRead: bigint;
}

/** The option loop of xgroupCommand (from argv[5]): MKSTREAM for CREATE, ENTRIESREAD for CREATE and SETID. */
function parseXgroupOptions(args: readonly Buffer[], sub: string): XgroupOptions | ErrorReply {
  let mkstream = false;
  let entriesRead = INVALID_ENTRIES_READ;
  for (let i = 5; i < args.length;) {
    if (sub === 'create' && isOption(args[i], 'mkstream')) {
      mkstream = true;
      i++;
    } else if ((sub === 'create' || sub === 'setid') && isOption(args[i], 'entriesread') && i + 1 < args.length) {
      const value = readLongLong(args[i + 1]!);
      if (isError(value)) return value;
      if (value < 0n && value !== INVALID_ENTRIES_READ) return errorReply('value for ENTRIESREAD must be positive or -1');
      entriesRead = value;
      i += 2;
    } else {
      return subcommandSyntaxError(args);
    }
  }
  return { mkstream, entriesRead };
}

/** XGROUP <subcommand> key group …; container dispatch errors as processCommand gives them. */
export const xgroupCommand: CommandHandler = (ctx, args) => {
  if (args.length < 2) return arityError('xgroup');
  const sub = lowerName(args[1]!);
  const arity = ownEntry(XGROUP_ARITY, sub);
  if (arity === undefined) {
    return errorReply(`unknown subcommand '${formatArg(args[1]!).slice(0, 128)}'. Try XGROUP HELP.`);
  }
  if (!arityOk(args.length, arity)) return arityError(`xgroup|${sub}`);
  if (sub === 'help') return errorReply('XGROUP HELP is not a write command and is not replayed');

  const options = parseXgroupOptions(args, sub);
  if (isError(options)) return options;
  const key = args[2]!;
  const found = lookupStream(ctx, key);
  if (isError(found)) return found;
  const groupName = args[3]!;
  const group = found?.group(groupName);
  if (!options.mkstream) {
    if (found === undefined) {
      return errorReply(
        'The XGROUP subcommand requires the key to exist. Note that for CREATE you may want to use the MKSTREAM option to create an empty stream automatically.',
      );
    }
    if (group === undefined && (sub === 'setid' || sub === 'createconsumer' || sub === 'delconsumer')) {
      return { error: `NOGROUP No such consumer group '${formatArg(groupName)}' for key name '${formatArg(key)}'` };
    }
  }

  switch (sub) {
    case 'create': {
      if (args.length > 8) return subcommandSyntaxError(args);
      let id: EntryId;
      if (isDollar(args[4]!)) {
        id = found?.lastId ?? MIN_ID;
      } else {
        const parsed = parseStrictId(args[4]!);
        if (parsed === null) return INVALID_STREAM_ID;
        id = parsed;
      }
      let stream = found;
      if (stream === undefined) {
        stream = new StreamValue();
        ctx.db.add(Buffer.from(key), stream);
      }
      const created = stream.createGroup(groupName, id, options.entriesRead);
      return created === undefined ? { error: 'BUSYGROUP Consumer Group name already exists' } : OK;
    }
    case 'setid': {
      if (args.length !== 5 && args.length !== 7) return subcommandSyntaxError(args);
      let id: EntryId;
      if (isDollar(args[4]!)) {
        id = found!.lastId;
      } else {
        const parsed = parseId(args[4]!); // not strict: `-` and `+` are accepted here
        if (parsed === null) return INVALID_STREAM_ID;
        id = parsed.id;
      }
      group!.lastId = id;
      group!.entriesRead = options.entriesRead; // without ENTRIESREAD the counter becomes invalid
      return OK;
    }
    case 'destroy':
      return group !== undefined && found!.deleteGroup(groupName) ? 1 : 0;
    case 'createconsumer':
      return group!.createConsumer(args[4]!, ctx.nowMs) === undefined ? 0 : 1;
    default: {
      const consumer = group!.consumer(args[4]!); // SLC_NO_REFRESH: seen-time untouched
      return consumer === undefined ? 0 : group!.deleteConsumer(consumer);
    }
  }
};

/** XACK key group id [id …] */
export const xackCommand: CommandHandler = (ctx, args) => {
  if (args.length < 4) return arityError('xack');
  const stream = lookupStream(ctx, args[1]!);
  if (isError(stream)) return stream;
  const group = stream?.group(args[2]!);
  if (group === undefined) return 0;
  const ids: EntryId[] = [];
  for (const arg of args.slice(3)) {
    const id = parseStrictId(arg);
    if (id === null) return INVALID_STREAM_ID;
    ids.push(id);
  }
  let acknowledged = 0;
  for (const id of ids) {
    const entry = group.pending.get(id);
    if (entry === undefined) continue;
    group.removePending(entry);
    acknowledged++;
  }
  return acknowledged;
};
