// `aof inspect PATH`: the CLI adapter for inspectAof — tables and charts on a terminal, or one JSON object.

import chalk, { Chalk } from 'chalk';
import type { Argv, CommandModule } from 'yargs';
import { EXIT, ExitError, runAction } from './errors.js';
import { startProgress } from './progress.js';

interface InspectArgs {
  path: string;
  json: boolean;
  top: number;
  separator: string;
  depth: number;
  exactKeys: number;
}

async function inspect(args: InspectArgs): Promise<number> {
  for (const [name, value, min] of [['--top', args.top, 0], ['--depth', args.depth, 1], ['--exact-keys', args.exactKeys, 1]] as const) {
    if (!Number.isInteger(value) || value < min) {
      throw new ExitError(`${name} must be a whole number of at least ${min} (got ${value}); see aof inspect --help`, EXIT.USAGE);
    }
  }
  if (args.separator.length === 0) throw new ExitError('--separator must not be empty; see aof inspect --help', EXIT.USAGE);
  // The report and renderers load only when the command runs.
  const { inspectAof } = await import('../ops/inspect/inspect.js');
  const progress = startProgress(`inspecting ${args.path}`);
  let report;
  try {
    report = await inspectAof(args.path, {
      top: args.top,
      separator: args.separator,
      depth: args.depth,
      exactKeys: args.exactKeys,
      onProgress: (done, total) => progress.update(done, total),
    });
  } finally {
    progress.stop();
  }
  if (args.json) {
    const { inspectReportJson } = await import('./inspect-json.js');
    process.stdout.write(JSON.stringify(inspectReportJson(report)) + '\n');
  } else {
    const { renderInspectReport } = await import('./inspect-render.js');
    const colors = new Chalk({ level: process.stdout.isTTY ? chalk.level : 0 });
    process.stdout.write(renderInspectReport(report, { chalk: colors, width: process.stdout.columns || 100 }));
  }
  return report.damaged ? EXIT.INVALID : EXIT.OK;
}

export const inspectCommand: CommandModule<object, InspectArgs> = {
  command: 'inspect <path>',
  describe: 'Show what an AOF holds: commands, databases, hot keys, timeline, dangerous commands',
  builder: (y: Argv) =>
    y
      .positional('path', { type: 'string', demandOption: true, describe: 'AOF file, manifest or directory' })
      .option('json', { type: 'boolean', default: false, describe: 'print one JSON object instead of tables' })
      .option('top', { type: 'number', default: 10, describe: 'rows in the key, prefix and largest-command lists' })
      .option('separator', { type: 'string', default: ':', describe: 'key prefix separator' })
      .option('depth', { type: 'number', default: 1, describe: 'separators a key prefix spans (2: user:42: in user:42:name)' })
      .option('exact-keys', {
        type: 'number',
        default: 1_000_000,
        describe: 'distinct keys per database counted exactly (about 150 bytes each); past this, figures are estimates (marked ≈)',
      })
      .epilog(
        'Memory stays bounded on any file size. Exit status: 0 read to the end; 1 the AOF is damaged ' +
          '(figures cover what precedes the damage); 2 usage error or unreadable path; 70 internal error.',
      ) as unknown as Argv<InspectArgs>,
  handler: (args) => runAction(() => inspect(args)),
};
