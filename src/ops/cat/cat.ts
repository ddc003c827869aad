// `cat`: the commands of an AOF, filtered by database, name, key pattern and position or time, to a sink.

import { keyPositions } from '../../aof/command-keys.js';
import { listingTo, loadedFiles, resolveAof, type OnProgress } from '../../aof/layout.js';
import { parseTimestampAnnotation } from '../../aof/timestamp.js';
import { walkAof } from '../../aof/walk.js';
import type { CatCommand, CatSink } from './command.js';
import { excludedBy, selectsCommand, type CatFilter, type ExclusionReason } from './filter.js';
import { CatLog } from './log.js';
import { rdbRecordCommands } from './rdb-commands.js';

export type { CatFilter, CatBound, CatExclusions, ExclusionReason } from './filter.js';
export type { CatCommand, CatSink } from './command.js';

export interface CatOptions extends CatFilter {
  /**
   * Shape the selection as a valid AOF: a SELECT before commands of another database (the file's own
   * SELECTs are dropped), transactions whole or not at all (MULTI/EXEC only around selected commands,
   * an unfinished one dropped as the server's loader does), #TS annotations kept.
   */
  log?: boolean;
  /** Leave the keys of RDB sections out (a caller copying the RDB section itself, byte for byte). */
  skipRdb?: boolean;
  /** Read only the first file's RDB section (a caller deciding whether the filter touches it). */
  rdbOnly?: boolean;
  onProgress?: OnProgress;
}

export interface CatResult {
  readonly scanned: number;
  readonly selected: number;
  /** Commands rebuilt from RDB keys, and how many of them the selection kept. */
  readonly rdb: { readonly rebuilt: number; readonly kept: number };
  /** SELECT, MULTI and EXEC frames the log wrote itself (with `log`), where the selection needed them. */
  readonly structural: number;
  /** Commands the selection took that the exclusions left out, by reason. */
  readonly excluded: Record<ExclusionReason, number>;
  /** Files that could not be read to their end: the output stops at `offset` in them. */
  readonly stopped: { readonly file: string; readonly offset: number | null; readonly message: string }[];
  /** Manifest problems (a missing file, a bad line). */
  readonly problems: string[];
  /** RDB keys with no command form (module types, hash-field TTLs): left out of the output. */
  readonly unconverted: { readonly file: string; readonly offset: number; readonly message: string }[];
}

/** A --from/--to naming a file that is not part of the AOF, or similar: a usage error. */
export class CatOptionError extends Error {}

export async function catAof(path: string, options: CatOptions, sink: CatSink): Promise<CatResult> {
  const layout = await resolveAof(path, listingTo(options.onProgress));
  const order = loadedFiles(layout).map((f) => f.name);
  for (const bound of [options.from, options.to]) {
    if (bound?.kind === 'offset' && bound.file !== null && !order.includes(bound.file)) {
      throw new CatOptionError(`${bound.file} is not one of the files redis-server loads from ${path} (${order.join(', ')}): name one of those`);
    }
  }
  const log = options.log ? new CatLog(sink) : null;
  let scanned = 0;
  let selected = 0;
  let ts: number | null = null;
  const stopped: CatResult['stopped'] = [];
  const unconverted: CatResult['unconverted'] = [];
  const excluded: Record<ExclusionReason, number> = { command: 0, key: 0, db: 0 };
  let structural = 0;
  const rdb = { rebuilt: 0, kept: 0 };
  const offer = (command: CatCommand, fileName: string): void => {
    if (command.fromRdb) rdb.rebuilt++;
    if (!selectsCommand(options, command, order.indexOf(fileName), (n) => order.indexOf(n))) return;
    const why = excludedBy(options.exclude, command);
    if (why !== null) {
      excluded[why]++;
      return;
    }
    if (command.fromRdb) rdb.kept++;
    selected++;
    if (log) log.command(command);
    else sink.command(command);
  };

  await walkAof(
    layout,
    {
      fileStart() {
        log?.fileStart();
      },
      // An RDB base or preamble holds keys, not commands: they are shown as the commands that rebuild them.
      rdbRecord(record, at) {
        if (options.skipRdb) return;
        const db = record.type === 'key' ? record.db : 0;
        const file = at.file.path;
        const why = rdbRecordCommands(record, (args) => {
          scanned++;
          const name = args[0]?.toString('latin1').toLowerCase() ?? '';
          const keys = keyPositions(name, args, args.length);
          offer({ file, offset: record.offset, db, ts: null, name, args, keys, fromRdb: true }, at.file.name);
        });
        if (why !== null) unconverted.push({ file, offset: record.offset, message: why });
      },
      annotation(frame) {
        ts = parseTimestampAnnotation(frame.text) ?? ts;
      },
      command(frame, at) {
        scanned++;
        const name = at.name;
        if (log?.structural(name, at.transaction, frame, at.file.path, ts)) {
          structural++;
          return;
        }
        const keys = keyPositions(name, frame.args, frame.argc);
        offer({ file: at.file.path, offset: frame.start, db: at.db, ts, name, args: frame.args, keys, fromRdb: false }, at.file.name);
      },
      fileEnd(result) {
        log?.fileEnd();
        if (result.error) stopped.push({ file: result.file.path, offset: result.error.offset, message: result.error.message });
      },
    },
    { onProgress: options.onProgress, pause: () => sink.pause?.(), rdbOnly: options.rdbOnly },
  );
  const problems = layout.problems.filter((p) => p.severity === 'error').map((p) => `${p.file}: ${p.message}`);
  return { scanned, selected, structural, excluded, rdb, stopped, problems, unconverted };
}
