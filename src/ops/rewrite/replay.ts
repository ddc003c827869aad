// Replays an AOF into the scratch keyspace the way redis-server loads it with aof-load-truncated yes.

import { classifyCommand } from '../../aof/command-table.js';
import { findServer } from '../../aof/commands/servers.js';
import { listingTo, resolveAof, loadedFiles, type AofLayout, type OnProgress } from '../../aof/layout.js';
import type { AofProblem } from '../../aof/problem.js';
import { selectCommand, selectTarget } from '../../aof/verdict/index.js';
import { walkAof, type WalkPosition } from '../../aof/walk.js';
import { behaviourOf } from '../../keyspace/core/behaviour.js';
import { KeyspaceLimitError } from '../../keyspace/core/key-index.js';
import { Keyspace, isUnknownCommand } from '../../keyspace/keyspace.js';
import { addRdbPart, loadRdbValue } from '../../keyspace/rdb-load.js';
import type { Reply } from '../../keyspace/core/types.js';
import type { RdbKeyClaim, RdbRecord } from '../../rdb/types.js';
import type { ShardFilter } from './shard-filter.js';

/**
 * Thrown by a replay with a divert when the base file holds commands after its RDB section: the caller
 * replays again without one.
 */
export class BaseTailFound extends Error {
  constructor(readonly file: string) {
    super(`${file} holds commands after its RDB section`);
  }
}

/** Why a replay cannot go on: the command or damage, where, and what it means. */
export interface ReplayFailure {
  readonly file: string;
  readonly offset: number | null;
  readonly command: string | null;
  readonly message: string;
}

export interface ReplayResult {
  readonly layout: AofLayout;
  readonly keyspace: Keyspace;
  readonly inputCommands: number;
  readonly inputBytes: number;
  /** What was dropped like aof-load-truncated drops it: a cut tail or an unfinished MULTI of the last file. */
  readonly dropped: AofProblem[];
  /** Where in the last file the dropped part starts (the end of the last command applied), or null. */
  readonly droppedFrom: number | null;
  /** Commands Redis would also have refused while loading (an error reply): counted, first few kept. */
  readonly failedCommands: number;
  readonly failedExamples: string[];
  readonly failure: ReplayFailure | null;
}

export interface ReplayOptions {
  /** The clock relative expiries in old AOFs resolve against (ms); Redis uses the time it loads. */
  readonly nowMs: number;
  readonly onProgress?: OnProgress;
  /**
   * The server that will load the output (`redis-7.0`, `valkey-8`, … as --server takes it), where versions
   * differ; default: the version an RDB base names in its aux fields, else stop where it would matter.
   */
  readonly server?: string;
  /**
   * Offered each key record of an RDB base (and each later part of a large one) before the keyspace loads
   * it: true when the caller took it (wrote it out), so the keyspace never holds it. Each library is offered
   * too, once the keyspace has loaded it (and found it sound); it stays there whatever the answer. The
   * base must hold nothing but its RDB section: a command after it throws BaseTailFound.
   */
  readonly divert?: (record: Extract<RdbRecord, { type: 'key' | 'key-part' | 'function' }>) => boolean;
  /**
   * Takes keys of an RDB base by their place in the file, before their values are read: the keyspace never
   * holds them (readRdbClaiming). As with a divert, the base must hold nothing but its RDB section.
   */
  readonly claim?: RdbKeyClaim;
  /** Awaited between chunks and batches of RDB records (WalkOptions.pause): the divert's output drains here. */
  readonly pause?: () => Promise<void> | undefined;
  /**
   * Run only this share of the commands (a sharded rewrite: another replay runs the rest). Its NotShardable
   * ends the replay: the input holds a command that needs keys of both shards.
   */
  readonly shard?: ShardFilter;
}

const SCRIPT_COMMANDS = new Set(['eval', 'evalsha', 'eval_ro', 'evalsha_ro', 'fcall', 'fcall_ro', 'script']);
const EXAMPLES_KEPT = 5;
/**
 * Elements per part of a large RDB collection: stored as they come, a sorted set of a million members never
 * exists as a million {member, score} objects (they outlived young-generation GCs and were a third of the
 * heap). Above every packed encoding's limit (addRdbPart).
 */
const RDB_PART_SIZE = 4096;

