// `aof filter INPUT OUTPUT`: surgery on an AOF — cat's selection minus exclusions, written as a loadable AOF.

import { existsSync } from 'node:fs';
import type { Argv, CommandModule } from 'yargs';
import type { FilterReport } from '../../ops/filter.js';
import { EXIT, ExitError, runAction } from '../errors.js';
import { escapeText, plural, shellQuote } from '../render/format.js';
import { toOptions, type SelectionArgs } from './cat.js';
import { aofCommand } from '../../aof/hint.js';
import { fitted } from '../render/fit.js';

interface FilterArgs extends SelectionArgs {
  input: string;
  output: string;
  dropCommand?: string[];
  dropKey?: string[];
  dropDb?: number[];
  format: 'resp' | 'multi-part';
  force: boolean;
  json: boolean;
}

export function renderFilterReport(r: FilterReport): string {
  const out = [
    `✔ ${escapeText(r.input)} → ${escapeText(r.output)} (${r.format}): kept ${plural(r.kept, 'command')} of ${plural(r.scanned - r.structural, 'command')} (SELECT, MULTI and EXEC are written where needed)`,
  ];
  const dropped = [
    r.notSelected ? `${plural(r.notSelected, 'command')} not selected` : '',
    r.excluded.command ? `${plural(r.excluded.command, 'command')} by --drop-command` : '',
    r.excluded.key ? `${plural(r.excluded.key, 'command')} by --drop-key` : '',
    r.excluded.db ? `${plural(r.excluded.db, 'command')} by --drop-db` : '',
  ].filter(Boolean);
  if (dropped.length) out.push(`  left out: ${dropped.join(', ')}`);
  if (r.rdb === 'copied') out.push('  the RDB section is copied byte for byte (the filter keeps all its keys)');
  if (r.rdb === 'rewritten') out.push('  the RDB section is written as the commands that rebuild the keys kept');
  for (const w of r.warnings) out.push(`  warning: ${w}`);
  out.push(`  next: ${aofCommand(`check ${shellQuote(r.output)}`)}`);
  return out.join('\n') + '\n';
}

async function filter(args: FilterArgs): Promise<number> {
  const { outputConflict } = await import('../../ops/rewrite/rewrite.js');
  const conflict = await outputConflict(args.input, args.output);
  if (conflict) throw new ExitError(`${conflict}.`, EXIT.USAGE);
  if (existsSync(args.output) && !args.force) throw new ExitError(`${args.output} exists: pass --force to replace it (it is replaced atomically).`, EXIT.USAGE);
  const list = (values: string[] | undefined) => values?.flatMap((v) => v.split(',')).filter(Boolean);
  const { filterAof, FilterInputError } = await import('../../ops/filter.js');
  const { CatOptionError } = await import('../../ops/cat/cat.js');
  const selection = toOptions({ db: args.db, command: args.command, key: args.key, from: args.from, to: args.to });
  let report: FilterReport;
  try {
    report = await filterAof(args.input, args.output, {
      db: selection.db,
      commands: selection.commands,
      keys: selection.keys,
      from: selection.from,
      to: selection.to,
      exclude: {
        commands: list(args.dropCommand)?.map((c) => c.toLowerCase()),
        keys: list(args.dropKey)?.map((k) => Buffer.from(k)),
        dbs: args.dropDb,
      },
      format: args.format,
      replace: args.force,
    });
  } catch (e) {
    if (e instanceof FilterInputError) throw new ExitError(e.message, EXIT.INVALID);
    if (e instanceof CatOptionError) throw new ExitError(e.message, EXIT.USAGE);
    throw e;
  }
  process.stdout.write(args.json ? JSON.stringify(report) + '\n' : fitted(renderFilterReport(report)));
  return EXIT.OK;
}

export const filterCommand: CommandModule<object, FilterArgs> = {
  command: 'filter <input> <output>',
  describe: 'Write a loadable AOF of what cat selects, minus what --drop-* names (e.g. undo an accidental FLUSHALL)',
  builder: (y: Argv) =>
    y
      .positional('input', { type: 'string', demandOption: true, describe: 'AOF file, manifest or appendonlydir (only read)' })
      .positional('output', { type: 'string', demandOption: true, describe: 'the AOF file (or, with --format multi-part, the directory) to write' })
      .option('db', { type: 'number', array: true, describe: 'keep only these databases' })
      .option('command', { type: 'string', array: true, describe: 'keep only these commands' })
      .option('key', { type: 'string', array: true, describe: 'keep only commands with a key matching this glob (and FLUSHALL/FLUSHDB/SWAPDB)' })
      .option('from', { type: 'string', describe: 'keep from this offset (1234, FILE:1234) or time (@unix-seconds, ISO 8601)' })
      .option('to', { type: 'string', describe: 'keep up to this offset or time' })
      .option('drop-command', { type: 'string', array: true, describe: 'leave out these commands (e.g. flushall, flushdb)' })
      .option('drop-key', { type: 'string', array: true, describe: 'leave out commands with a key matching this glob' })
      .option('drop-db', { type: 'number', array: true, describe: 'leave out these databases' })
      .option('format', { choices: ['resp', 'multi-part'] as const, default: 'resp' as const, describe: 'one AOF file, or an appendonlydir' })
      .option('force', { type: 'boolean', default: false, describe: 'replace OUTPUT if it exists' })
      .option('json', { type: 'boolean', default: false, describe: 'print the report as one JSON object' })
      .example('$0 filter appendonlydir undone.aof --drop-command flushall', 'undo an accidental FLUSHALL, keeping the writes after it')
      .example("$0 filter appendonly.aof users.aof --key 'user:*'", 'the history of some keys, as a loadable AOF')
      .example("$0 filter appendonly.aof clean.aof --drop-key 'tmp:*' --drop-db 9", 'drop scratch keys and a database')
      .epilog(
        'Transactions keep their other commands; SELECTs are written where the database changes; the RDB base is copied ' +
          'byte for byte when the filter keeps all its keys. Exit status: 0 written; 1 the input is damaged (run aof salvage first); ' +
          '2 usage error; 74 a write failed (nothing written); 70 internal error.',
      ),
  handler: (args) => runAction(() => filter(args)),
};
