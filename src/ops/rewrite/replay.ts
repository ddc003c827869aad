// Replays an AOF into the scratch keyspace the way redis-server loads it with aof-load-truncated yes.

import { resolveAof, loadedFiles, type AofLayout } from '../../aof/layout.js';
import type { AofProblem } from '../../aof/problem.js';
import { selectCommand, selectTarget } from '../../aof/verdict/index.js';
import { walkAof, type WalkPosition } from '../../aof/walk.js';
import { KeyspaceLimitError } from '../../keyspace/key-index.js';
import { Keyspace, isUnknownCommand } from '../../keyspace/keyspace.js';
import { loadRdbValue } from '../../keyspace/rdb-load.js';
import type { Reply } from '../../keyspace/types.js';
import type { CommandFrame } from '../../resp/index.js';

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
  readonly onProgress?: (done: number, total: number) => void;
}

const SCRIPT_COMMANDS = new Set(['eval', 'evalsha', 'eval_ro', 'evalsha_ro', 'fcall', 'fcall_ro', 'script']);
const EXAMPLES_KEPT = 5;

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

function describeUnsupported(name: string): string {
  if (SCRIPT_COMMANDS.has(name)) {
    return `${name.toUpperCase()} is written verbatim in this AOF (Redis < 5, or verbatim script replication): replaying it needs a Lua engine, which the rewrite does not have. Rewrite this AOF with redis-server itself (BGREWRITEAOF)`;
  }
  return `${name.toUpperCase()} is not implemented by the scratch keyspace (a module command, or one this version of aof does not replay): nothing was written`;
}

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
function argsFollowingWalk(keyspace: Keyspace, frame: CommandFrame, at: WalkPosition): Buffer[] {
  if (at.name === 'select') return selectTarget(frame.args[1]) === null ? frame.args : selectCommand(at.db);
  if (!keyspace.inTransaction && keyspace.selectedDb !== at.db) keyspace.execute(selectCommand(at.db), 'select');
  return frame.args;
}

export async function replayAof(path: string, options: ReplayOptions): Promise<ReplayResult> {
  const layout = await resolveAof(path);
  const keyspace = new Keyspace({ nowMs: options.nowMs });
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
          if (record.type === 'key') {
            let err: { error: string } | null;
            try {
              err = loadRdbValue(keyspace, record.db, record.key, record.value, record.expireAtMs);
            } catch (e) {
              err = { error: limitMessage(e) };
            }
            if (err) failure = { file: at.file.path, offset: record.offset, command: null, message: `key ${JSON.stringify(record.key.toString('latin1'))}: ${err.error}` };
          } else if (record.type === 'function') {
            const r = keyspace.functions.load(record.code, false);
            if (!Buffer.isBuffer(r)) failure = { file: at.file.path, offset: record.offset, command: null, message: `function library: ${r.message}` };
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
          inputCommands++;
          let reply: Reply;
          try {
            reply = keyspace.execute(argsFollowingWalk(keyspace, frame, at), at.name);
          } catch (e) {
            failure = { file: at.file.path, offset: frame.start, command: at.name, message: limitMessage(e) };
            return;
          }
          if (isUnknownCommand(reply)) {
            failure = { file: at.file.path, offset: frame.start, command: at.name, message: describeUnsupported(at.name) };
            return;
          }
          const stopper = stopperIn(reply);
          if (stopper) {
            failure = { file: at.file.path, offset: frame.start, command: at.name, message: `${stopper}: the rewrite cannot produce the same dataset` };
            return;
          }
          if (reply !== null && typeof reply === 'object' && 'error' in reply) {
            failedCommands++;
            if (failedExamples.length < EXAMPLES_KEPT) failedExamples.push(`${at.file.path} offset ${frame.start}: ${at.name.toUpperCase()}: ${reply.error}`);
          }
        },
      },
      { onProgress: options.onProgress, stopAtError: true },
    );
  }
  const inputBytes = files.reduce((n, f) => n + (f.size ?? 0), 0);
  return { layout, keyspace, inputCommands, inputBytes, dropped, droppedFrom, failedCommands, failedExamples, failure };
}