/** A reply that means the keyspace cannot reproduce what Redis did: a command it lacks, or a random one. */
function stopperIn(reply: Reply): string | null {
  if (reply === null || typeof reply !== 'object' || Buffer.isBuffer(reply)) return null;
  if (Array.isArray(reply)) {
    for (const r of reply) {
      const s = stopperIn(r);
      if (s) return s;
    }
    return null;
  }
  if ('irreproducible' in reply && 'error' in reply) return reply.error.replace(/^ERR /, '');
  return null;
}

function describeUnsupported(args: readonly Buffer[], argc: number, name: string): string {
  if (SCRIPT_COMMANDS.has(name)) {
    return `${name.toUpperCase()} is written verbatim in this AOF (Redis < 5, or verbatim script replication): replaying it needs a Lua engine, which the rewrite does not have. Rewrite this AOF with redis-server itself (BGREWRITEAOF)`;
  }
  const verdict = classifyCommand(args[0]!, args[1], argc);
  if (verdict.status === 'module') {
    return `${name.toUpperCase()} is a module's command: the scratch keyspace holds no module data. Rewrite this AOF with redis-server and the module loaded (BGREWRITEAOF); nothing was written`;
  }
  return `${name.toUpperCase()} is not replayed by this version of aof (a command of a newer server, or one it does not model): nothing was written. Rewrite this AOF with the server that wrote it (BGREWRITEAOF)`;
}

/**
 * Errors a server raises before it changes anything, for arguments it does not take. A server propagates
 * only commands that ran, so meeting one here means the writer took arguments the replay does not (SET …
 * IFEQ, XADD … KEEPREF, …): going on would drop the command's effect.
 */
const ARGUMENT_ERRORS = /^ERR (syntax error|wrong number of arguments|unknown subcommand|unknown option|unsupported)/i;

/** A full key table is a limit of this machine, reported like any other refusal; anything else is a bug. */
function limitMessage(e: unknown): string {
  if (!(e instanceof KeyspaceLimitError)) throw e;
  return `${e.message}: rewrite this AOF with redis-server itself (BGREWRITEAOF)`;
}

/**
 * The command as the keyspace should run it so that its database is the walk's (selectCommand's rules, and a
 * new loading client at 0 for each file): a SELECT the server accepts goes in the canonical form of the
 * database it selects; one it refuses goes as written, to fail here too; before any other command run
 * outside a transaction, the keyspace is moved where the walk says it is.
 */
function argsFollowingWalk(keyspace: Keyspace, args: Buffer[], at: WalkPosition): Buffer[] {
  if (at.name === 'select') return selectTarget(args[1]) === null ? args : selectCommand(at.db);
  if (!keyspace.inTransaction && keyspace.selectedDb !== at.db) keyspace.execute(selectCommand(at.db), 'select');
  return args;
}

export async function replayAof(path: string, options: ReplayOptions): Promise<ReplayResult> {
  return replayLayout(await resolveAof(path, listingTo(options.onProgress)), options);
}

