// `aof inspect PATH`: what an AOF holds — tables and charts on a terminal, or one JSON object.

import type { Argv, CommandModule } from 'yargs';
import { EXIT, ExitError, runAction } from '../errors.js';
import { DEFAULT_EXACT_KEYS } from '../../ops/inspect/defaults.js';
import { withProgress } from '../progress.js';

interface InspectArgs {
  path: string;
  json: boolean;
  html: string | undefined;
  top: number;
  separator: string;
  depth: number;
  exactKeys: number;
}

async function inspect(args: InspectArgs): Promise<number> {
  for (const [name, value, min] of [
    ['--top', args.top, 0],
    ['--depth', args.depth, 1],
    ['--exact-keys', args.exactKeys, 1],
  ] as const) {
    if (!Number.isInteger(value) || value < min) {
      throw new ExitError(`${name} must be a whole number of at least ${min} (got ${value}); see aof inspect --help`, EXIT.USAGE);
    }
  }
  if (args.separator.length === 0) throw new ExitError('--separator must not be empty; see aof inspect --help', EXIT.USAGE);
  // The report and renderers load only when the command runs.
  const { inspectAof } = await import('../../ops/inspect/inspect.js');
  const { top, separator, depth, exactKeys } = args;
  const report = await withProgress(`inspecting ${args.path}`, (onProgress) => inspectAof(args.path, { top, separator, depth, exactKeys, onProgress }));
  if (args.html !== undefined) {
    const { renderInspectHtml } = await import('../render/inspect-html.js');
    const { writeFileAtomically } = await import('../../aof/io/atomic-replace.js');
    const page = renderInspectHtml(report);
    await writeFileAtomically(args.html, (sink) => sink.write(Buffer.from(page)));
    process.stdout.write(`wrote ${args.html} (${page.length.toLocaleString('en-US')} bytes): open it in a browser\n`);
  } else {
    const render = args.json ? (await import('../render/inspect-json.js')).inspectJson : (await import('../render/inspect-human.js')).renderInspectTerminal;
    process.stdout.write(render(report));
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
      .option('html', { type: 'string', describe: 'write a self-contained HTML report (charts as inline SVG) to this file' })
      .example('$0 inspect appendonlydir', 'tables and bar charts on the terminal')
      .example('$0 inspect appendonly.aof --html report.html', 'one page to open in a browser or attach to a ticket')
      .example('$0 inspect appendonly.aof --json --top 50', 'for scripts')
      .option('top', { type: 'number', default: 10, describe: 'rows in the key, prefix and largest-command lists' })
      .option('separator', { type: 'string', default: ':', describe: 'key prefix separator' })
      .option('depth', { type: 'number', default: 1, describe: 'separators a key prefix spans (2: user:42: in user:42:name)' })
      .option('exact-keys', {
        type: 'number',
        default: DEFAULT_EXACT_KEYS,
        describe: 'distinct keys per database counted exactly (a table of about 170 bytes a key); past this, figures are estimates (marked ≈)',
      })
      .epilog(
        'Memory stays bounded on any file size. Exit status: 0 read to the end; 1 the AOF is damaged ' +
          '(figures cover what precedes the damage); 2 usage error or unreadable path; 70 internal error.',
      ) as unknown as Argv<InspectArgs>,
  handler: (args) => runAction(() => inspect(args)),
};
