// `aof fix PATH`: previews, confirms and applies a truncating fix, with a backup; JSON for scripts.

import { createInterface } from 'node:readline/promises';
import type { Argv, CommandModule } from 'yargs';
import { EXIT, ExitError, runAction } from '../errors.js';
import { allowUnknownCommandsOption } from '../options.js';
import type { FixStep } from '../render/fix-step.js';

interface FixArgs {
  path: string;
  yes: boolean;
  dryRun: boolean;
  backup: string | boolean | undefined;
  json: boolean;
  allowUnknownCommands: boolean;
}

async function ask(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}

function print(text: string): void {
  if (text) process.stdout.write(text);
}

async function fix(args: FixArgs): Promise<number> {
  const [{ checkAof }, { applyTruncate, defaultBackupPath }] = await Promise.all([import('../../ops/check.js'), import('../../ops/fix.js')]);
  const view = args.json ? (await import('../render/fix-json.js')).fixJson : (await import('../render/fix-human.js')).fixHuman;
  const finish = (step: FixStep, status: number) => (print(view.finished(args.path, step)), status);
  const options = { allowUnknownCommands: args.allowUnknownCommands };
  const report = await checkAof(args.path, options);
  print(await view.checked(report));
  const plan = report.fix;
  if (plan.action === 'none') return finish({ step: 'none' }, EXIT.OK);
  if (plan.action === 'refused') return finish({ step: 'refused', plan }, EXIT.INVALID);
  const backup = args.backup === false ? null : typeof args.backup === 'string' ? args.backup : defaultBackupPath(plan.file);
  print(view.planned(plan, backup));
  if (args.dryRun) return finish({ step: 'dry-run', plan, backup }, EXIT.OK);
  if (!args.yes) {
    if (!process.stdin.isTTY) {
      throw new ExitError(
        `${args.path}: not applying the fix without confirmation (stdin is not a terminal). Re-run with --yes to apply, or --dry-run to preview.`,
        EXIT.INVALID,
      );
    }
    if (!(await ask('Apply this fix? [y/N] '))) return finish({ step: 'aborted', plan }, EXIT.INVALID);
  }
  const outcome = await applyTruncate(plan, backup);
  const after = await checkAof(args.path, options);
  return finish({ step: 'truncated', outcome, validAfter: after.valid }, after.valid ? EXIT.OK : EXIT.INVALID);
}

export const fixCommand: CommandModule<object, FixArgs> = {
  command: 'fix <path>',
  describe: 'Truncate the last AOF file at its last sound offset (rolls back an unfinished MULTI)',
  builder: (y: Argv) =>
    y
      .positional('path', { type: 'string', demandOption: true, describe: 'AOF file, manifest or directory' })
      .option('yes', { alias: 'y', type: 'boolean', default: false, describe: 'apply without asking (for scripts)' })
      .option('dry-run', { type: 'boolean', default: false, describe: 'show the plan, change nothing' })
      .option('backup', {
        describe: 'where to keep the original (default: <file>.bak-<time> beside it); --no-backup to skip',
      })
      .option('allow-unknown-commands', allowUnknownCommandsOption)
      .option('json', { type: 'boolean', default: false, describe: 'print one JSON object with the outcome' })
      .epilog(
        'Exit status: 0 fixed, nothing to fix, or dry run; 1 refused, not confirmed, or still invalid; 2 usage error or unreadable path; 70 internal error.',
      ) as unknown as Argv<FixArgs>,
  handler: (args) => runAction(() => fix(args)),
};
