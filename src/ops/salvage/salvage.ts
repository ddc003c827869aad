// `salvage`: keeps everything sound before and after each damaged span of an AOF, in a new AOF; the input is never changed.

import { writeDirAtomically } from '../../aof/io/atomic-dir.js';
import { writeFileAtomically } from '../../aof/io/atomic-replace.js';
import type { CheckedSink } from '../../aof/io/file-sink.js';
import { copyRange } from '../../aof/io/copy-range.js';
import { loadedFiles, packedRefusal, resolveAof, UnreadablePathError, type AofFile } from '../../aof/layout.js';
import { readRdbSection } from '../../aof/rdb-section.js';
import { RespWriter } from '../../resp/index.js';
import { soundRuns } from '../../aof/sound-runs.js';
import type { RdbRecord } from '../../rdb/types.js';
import { rdbRecordCommands } from '../cat/rdb-commands.js';
import { planRun, type KeptPiece } from './plan.js';

export interface SalvageOptions {
  /** `resp`: one AOF file; `multi-part`: an appendonlydir (manifest, base, incr). */
  readonly format: 'resp' | 'multi-part';
  readonly replace?: boolean;
  /** appendfilename for multi-part output (default appendonly.aof). */
  readonly aofName?: string;
  /** Resynchronise on commands no server version knows too (renamed commands). */
  readonly allowUnknownCommands?: boolean;
}

/** Something salvage could not keep. */
export interface SkippedSpan {
  readonly file: string;
  readonly start: number;
  readonly end: number;
  readonly bytes: number;
  /**
   * `damaged`: bytes that hold no sound command (commands counts the lines starting with `*`, an estimate);
   * `transaction`: sound commands of a MULTI…EXEC the damage cut into, dropped whole (counted exactly);
   * `rdb`: the rest of an RDB section after damage in it (keys counted from its RESIZEDB hints, when given).
   */
  readonly kind: 'damaged' | 'transaction' | 'rdb';
  readonly commands: number;
  readonly estimated: boolean;
  readonly keys?: number;
}

export interface SalvageReport {
  readonly input: string;
  readonly output: string;
  readonly format: SalvageOptions['format'];
  /** Whether OUTPUT was written (false: nothing usable was found, or the input is not an AOF). */
  readonly written: boolean;
  readonly reason: string | null;
  readonly keptCommands: number;
  /** Keys of RDB sections kept: byte for byte when the section was sound, else as the commands that rebuild them. */
  readonly keptRdbKeys: number;
  readonly skipped: SkippedSpan[];
  /** Where commands after damage were taken to run in the database before it (a SELECT may have been lost). */
  readonly assumedDatabases: { readonly file: string; readonly offset: number; readonly db: number }[];
  readonly files: string[];
}

const SELECT = Buffer.from('SELECT');

/** The salvage of one input, written through one sink or two (an RDB base kept whole, then RESP). */
class Salvager {
  readonly skipped: SkippedSpan[] = [];
  readonly assumed: SalvageReport['assumedDatabases'] = [];
  keptCommands = 0;
  keptRdbKeys = 0;
  /** The database the output's loader is in. */
  private outDb = 0;

  constructor(private readonly options: SalvageOptions) {}

  /** An RDB section found sound can go out byte for byte, as the output's preamble or base. */
  async soundRdbEnd(file: AofFile): Promise<{ end: number; keys: number } | null> {
    if (!file.rdb) return null;
    const r = await readRdbSection(
      file,
      () => undefined,
      () => undefined,
      { keys: 'count' },
    );
    return r.problem === null && r.end !== null ? { end: r.end, keys: r.keys } : null;
  }

  /** A damaged RDB section: its keys read before the damage, as commands; the rest reported lost. */
  private async damagedRdb(file: AofFile, writer: RespWriter): Promise<number> {
    let read = 0;
    let hinted = 0;
    const onRecord = (record: RdbRecord) => {
      if (record.type === 'resize-db') hinted += record.dbSize;
      if (record.type !== 'key' && record.type !== 'function') return;
      if (record.type === 'key' && record.db !== this.outDb) {
        writer.command([SELECT, Buffer.from(String(record.db))]);
        this.outDb = record.db;
      }
      if (
        rdbRecordCommands(record, (args) => {
          writer.command(args);
        }) === null &&
        record.type === 'key'
      )
        read++;
    };
    const section = await readRdbSection(file, onRecord, () => undefined, {
      pause: () => writer.pace(),
    });
    this.keptRdbKeys += read;
    const at = section.problem?.offset ?? 0;
    this.skipped.push({
      file: file.path,
      start: at,
      end: at,
      bytes: 0,
      kind: 'rdb',
      commands: 0,
      estimated: true,
      ...(hinted > read ? { keys: hinted - read } : {}),
    });
    return at;
  }

  /** The RESP part of a file from `from`: its sound runs, whole transactions only, each in its database. */
  private async resp(file: AofFile, from: number, writer: RespWriter, sink: CheckedSink): Promise<void> {
    const size = file.size ?? 0;
    if (from >= size) return;
    const { runs, damaged } = await soundRuns(file.path, from, size, { allowUnknownCommands: this.options.allowUnknownCommands ?? false });
    // What a damaged span held: its lines starting with `*`, or (zeros, garbage) its size over the file's
    // average command size, whichever is more.
    const soundBytes = runs.reduce((n, r) => n + (r.end - r.start), 0);
    const soundCommands = runs.reduce((n, r) => n + r.commands.length, 0);
    const average = soundCommands > 0 ? soundBytes / soundCommands : 0;
    for (const d of damaged) {
      const bytes = d.end - d.start;
      const commands = Math.max(d.commandsEstimate, average > 0 ? Math.round(bytes / average) : 0);
      this.skipped.push({ file: file.path, start: d.start, end: d.end, bytes, kind: 'damaged', commands, estimated: true });
    }
    // Each file starts in database 0: the loader reads every file with a new client.
    let db = 0;
    for (const run of runs) {
      const plan = planRun(run, db);
      if (plan.assumedDb !== null && plan.pieces.length > 0) this.assumed.push({ file: file.path, offset: run.start, db: plan.assumedDb });
      for (const t of plan.dropped) {
        this.skipped.push({ file: file.path, start: t.start, end: t.end, bytes: t.end - t.start, kind: 'transaction', commands: t.commands, estimated: false });
      }
      for (const piece of plan.pieces) await this.piece(file.path, piece, writer, sink);
      db = plan.dbAfter;
    }
  }

