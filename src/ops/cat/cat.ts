// `cat`: the commands of an AOF, filtered by database, name, key pattern and position or time, to a sink.

import { keyPositions } from '../../aof/command-keys.js';
import { loadedFiles, resolveAof } from '../../aof/layout.js';
import { parseTimestampAnnotation } from '../../aof/timestamp.js';
import { walkAof } from '../../aof/walk.js';
import type { CatCommand, CatSink } from './command.js';
import { selectsCommand, type CatFilter } from './filter.js';
import { CatLog } from './log.js';
import { rdbRecordCommands } from './rdb-commands.js';

export type { CatFilter, CatBound } from './filter.js';
export type { CatCommand, CatSink } from './command.js';

export interface CatOptions extends CatFilter {
  /**
   * Shape the selection as a valid AOF: a SELECT before commands of another database (the file's own
   * SELECTs are dropped), transactions whole or not at all (MULTI/EXEC only around selected commands,
   * an unfinished one dropped as the server's loader does), #TS annotations kept.
   */
  log?: boolean;
  onProgress?: (done: number, total: number) => void;
}

export interface CatResult {
  readonly scanned: number;
  readonly selected: number;
  /** Files that could not be read to their end: the output stops at `offset` in them. */
  readonly stopped: Array<{ readonly file: string; readonly offset: number | null; readonly message: string }>;
  /** Manifest problems (a missing file, a bad line). */
  readonly problems: string[];
  /** RDB keys with no command form (module types, hash-field TTLs): left out of the output. */
  readonly unconverted: Array<{ readonly file: string; readonly offset: number; readonly message: string }>;
}

/** A --from/--to naming a file that is not part of the AOF, or similar: a usage error. */
export class CatOptionError extends Error {}

export async function catAof(path: string, options: CatOptions, sink: CatSink): Promise<CatResult> {
  const layout = await resolveAof(path);
  const order = loadedFiles(layout).map((f) => f.name);
  for (const bound of [options.from, options.to]) {
    if (bound?.kind === 'offset' && bound.file !== null && !order.includes(bound.file)) {
      throw new CatOptionError(
        `${bound.file} is not one of the files redis-server loads from ${path} (${order.join(', ')}): name one of those`,
      );
    }
  }
  const log = options.log ? new CatLog(sink) : null;
  let scanned = 0;
  let selected = 0;
  let ts: number | null = null;
  const stopped: CatResult['stopped'] = [];
  const unconverted: CatResult['unconverted'] = [];
  const offer = (command: CatCommand, fileName: string): void => {
    if (!selectsCommand(options, command, order.indexOf(fileName), (n) => order.indexOf(n))) return;
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
        const db = record.type === 'key' ? record.db : 0;
        const file = at.file.path;
        const why = rdbRecordCommands(record, (args) => {
          scanned++;
          const name = args[0]!.toString('latin1').toLowerCase();
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
        if (log && log.structural(name, at.transaction, frame, at.file.path, ts)) return;
        const keys = keyPositions(name, frame.args, frame.argc);
        offer({ file: at.file.path, offset: frame.start, db: at.db, ts, name, args: frame.args, keys, fromRdb: false }, at.file.name);
      },
      fileEnd(result) {
        log?.fileEnd();
        if (result.error) stopped.push({ file: result.file.path, offset: result.error.offset, message: result.error.message });
      },
    },
    { onProgress: options.onProgress, pause: () => sink.pause?.() },
  );
  const problems = layout.problems.filter((p) => p.severity === 'error').map((p) => `${p.file}: ${p.message}`);
  return { scanned, selected, stopped, problems, unconverted };
}

