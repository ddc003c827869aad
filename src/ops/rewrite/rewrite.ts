// `rewrite`: replays an AOF into the scratch keyspace and writes the minimal AOF that rebuilds its dataset.

import { writeDirAtomically } from '../../aof/io/atomic-dir.js';
import { writeFileAtomically } from '../../aof/io/atomic-replace.js';
import type { CheckedSink } from '../../aof/io/file-sink.js';
import type { RdbWriteVersion } from '../../rdb/write/index.js';
import { defaultRdbVersion, RdbTargetRefusal, writeRdbDataset } from './rdb.js';
import type { AofProblem } from '../../aof/problem.js';
import { RespWriter, type ByteSink } from '../../resp/index.js';
import { realpath, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { findServer } from '../../aof/commands/servers.js';
import { listingTo, resolveAof, type AofLayout, type OnProgress } from '../../aof/layout.js';
import { packingsOf } from '../../aof/packed/archive.js';
import { BaseTailFound, replayLayout, type ReplayFailure, type ReplayResult } from './replay.js';
import { BaseStream } from './base-stream.js';
import { inTypeOrder, mergeCounts, type EmitCounts } from './emit-counts.js';
import { emitDataset, FROM_START } from './emit-dataset.js';
import { replayInShards, worthSharding, type ShardedReplay } from './shards.js';
import { touchedKeys, type TouchedKeys } from './touched-keys.js';
import { CopiedBase } from './rdb-copy.js';
import { withCompactHeap } from './compact-heap.js';

export interface RewriteOptions {
  /**
   * `resp`: one AOF file at OUT; `multi-part`: OUT is an appendonlydir (manifest, base, empty incr);
   * `rdb`: a standalone RDB file (a dump.rdb), as SAVE writes it.
   */
  readonly format: 'resp' | 'multi-part' | 'rdb';
  /** The base's form for resp and multi-part: RESP commands (default), or an RDB as aof-use-rdb-preamble writes it. */
  readonly base?: 'resp' | 'rdb';
  /** The RDB version written (9, 10, 11, 12); default: the input's own RDB version, else 10. */
  readonly rdbVersion?: RdbWriteVersion;
  /** Leave out keys whose TTL has passed at nowMs (Redis keeps them: they expire lazily after loading). */
  readonly dropExpired: boolean;
  /** The server that loads the output, where versions differ (see ReplayOptions.server). */
  readonly server?: string;
  /** The clock: relative expiries of old AOFs resolve against it, and --drop-expired compares with it. */
  readonly nowMs: number;
  /** appendfilename for multi-part output (default appendonly.aof). */
  readonly aofName?: string;
  /** Replace an existing OUTPUT (default false: an existing OUTPUT is an error and nothing is written). */
  readonly replace?: boolean;
  /**
   * Write an RDB base's keys that no later command names as they are read, in the base's order (default
   * true): they never take the keyspace's memory. An RDB output copies them from the base as they are,
   * before each database's other keys. false loads every key first, so the output lists every database's
   * keys in byte order.
   */
  readonly streamBase?: boolean;
  readonly onProgress?: OnProgress;
  /**
   * Replay on two cores, each thread running the commands of half the keys: faster by a fifth to a quarter, for
   * about a third more memory. Default `auto`: for an input of commands alone of SHARD_MIN_BYTES or more, when
   * free memory allows (roomToShard). `off` keeps one thread; `on` shards any such input. The output is byte for
   * byte the same either way (an RDB's but its ctime aux field and checksum).
   */
  readonly shards?: 'auto' | 'on' | 'off';
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
  /** Threads the replay ran on: 2 when each kept about half the keys (RewriteOptions.shards), else 1. */
  readonly replayThreads: number;
  /** Why the replay ran on one thread where two were asked for (shards 'on', --threads 2), else null. */
  readonly oneThreadBecause: string | null;
  readonly seconds: number;
}

/**
 * Why OUTPUT may not be written, or null: it must not be the input or one of its files, nor lie inside the
 * input's AOF directory (a server started on that directory would find files that are not its own).
 */
export async function outputConflict(input: string, output: string): Promise<string | null> {
  // A packed backup is one file: listing it (a pass over all of it) would only find names inside it.
  const packed = (await stat(input).catch(() => null))?.isFile() === true && (await packingsOf(input)).length > 0;
  const layout = packed ? null : await resolveAof(input);
  if (layout === null) {
    const same = (await realpath(output).catch(() => resolve(output))) === (await realpath(input));
    return same ? `${output} is the input: write the rewrite elsewhere` : null;
  }
  const real = async (p: string) => realpath(p).catch(() => resolve(p));
  const out = await real(output);
  const outParent = await real(dirname(output));
  const inside = (dir: string, p: string) => p === dir || p.startsWith(dir + sep);
  for (const f of [...layout.files.map((x) => x.path), ...(layout.manifestPath ? [layout.manifestPath] : []), input]) {
    if ((await real(f)) === out) return `${output} is the input (or one of its files): write the rewrite elsewhere, check it, then swap the files`;
  }
  if (layout.kind === 'multi-part') {
    const aofDir = await real(layout.manifestPath ? dirname(layout.manifestPath) : input);
    if (inside(aofDir, out) || inside(aofDir, join(outParent, basename(output)))) {
      return `${output} is inside the input's AOF directory ${aofDir}: write it elsewhere (a server started on that directory must find only its own files)`;
    }
  }
  return null;
}

export async function rewriteAof(input: string, output: string, options: RewriteOptions): Promise<RewriteReport> {
  return withCompactHeap(async () => {
    try {
      return await rewriteHeld(input, output, options);
    } catch (e) {
      // A base with commands after its RDB section (nothing was kept of the first attempt): every key loaded first.
      if (!(e instanceof BaseTailFound)) throw e;
      return rewriteHeld(input, output, { ...options, streamBase: false });
    }
  });
}

/** Thrown from inside the output's writer when the replay fails there: the output is not kept. */
class ReplayStopped extends Error {
  constructor(
    readonly replay: ReplayResult,
    readonly failure: ReplayFailure,
  ) {
    super(failure.message);
  }
}

async function rewriteHeld(input: string, output: string, options: RewriteOptions): Promise<RewriteReport> {
  const layout = await resolveAof(input, listingTo(options.onProgress));
  const useRdb = options.format === 'rdb' || options.base === 'rdb';
  const touched = options.streamBase === false ? null : await touchedKeys(layout);
  const rdbVersion = options.rdbVersion ?? defaultRdbVersion(layout, options.server === undefined ? undefined : findServer(options.server));
  // An RDB output states each database's key counts before its keys: the base's keys are copied once the replay is done.
  const copied = useRdb && touched !== null ? CopiedBase.open(layout, touched, rdbVersion, options) : null;
  try {
    // A RESP output streams the base's keys that nothing names as it is written; an RDB output copies them.
    return await rewriteWith(input, output, options, layout, useRdb ? null : touched, copied, rdbVersion);
  } finally {
    copied?.close();
  }
}

/**
 * rewriteHeld's work once the input is listed: `touched` set streams a RESP output's base keys as it is written,
 * `copied` copies an RDB output's; with neither, every key is loaded first.
 */
async function rewriteWith(
  input: string,
  output: string,
  options: RewriteOptions,
  layout: AofLayout,
  touched: TouchedKeys | null,
  copied: CopiedBase | null,
  rdbVersion: RdbWriteVersion,
): Promise<RewriteReport> {
  const started = Date.now();
  const replayOptions = { nowMs: options.nowMs, onProgress: options.onProgress, server: options.server };
  const useRdb = options.format === 'rdb' || options.base === 'rdb';
  // Without a stream every key is loaded before the output is opened (on two cores when the input is large);
  // with one, the replay runs as it is written.
  let sharded: ShardedReplay | null = null;
  // Why one thread, said only where two were asked for: the default takes one without a word when two would not pay.
  let oneThreadBecause: string | null = null;
  if (touched === null && copied === null && worthSharding(layout, options.shards)) {
    // An RDB output's other shard sends RDB key records, and says how many keys of each database it holds.
    const job = { layout, nowMs: options.nowMs, server: options.server, dropExpired: options.dropExpired, ...(useRdb ? { rdbVersion } : {}) };
    const tried = await replayInShards(layout, replayOptions, job);
    if (!('refused' in tried)) sharded = tried;
    else if (options.shards === 'on') oneThreadBecause = tried.refused;
  } else if (options.shards === 'on') {
    oneThreadBecause = 'an RDB base or preamble, or a packed file, is read by one replay';
  }
  const loaded = sharded?.replay ?? (touched === null ? await replayLayout(layout, { ...replayOptions, ...(copied === null ? {} : { claim: copied }) }) : null);
  let replay = loaded;
  const reportOf = (r: ReplayResult) => ({
    input,
    output,
    format: options.format,
    dropped: r.dropped,
    droppedFrom: r.droppedFrom,
    failedCommands: r.failedCommands,
    failedExamples: r.failedExamples,
    caveats: [...r.keyspace.caveats].map(([message, commands]) => ({ message, commands })),
    inputCommands: r.inputCommands,
    inputBytes: r.inputBytes,
    functions: r.keyspace.functions.libraries().length,
  });
  const failed = (r: ReplayResult, failure: ReplayFailure): RewriteReport => ({
    ...reportOf(r),
    ok: false,
    failure,
    outputCommands: 0,
    outputBytes: 0,
    files: [],
    keys: {},
    keysWithTtl: 0,
    expiredDropped: 0,
    replayThreads: 1,
    oneThreadBecause,
    seconds: (Date.now() - started) / 1000,
  });
  if (loaded?.failure) return failed(loaded, loaded.failure);
  copied?.verify();
  const emitInto = async (sink: ByteSink): Promise<{ counts: EmitCounts; commands: number; bytes: number }> => {
    const writer = new RespWriter(sink);
    let counts: EmitCounts;
    if (loaded !== null) {
      counts = await emitDataset(loaded.keyspace, writer, options, FROM_START, sharded?.elsewhere);
    } else if (touched !== null) {
      const stream = new BaseStream(touched, writer, options);
      replay = await replayLayout(layout, {
        ...replayOptions,
        divert: (record) => stream.take(record),
        claim: stream.claim,
        pause: () => writer.pace(),
      });
      if (replay.failure) throw new ReplayStopped(replay, replay.failure);
      stream.finish();
      counts = mergeCounts(stream.counts, await emitDataset(replay.keyspace, writer, options, { selectedDb: stream.selectedDb, functionsWritten: true }));
    } else {
      throw new Error('rewrite: neither a replay nor a stream');
    }
    return { counts, commands: writer.commands, bytes: writer.bytes };
  };
  const rdbInto = async (sink: CheckedSink, aofBase: boolean) => {
    if (loaded === null) throw new Error('rewrite: an RDB output needs every key loaded first');
    const datasetOptions = { version: rdbVersion, aofBase, dropExpired: options.dropExpired, nowMs: options.nowMs };
    const counts = await writeRdbDataset(loaded.keyspace, sink, datasetOptions, copied ?? undefined, sharded?.elsewhere);
    return { counts, commands: 0, bytes: counts.bytes };
  };
  const files: string[] = [];
  let written: Awaited<ReturnType<typeof emitInto>> | undefined;
  const replace = options.replace ?? false;
  try {
    if (options.format === 'resp' || options.format === 'rdb') {
      await writeFileAtomically(
        output,
        async (sink) => {
          written = useRdb ? await rdbInto(sink, options.format === 'resp') : await emitInto(sink);
        },
        { replace },
      );
      files.push(output);
    } else {
      const name = options.aofName ?? 'appendonly.aof';
      const baseName = `${name}.1.base.${useRdb ? 'rdb' : 'aof'}`;
      const incrName = `${name}.1.incr.aof`;
      const manifestName = `${name}.manifest`;
      await writeDirAtomically(
        output,
        async (add) => {
          await add(baseName, async (sink) => {
            written = useRdb ? await rdbInto(sink, true) : await emitInto(sink);
          });
          await add(incrName, () => Promise.resolve());
          await add(manifestName, (sink) => sink.write(Buffer.from(`file ${baseName} seq 1 type b\nfile ${incrName} seq 1 type i\n`)));
        },
        { replace },
      );
      files.push(join(output, baseName), join(output, incrName), join(output, manifestName));
    }
  } catch (e) {
    await sharded?.close();
    if (e instanceof ReplayStopped) return failed(e.replay, e.failure);
    if (!(e instanceof RdbTargetRefusal) || loaded === null) throw e;
    return failed(loaded, {
      file: output,
      offset: null,
      command: null,
      message: `${e.message}. Nothing was written; choose a newer --rdb-version (or --server naming the server that loads it), or a RESP output`,
    });
  }
  // The other shard's thread (and its keyspace) ends as soon as its keys are written.
  await sharded?.close();
  if (written === undefined || replay === null) throw new Error('rewrite: the base was not written');
  return {
    ...reportOf(replay),
    ok: true,
    failure: null,
    outputCommands: written.commands,
    outputBytes: written.bytes,
    files,
    keys: inTypeOrder(written.counts.keys),
    keysWithTtl: written.counts.keysWithTtl,
    expiredDropped: written.counts.expiredDropped,
    replayThreads: sharded === null ? 1 : 2,
    oneThreadBecause,
    seconds: (Date.now() - started) / 1000,
  };
}
