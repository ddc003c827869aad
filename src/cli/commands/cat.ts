// `aof cat PATH`: the commands of an AOF, filtered, as readable lines, a sub-log AOF (--format resp) or JSON lines.
import { fstatSync } from 'node:fs';
import type { Argv, CommandModule } from 'yargs';
import type { CatBound, CatOptions } from '../../ops/cat/cat.js';
import { EXIT, ExitError, runAction } from '../errors.js';
import { CAT_COLUMNS, type CatColumn } from '../render/cat-text.js';
import type { CatFormat } from '../render/cat.js';
import { parseBound } from './cat-bound.js';
import { withProgress } from '../progress.js';
import { fitted, outputWidth } from '../render/fit.js';

interface CatArgs {
  path: string;
  db?: number[];
  command?: string[];
  key?: string[];
  from?: string;
  to?: string;
  format: CatFormat;
  show: string[];
}

function toColumns(show: string[]): CatColumn[] {
  const columns = show.flatMap((s) => s.split(',')).filter(Boolean) as CatColumn[];
  const unknown = columns.filter((c) => !CAT_COLUMNS.includes(c));
  if (unknown.length > 0) {
    throw new ExitError(`--show takes ${CAT_COLUMNS.join(', ')}; not ${unknown.join(', ')}`, EXIT.USAGE);
  }
  return columns;
}

/** The selection options cat and filter share, read from their command lines. */
export type SelectionArgs = Pick<CatArgs, 'db' | 'command' | 'key' | 'from' | 'to'>;

export function toOptions(args: SelectionArgs & { format?: CatArgs['format'] }): CatOptions {
  const list = (values: string[] | undefined) => values?.flatMap((v) => v.split(',')).filter(Boolean);
  for (const db of args.db ?? []) {
    if (!Number.isInteger(db) || db < 0) throw new ExitError(`--db takes database numbers (0, 1, …), not ${db}; see aof cat --help`, EXIT.USAGE);
  }
  const bound = (name: string, value: string | undefined): CatBound | undefined => {
    if (value === undefined) return undefined;
    const b = parseBound(value);
    if (b === null) {
      throw new ExitError(
        `${name} ${JSON.stringify(value)} is neither an offset (1234, or FILE:1234) nor a time (@1700000000, or 2024-05-01T12:00:00Z); see aof cat --help`,
        EXIT.USAGE,
      );
    }
    return b;
  };
  return {
    db: args.db,
    commands: list(args.command)?.map((c) => c.toLowerCase()),
    keys: args.key?.map((k) => Buffer.from(k)),
    from: bound('--from', args.from),
    to: bound('--to', args.to),
    log: args.format === 'resp',
  };
}

function stdoutIsFile(): boolean {
  try {
    return fstatSync(1).isFile();
  } catch {
    return false;
  }
}

async function cat(args: CatArgs): Promise<number> {
  const columns = toColumns(args.show);
  const options = toOptions(args);
  const [{ catAof, CatOptionError }, { catSink, catNotes, OutputQueue }] = await Promise.all([import('../../ops/cat/cat.js'), import('../render/cat.js')]);
  const out = new OutputQueue();
  let result;
  try {
    const sink = catSink(args.format, columns, out, args.format === 'text' ? outputWidth() : Infinity);
    // Progress only when the commands go to a file: on a terminal or into a pager it would draw over them.
    result = stdoutIsFile()
      ? await withProgress(`reading ${args.path}`, (onProgress) => catAof(args.path, { ...options, onProgress }, sink))
      : await catAof(args.path, options, sink);
  } catch (e) {
    if (e instanceof CatOptionError) throw new ExitError(e.message, EXIT.USAGE);
    throw e;
  } finally {
    await out.end();
  }
  const notes = catNotes(result, args.path);
  if (notes) process.stderr.write(fitted(notes, process.stderr));
  return result.stopped.length > 0 || result.problems.length > 0 ? EXIT.INVALID : EXIT.OK;
}

export const catCommand: CommandModule<object, CatArgs> = {
  command: 'cat <path>',
  describe: 'Print the commands of an AOF, filtered by database, command, key pattern, offset or time',
  builder: (y: Argv) =>
    y
      .positional('path', { type: 'string', demandOption: true, describe: 'AOF file, manifest or directory' })
      .option('db', { type: 'number', array: true, describe: 'only these databases' })
      .option('command', { type: 'string', array: true, describe: 'only these commands (case-insensitive; repeat or comma-separate)' })
      .option('key', {
        type: 'string',
        array: true,
        describe: "only commands with a key matching this Redis glob (KEYS semantics: 'user:*', 'h[^a]llo', '\\*')",
      })
      .option('from', { type: 'string', describe: 'start at this offset (1234, FILE:1234) or time (@unix-seconds, ISO 8601)' })
      .option('to', { type: 'string', describe: 'stop before this offset, or after this time (same forms as --from)' })
      .option('format', {
        choices: ['text', 'resp', 'json'] as const,
        default: 'text' as const,
        describe: 'text: redis-cli quoting; resp: a valid AOF (SELECTs and whole transactions kept); json: one object per line',
      })
      .option('show', {
        type: 'string',
        array: true,
        default: [] as string[],
        describe: `columns before each text line: ${CAT_COLUMNS.join(', ')}`,
      })
      .example("$0 cat appendonlydir --key 'user:*' --format resp > users.aof", 'a sub-log of the user keys, itself a valid AOF')
      .example('$0 cat appendonly.aof --command flushall,flushdb --show offset,time', 'where the dangerous commands are, and when')
      .example('$0 cat appendonlydir --db 3 --from @1767225600 --format json', 'database 3 since a time, one JSON object per command')
      .epilog(
        'Times come from #TS annotations (aof-timestamp-enabled); commands before the first one have no time.\n' +
          'The keys of an RDB base or preamble are shown as the commands that rebuild them (at the offset of their RDB record).\n' +
          'Exit status: 0 read to the end; 1 the AOF is damaged (output stops there); 2 usage error or unreadable path; 70 internal error.',
      ),
  handler: (args) => runAction(() => cat(args)),
};
