// The `aof` command line: wires the commands into yargs; errors.ts turns every failure into an exit status.

import { readFileSync } from 'node:fs';
import chalk from 'chalk';
import yargs, { type Argv } from 'yargs';
import { catCommand } from './commands/cat.js';
import { checkCommand } from './commands/check.js';
import { filterCommand } from './commands/filter.js';
import { fixCommand } from './commands/fix.js';
import { inspectCommand } from './commands/inspect.js';
import { rewriteCommand } from './commands/rewrite.js';
import { salvageCommand } from './commands/salvage.js';
import { reportFailure, UsageError } from './errors.js';
import { setInvocation } from '../aof/hint.js';
import { invocationOf } from './invocation.js';
import { installInterruptHandlers } from './signals.js';

/**
 * aof's version, from its own package.json: yargs would guess that file from the install path, and a dot in a
 * folder name (a checkout in `mktemp -d`'s tmp.XXXX) sends it to the parent folder, printing "unknown".
 */
const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** NO_COLOR (no-color.org: set and not empty) and --no-color turn colour off; --color turns it on for a pipe. */
function applyColour(argv: readonly string[], env: NodeJS.ProcessEnv): void {
  const last = argv.filter((a) => a === '--color' || a === '--no-color').at(-1);
  if (last === '--no-color' || (last === undefined && (env.NO_COLOR ?? '') !== '')) chalk.level = 0;
  else if (last === '--color' && chalk.level === 0) chalk.level = 1;
}

/** Whether yargs will print the help text: the only time its layout is seen. */
function asksForHelp(argv: readonly string[]): boolean {
  return argv.some((a) => a === '--help' || a === '-h');
}

/**
 * yargs lays out the whole help text after starting a command, to show it should the command fail; ours never
 * does (failures print "Run aof --help"), and the layout (string widths of every line, even unwrapped) cost
 * 30 ms of every run. The layout is skipped unless the run asks for help.
 */
function skipHelpLayout(cli: Argv): void {
  // Not in yargs's types: its instances' internal methods (yargs 17 and 18).
  const internal = cli as unknown as { getInternalMethods?: () => { getUsageInstance(): { cacheHelpMessage: () => void } } };
  const usage = internal.getInternalMethods?.().getUsageInstance();
  if (usage) usage.cacheHelpMessage = () => undefined;
}

export async function main(argv: string[]): Promise<void> {
  installInterruptHandlers();
  applyColour(argv, process.env);
  setInvocation(invocationOf(process.argv, process.env, process.cwd()));
  const cli = yargs(argv)
    .scriptName('aof')
    .usage('$0 <command> [options]\n\nCheck, fix, inspect and rewrite Redis append-only files.')
    .command(checkCommand)
    .command(fixCommand)
    .command(inspectCommand)
    .command(catCommand)
    .command(rewriteCommand)
    .command(salvageCommand)
    .command(filterCommand)
    .option('color', { type: 'boolean', describe: 'colour the output (default: on a terminal, unless NO_COLOR is set)' })
    .completion('completion', 'Print a bash/zsh completion script: aof completion >> ~/.bashrc (or ~/.zshrc)')
    .demandCommand(
      1,
      'Name a command: aof check PATH, aof fix PATH, aof inspect PATH, aof cat PATH, aof rewrite IN OUT, aof salvage IN OUT, aof filter IN OUT (aof --help lists them)',
    )
    .strict()
    .epilog(
      'Exit status: 0 success/valid; 1 invalid AOF, refused or aborted fix; 2 usage error or unreadable path; 3 written by a newer server than aof knows; 74 a write failed (nothing changed); 70 internal error (please report); 130/143 interrupted.',
    )
    .help()
    // After help or the version, yargs would exit at once: a failed write of them (a redirect to a full disk)
    // is reported when it happens, after this returns, so the process ends as its other writes end.
    .exitProcess(false)
    .alias('h', 'help')
    .version(VERSION)
    // yargs lays out the whole help text on every run, to have it at hand; wrapping it to the terminal (string
    // widths of every line) cost 60 ms of a 0.6 s check, so only a run that prints it pays.
    .wrap(asksForHelp(argv) ? Math.min(110, process.stdout.columns || 100) : null)
    .fail((message, error) => {
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- yargs passes no error (undefined) for a usage mistake, though its types say Error
      throw error ?? new UsageError(message);
    });
  if (!asksForHelp(argv)) skipHelpLayout(cli);
  try {
    await cli.parseAsync();
  } catch (e) {
    process.exitCode = reportFailure(e);
  }
}
