// `aof check PATH…`: checks each path as redis-server loads it; a human or JSON verdict, exit codes for CI.

import type { Argv, CommandModule } from 'yargs';
import { EXIT, reportFailure, runAction } from '../errors.js';
import { allowUnknownCommandsOption } from '../options.js';
import { withProgress } from '../progress.js';

interface CheckArgs {
  paths: string[];
  json: boolean;
  strict: boolean;
  allowUnknownCommands: boolean;
}

async function check(args: CheckArgs): Promise<number> {
  const [{ checkAof }, { UnreadablePathError }, { checkJson, unreadableJson }] = await Promise.all([
    import('../../ops/check.js'),
    import('../../aof/layout.js'),
    import('../render/check-json.js'),
  ]);
  const render = args.json ? checkJson : (await import('../render/check-human.js')).renderCheckReport;
  let worst: number = EXIT.OK;
  for (const path of args.paths) {
    let report;
    try {
      report = await withProgress(`checking ${path}`, (onProgress) => checkAof(path, { onProgress, allowUnknownCommands: args.allowUnknownCommands }));
    } catch (e) {
      // One unreadable path must not hide the verdicts on the others: report it and go on.
      if (!(e instanceof UnreadablePathError)) throw e;
      worst = reportFailure(e);
      if (args.json) process.stdout.write(unreadableJson(path, e.reason));
      continue;
    }
    process.stdout.write(await render(report));
    const failed = (!report.valid && report.status !== 'unsupported') || (args.strict && report.warnings > 0);
    if (failed && (worst === EXIT.OK || worst === EXIT.UNSUPPORTED)) worst = EXIT.INVALID;
    else if (report.status === 'unsupported' && worst === EXIT.OK) worst = EXIT.UNSUPPORTED;
  }
  return worst;
}

export const checkCommand: CommandModule<object, CheckArgs> = {
  command: 'check <paths..>',
  describe: 'Check AOF files, manifests or appendonlydirs the way redis-server loads them',
  builder: (y: Argv) =>
    y
      .positional('paths', { type: 'string', array: true, demandOption: true, describe: 'AOF file, manifest, RDB or directory' })
      .option('allow-unknown-commands', allowUnknownCommandsOption)
      .option('json', { type: 'boolean', default: false, describe: 'one JSON object per path on stdout' })
      .option('strict', {
        type: 'boolean',
        default: false,
        describe: 'also fail (exit 1) on warnings: what redis-check-aof rejects but the server accepts',
      })
      .epilog(
        'Exit status: 0 every path is valid; 1 some path is not (or has warnings, with --strict); 2 usage error or unreadable path; 3 some path was written by a newer server than aof knows (and none is invalid); 70 internal error.',
      ) as unknown as Argv<CheckArgs>,
  handler: (args) => runAction(() => check(args)),
};
