// XADD/XTRIM option parsing (streamParseAddOrTrimArgsOrReply) as the AOF client sees it.
import type { ErrorReply } from '../core/types.js';
import { INVALID_STREAM_ID, parseId, type EntryId } from './stream-id.js';
import { errorReply, isError, isOption, readLongLong, SYNTAX_ERROR } from './stream-reply.js';
import type { TrimStrategy } from './stream.js';

export interface AddTrimArgs {
  readonly trim: TrimStrategy | null;
  /** XADD only: the explicit ID (undefined for `*`), and whether its sequence was given. */
  readonly id: EntryId | undefined;
  readonly seqGiven: boolean;
  readonly noMkStream: boolean;
  /** XADD only: index of the ID argument (fields follow it). */
  readonly idIndex: number;
}

const BOTH_STRATEGIES = errorReply('syntax error, MAXLEN and MINID options at the same time are not compatible');

function isSingle(arg: Buffer | undefined, char: number): boolean {
  return arg !== undefined && arg.length >= 1 && arg[0] === char && (arg.length === 1 || arg[1] === 0);
}

/**
 * Parses options from args[2]. `~` is accepted and trimmed exactly: Redis trims only whole listpack
 * nodes for `~`, a layout we do not model, and never writes `~` to an AOF itself (it propagates `=`
 * with the resulting length or first ID, streamRewriteApproxSpecifier). LIMIT is parsed and checked,
 * then ignored, as for Redis's AOF client (mustObeyClient), which also skips "LIMIT without ~".
 */
export function parseAddTrimArgs(args: readonly Buffer[], xadd: boolean): AddTrimArgs | ErrorReply {
  let trim: TrimStrategy | null = null;
  let id: EntryId | undefined;
  let seqGiven = true;
  let noMkStream = false;
  let limit = 0n;
  let i = 2;
  for (; i < args.length; i++) {
    const moreArgs = args.length - 1 - i;
    const opt = args[i]!;
    if (xadd && isSingle(opt, 0x2a)) break; // '*'
    if ((isOption(opt, 'maxlen') || isOption(opt, 'minid')) && moreArgs > 0) {
      if (trim !== null) return BOTH_STRATEGIES;
      const next = args[i + 1];
      if (moreArgs >= 2 && (isSingle(next, 0x7e) || isSingle(next, 0x3d))) i++; // '~' or '='
      const valueArg = args[i + 1]!;
      if (isOption(opt, 'maxlen')) {
        const maxlen = readLongLong(valueArg);
        if (isError(maxlen)) return maxlen;
        if (maxlen < 0n) return errorReply('The MAXLEN argument must be >= 0.');
        trim = { kind: 'maxlen', maxlen };
      } else {
        const minid = parseId(valueArg, { strict: true });
        if (minid === null) return INVALID_STREAM_ID;
        trim = { kind: 'minid', minid: minid.id };
      }
      i++;
    } else if (isOption(opt, 'limit') && moreArgs > 0) {
      const value = readLongLong(args[i + 1]!);
      if (isError(value)) return value;
      if (value < 0n) return errorReply('The LIMIT argument must be >= 0.');
      limit = value;
      i++;
    } else if (xadd && isOption(opt, 'nomkstream')) {
      noMkStream = true;
    } else if (xadd) {
      const parsed = parseId(opt, { strict: true, allowAutoSeq: true });
      if (parsed === null) return INVALID_STREAM_ID;
      id = parsed.id;
      seqGiven = parsed.seqGiven;
      break;
    } else {
      return SYNTAX_ERROR;
    }
  }
  if (limit !== 0n && trim === null) {
    return errorReply('syntax error, LIMIT cannot be used without specifying a trimming strategy');
  }
  if (!xadd && trim === null) return errorReply('syntax error, XTRIM must be called with a trimming strategy');
  return { trim, id, seqGiven, noMkStream, idIndex: i };
}
