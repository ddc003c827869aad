// The `aof` command line: wires the subcommands into yargs; each owns its output and exit code.

import yargs from 'yargs';
import { checkCommand } from './check.js';
import { EXIT } from './errors.js';
import { catCommand } from './cat.js';
import { fixCommand } from './fix.js';
import { inspectCommand } from './inspect.js';
import { rewriteCommand } from './rewrite.js';
import { salvageCommand } from './salvage.js';
import { filterCommand } from './filter.js';
import { installInterruptHandlers } from './signals.js';

/** Yargs rejected the command line; it stops yargs from running a handler anyway. */
class UsageError extends Error {}

export async function main(argv: string[]): Promise<void> {
  installInterruptHandlers();
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
    .demandCommand(1, 'Name a command: aof check PATH, aof fix PATH, aof inspect PATH, aof cat PATH, aof rewrite IN OUT (aof --help lists them)')
    .strict()
    .epilog(
      'Exit status: 0 success/valid; 1 invalid AOF, refused or aborted fix; 2 usage error or unreadable path; 70 internal error (please report).',
    )
    .help()
    .alias('h', 'help')
    .version()
    .wrap(Math.min(110, process.stdout.columns || 100))
    .fail((message, error) => {
      throw error ?? new UsageError(message);
    });
  try {
    await cli.parseAsync();
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`aof: ${e.message}\nRun aof --help for usage.\n`);
    process.exitCode = EXIT.USAGE;
  }
}