  private async piece(path: string, piece: KeptPiece, writer: RespWriter, sink: CheckedSink): Promise<void> {
    if (piece.db !== this.outDb) writer.command([SELECT, Buffer.from(String(piece.db))]);
    await writer.flush();
    await copyRange(path, piece.start, piece.end, sink);
    this.outDb = piece.dbEnd;
    this.keptCommands += piece.commands;
  }

  /** Every loaded file, in order, into one RESP stream (after an RDB preamble copied whole, if any). */
  async files(files: AofFile[], sink: CheckedSink, rdbCopied: boolean): Promise<void> {
    const writer = new RespWriter(sink);
    for (const [i, file] of files.entries()) {
      if (file.size === null || file.size === 0) continue;
      let from = 0;
      if (file.rdb) {
        const sound = await this.soundRdbEnd(file);
        if (sound === null) from = await this.damagedRdb(file, writer);
        else {
          // A sound RDB section goes out byte for byte as the output's preamble or base (done by the
          // caller), or else as the commands that rebuild its keys.
          if (!(i === 0 && rdbCopied)) await this.rdbAsCommands(file, writer);
          from = sound.end;
        }
      }
      if (i > 0 && this.outDb !== 0) {
        // The next file's commands start in database 0 (a new loading client); keep the output there too.
        writer.command([SELECT, Buffer.from('0')]);
        this.outDb = 0;
      }
      await this.resp(file, from, writer, sink);
    }
    await writer.flush();
  }

  private async rdbAsCommands(file: AofFile, writer: RespWriter): Promise<void> {
    const onRecord = (record: RdbRecord) => {
      if (record.type === 'key' && record.db !== this.outDb) {
        writer.command([SELECT, Buffer.from(String(record.db))]);
        this.outDb = record.db;
      }
      if (
        rdbRecordCommands(record, (args) => {
          writer.command(args);
        }) === null &&
        record.type === 'key'
      )
        this.keptRdbKeys++;
    };
    await readRdbSection(file, onRecord, () => undefined, { pause: () => writer.pace() });
  }
}

/** Salvages INPUT into OUTPUT; INPUT is only read. */
export async function salvageAof(input: string, output: string, options: SalvageOptions): Promise<SalvageReport> {
  const layout = await resolveAof(input);
  const packed = packedRefusal(layout);
  if (packed !== null) throw new UnreadablePathError(input, packed);
  const files = loadedFiles(layout).filter((f) => f.size !== null);
  const s = new Salvager(options);
  const first = files[0];
  const base = first !== undefined ? await s.soundRdbEnd(first) : null;
  const report = (written: boolean, reason: string | null, out: string[]): SalvageReport => ({
    input,
    output,
    format: options.format,
    written,
    reason,
    keptCommands: s.keptCommands,
    keptRdbKeys: s.keptRdbKeys + (base?.keys ?? 0),
    skipped: s.skipped,
    assumedDatabases: s.assumed,
    files: out,
  });
  // One pass: when it finds nothing to keep, throwing inside the atomic write removes the temp output.
  const nothing = new NothingToKeep();
  const whenEmpty = () => {
    if (s.keptCommands + s.keptRdbKeys + (base?.keys ?? 0) === 0) throw nothing;
  };
  const replace = options.replace ?? false;
  const name = options.aofName ?? 'appendonly.aof';
  const baseName = base !== null ? `${name}.1.base.rdb` : `${name}.1.base.aof`;
  const incrName = `${name}.1.incr.aof`;
  try {
    if (options.format === 'resp') {
      await writeFileAtomically(
        output,
        async (sink) => {
          if (first !== undefined && base !== null) await copyRange(first.path, 0, base.end, sink);
          await s.files(files, sink, base !== null);
          whenEmpty();
        },
        { replace },
      );
      return report(true, null, [output]);
    }
    await writeDirAtomically(
      output,
      async (add) => {
        if (base !== null && first !== undefined) {
          await add(baseName, (sink) => copyRange(first.path, 0, base.end, sink));
          await add(incrName, (sink) => s.files(files, sink, true));
        } else {
          await add(baseName, (sink) => s.files(files, sink, false));
          await add(incrName, () => Promise.resolve());
        }
        whenEmpty();
        await add(`${name}.manifest`, (sink) => sink.write(Buffer.from(`file ${baseName} seq 1 type b\nfile ${incrName} seq 1 type i\n`)));
      },
      { replace },
    );
  } catch (e) {
    if (e !== nothing) throw e;
    return report(false, 'nothing in the input reads as a command or an RDB key', []);
  }
  return report(true, null, [`${output}/${baseName}`, `${output}/${incrName}`, `${output}/${name}.manifest`]);
}

/** Thrown inside the atomic write when nothing was kept, so the partial output is removed. */
class NothingToKeep extends Error {}