/** replayAof of a layout already resolved. */
export async function replayLayout(layout: AofLayout, options: ReplayOptions): Promise<ReplayResult> {
  const divert = options.divert;
  // Keys of the base may go elsewhere than the keyspace.
  const diverting = divert !== undefined || options.claim !== undefined;
  const shard = options.shard;
  const target = options.server === undefined ? null : findServer(options.server);
  const keyspace = new Keyspace({ nowMs: options.nowMs, behaviour: target === null ? undefined : behaviourOf(target.server, target.version) });
  const dropped: AofProblem[] = [];
  let droppedFrom: number | null = null;
  let failure: ReplayFailure | null = null;
  let inputCommands = 0;
  let failedCommands = 0;
  const failedExamples: string[] = [];
  const manifestError = layout.problems.find((p) => p.severity === 'error');
  if (manifestError) {
    failure = { file: manifestError.file, offset: manifestError.offset, command: null, message: manifestError.message };
  }
  const files = loadedFiles(layout);
  if (!failure) {
    await walkAof(
      layout,
      {
        fileEnd(result) {
          const error = result.error;
          if (failure || error === null) return;
          // Only the last file's cut tail is dropped (the verdict calls a cut earlier file corrupt); what
          // stands is the file up to its last command applied.
          if (error.kind === 'truncated') {
            dropped.push(error);
            droppedFrom = result.appliedUpTo;
            return;
          }
          failure = { file: error.file, offset: error.offset, command: null, message: error.message };
        },
        rdbRecord(record, at) {
          if (failure) return;
          if (record.type === 'key' || record.type === 'key-part') {
            if (divert?.(record) === true) return;
            // A string the divert did not take is a view of the reader's window (rdbStringViews): the keyspace keeps its own.
            if (divert !== undefined && record.type === 'key' && record.value.type === 'string') {
              record = { ...record, key: Buffer.from(record.key), value: { ...record.value, value: Buffer.from(record.value.value) } };
            }
          }
          if (record.type === 'key-part') {
            addRdbPart(keyspace.get(record.db, record.key)!.value, record.value);
          } else if (record.type === 'key') {
            let err: { error: string } | null;
            try {
              err = loadRdbValue(keyspace, record.db, record.key, record.value, record.expireAtMs);
            } catch (e) {
              err = { error: limitMessage(e) };
            }
            if (err)
              failure = {
                file: at.file.path,
                offset: record.offset,
                command: null,
                message: `key ${JSON.stringify(record.key.toString('latin1'))}: ${err.error}`,
              };
          } else if (record.type === 'resize-db' && !diverting) {
            // With a divert most keys may never reach the keyspace: no room is made for them ahead.
            keyspace.reserve(record.db, record.keysHint);
          } else if (record.type === 'aux' && target === null && record.key.toString('latin1') === 'redis-ver') {
            // The server that wrote the base (Valkey names a Redis 7.2 here): the one the incr files came from.
            keyspace.setBehaviour(behaviourOf('redis', record.value.toString('latin1')));
          } else if (record.type === 'function') {
            const r = keyspace.functions.load(record.code, false);
            if (!Buffer.isBuffer(r)) failure = { file: at.file.path, offset: record.offset, command: null, message: `function library: ${r.message}` };
            else divert?.(record);
          } else if (record.type === 'module-aux') {
            failure = {
              file: at.file.path,
              offset: record.offset,
              command: null,
              message: `the RDB holds data of module ${record.moduleName}, which the rewrite cannot reproduce: rewrite with redis-server and the module loaded`,
            };
          }
        },
        command(frame, at) {
          if (failure) return;
          // Commands after the base's own RDB section (a preamble file kept as the base) were not read for
          // the keys they name: what the divert wrote may be what they change.
          if (diverting && at.file === files[0]) throw new BaseTailFound(at.file.path);
          inputCommands++;
          const args = shard === undefined ? frame.args : shard.frameArgs(frame, at.name);
          if (args === null) return;
          let reply: Reply;
          try {
            reply = keyspace.execute(argsFollowingWalk(keyspace, args, at), at.name);
          } catch (e) {
            failure = { file: at.file.path, offset: frame.start, command: at.name, message: limitMessage(e) };
            return;
          }
          if (isUnknownCommand(reply)) {
            failure = { file: at.file.path, offset: frame.start, command: at.name, message: describeUnsupported(args, frame.argc, at.name) };
            return;
          }
          const stopper = stopperIn(reply);
          if (stopper) {
            failure = { file: at.file.path, offset: frame.start, command: at.name, message: `${stopper}: the rewrite cannot produce the same dataset` };
            return;
          }
          if (reply !== null && typeof reply === 'object' && 'error' in reply) {
            if (ARGUMENT_ERRORS.test(reply.error)) {
              failure = {
                file: at.file.path,
                offset: frame.start,
                command: at.name,
                message: `${at.name.toUpperCase()} fails here (${reply.error}), yet a server wrote it to its AOF: that server takes arguments this replay does not (a newer version's), so the rewrite cannot produce the same dataset; nothing was written. Rewrite this AOF with the server that wrote it (BGREWRITEAOF)`,
              };
              return;
            }
            failedCommands++;
            if (failedExamples.length < EXAMPLES_KEPT) failedExamples.push(`${at.file.path} offset ${frame.start}: ${at.name.toUpperCase()}: ${reply.error}`);
          }
        },
      },
      // The keyspace copies what it keeps of a command's arguments (Keyspace.execute): they may be reused.
      {
        onProgress: options.onProgress,
        stopAtError: true,
        rdbPartSize: RDB_PART_SIZE,
        reuseArgs: true,
        // A shard judges most commands by their key's bytes where they lie, and builds arguments only for its own.
        argRanges: shard !== undefined,
        pause: options.pause,
        // Only a divert writes the base's strings out as they come; a keyspace loading them keeps Buffers.
        rdbStringViews: divert !== undefined,
        rdbClaim: options.claim,
      },
    );
  }
  const inputBytes = files.reduce((n, f) => n + (f.size ?? 0), 0);
  return { layout, keyspace, inputCommands, inputBytes, dropped, droppedFrom, failedCommands, failedExamples, failure };
}
