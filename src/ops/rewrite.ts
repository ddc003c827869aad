// `rewrite`: replays an AOF into the scratch keyspace and writes the minimal AOF that rebuilds its dataset.

import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { replaceFile } from '../aof/atomic-file.js';
import type { AofProblem } from '../aof/problem.js';
import { RespWriter } from '../aof/resp-writer.js';
import { emitValue } from '../keyspace/emit.js';
import { emitFunctions } from '../keyspace/functions-commands.js';
import type { Keyspace } from '../keyspace/keyspace.js';
import { replayAof, type ReplayFailure } from './rewrite-replay.js';

export interface RewriteOptions {
  /** `resp`: one AOF file at OUT; `multi-part`: OUT is an appendonlydir (manifest, base, empty incr). */
  readonly format: 'resp' | 'multi-part';
  /** Leave out keys whose TTL has passed at nowMs (Redis keeps them: they expire lazily after loading). */
  readonly dropExpired: boolean;
  /** The clock: relative expiries of old AOFs resolve against it, and --drop-expired compares with it. */
  readonly nowMs: number;
  /** appendfilename for multi-part output (default appendonly.aof). */
  readonly aofName?: string;
  readonly onProgress?: (done: number, total: number) => void;
}

export interface RewriteReport {
  readonly input: string;
  readonly output: string;
  readonly format: RewriteOptions['format'];
  readonly ok: boolean;
  readonly failure: ReplayFailure | null;
  /** A cut tail or unfinished MULTI of the last file, dropped as aof-load-truncated would. */
  readonly dropped: AofProblem[];
  /** Where in the last file the dropped part starts, or null when nothing was dropped. */
  readonly droppedFrom: number | null;
  readonly failedCommands: number;
  readonly failedExamples: string[];
  /** Approximations the replay had to make, each with the number of commands it concerns. */
  readonly caveats: { readonly message: string; readonly commands: number }[];
  readonly inputCommands: number;
  readonly inputBytes: number;
  readonly outputCommands: number;
  readonly outputBytes: number;
  /** Files written, in the order they were made durable. */
  readonly files: string[];
  /** Keys written per database and type. */
  readonly keys: Record<string, Record<string, number>>;
  readonly keysWithTtl: number;
  readonly expiredDropped: number;
  readonly functions: number;
  readonly seconds: number;
}

interface EmitCounts {
  keys: Record<string, Record<string, number>>;
  keysWithTtl: number;
  expiredDropped: number;
}

const PEXPIREAT = Buffer.from('PEXPIREAT');
const SELECT = Buffer.from('SELECT');

/** rewriteAppendOnlyFileRio's order: libraries, then per non-empty database SELECT and each key, TTL last. */
async function emitDataset(keyspace: Keyspace, writer: RespWriter, options: RewriteOptions): Promise<EmitCounts> {
  const counts: EmitCounts = { keys: {}, keysWithTtl: 0, expiredDropped: 0 };
  const emit = (args: Buffer[]) => writer.command(args);
  emitFunctions(keyspace.functions, emit);
  for (const db of keyspace.nonEmptyDbs()) {
    let selected = false;
    const perType: Record<string, number> = {};
    for (const { key, value, expireAtMs } of keyspace.keys(db)) {
      if (options.dropExpired && expireAtMs !== null && expireAtMs <= options.nowMs) {
        counts.expiredDropped++;
        continue;
      }
      if (!selected) {
        writer.command([SELECT, Buffer.from(String(db))]);
        selected = true;
      }
      emitValue(key, value, emit);
      if (expireAtMs !== null) {
        writer.command([PEXPIREAT, key, Buffer.from(String(expireAtMs))]);
        counts.keysWithTtl++;
      }
      perType[value.type] = (perType[value.type] ?? 0) + 1;
      if (writer.full) await writer.flush();
    }
    if (selected) counts.keys[String(db)] = perType;
  }
  await writer.flush();
  return counts;
}

export async function rewriteAof(input: string, output: string, options: RewriteOptions): Promise<RewriteReport> {
  const started = Date.now();
  const replay = await replayAof(input, { nowMs: options.nowMs, onProgress: options.onProgress });
  const base = {
    input,
    output,
    format: options.format,
    dropped: replay.dropped,
    droppedFrom: replay.droppedFrom,
    failedCommands: replay.failedCommands,
    failedExamples: replay.failedExamples,
    caveats: [...replay.keyspace.caveats].map(([message, commands]) => ({ message, commands })),
    inputCommands: replay.inputCommands,
    inputBytes: replay.inputBytes,
    functions: replay.keyspace.functions.libraries().length,
  };
  if (replay.failure) {
    return {
      ...base,
      ok: false,
      failure: replay.failure,
      outputCommands: 0,
      outputBytes: 0,
      files: [],
      keys: {},
      keysWithTtl: 0,
      expiredDropped: 0,
      seconds: (Date.now() - started) / 1000,
    };
  }
  const writeBase = async (target: string): Promise<{ counts: EmitCounts; commands: number; bytes: number }> => {
    let written: { counts: EmitCounts; commands: number; bytes: number } | undefined;
    await replaceFile(target, async (fh) => {
      const writer = new RespWriter(fh);
      const counts = await emitDataset(replay.keyspace, writer, options);
      written = { counts, commands: writer.commands, bytes: writer.bytes };
    });
    return written!;
  };
  const files: string[] = [];
  let written: Awaited<ReturnType<typeof writeBase>>;
  if (options.format === 'resp') {
    written = await writeBase(output);
    files.push(output);
  } else {
    const name = options.aofName ?? 'appendonly.aof';
    const baseName = `${name}.1.base.aof`;
    const incrName = `${name}.1.incr.aof`;
    await mkdir(output, { recursive: true });
    written = await writeBase(join(output, baseName));
    await replaceFile(join(output, incrName), async () => undefined);
    // The manifest last: until it exists, nothing points at the new files.
    const manifest = `file ${baseName} seq 1 type b\nfile ${incrName} seq 1 type i\n`;
    await replaceFile(join(output, `${name}.manifest`), async (fh) => {
      await fh.write(manifest);
    });
    files.push(join(output, baseName), join(output, incrName), join(output, `${name}.manifest`));
  }
  return {
    ...base,
    ok: true,
    failure: null,
    outputCommands: written.commands,
    outputBytes: written.bytes,
    files,
    keys: written.counts.keys,
    keysWithTtl: written.counts.keysWithTtl,
    expiredDropped: written.counts.expiredDropped,
    seconds: (Date.now() - started) / 1000,
  };
}
