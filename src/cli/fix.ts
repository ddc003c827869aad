// `aof fix PATH`: previews, confirms and applies a truncating fix, with a backup; JSON for scripts.

import { createInterface } from 'node:readline/promises';
import type { Argv, CommandModule } from 'yargs';
import { checkAof, type CheckReport } from '../ops/check.js';
import { applyTruncate, defaultBackupPath } from '../ops/fix.js';
import { renderCheckReport } from './check-render.js';
import { loadExcerpts } from './check.js';
import { allowUnknownCommandsOption } from './options.js';
import { EXIT, ExitError, runAction } from './errors.js';
import { formatBytes, formatCount, shellQuote } from './format.js';

interface FixArgs {
  path: string;
  yes: boolean;
  dryRun: boolean;
  backup: string | boolean | undefined;
  json: boolean;
  allowUnknownCommands: boolean;
}

type FixJson = {
  path: string;
  action: 'truncated' | 'none' | 'refused' | 'planned';
  file: string | null;
  from: number | null;
  to: number | null;
  backup: string | null;
  reason?: string;
  validAfter?: boolean;
};

async function ask(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}

function say(args: FixArgs, text: string): void {
  if (!args.json) process.stdout.write(text + '\n');
}

async function fix(args: FixArgs): Promise<number> {
  const options = { allowUnknownCommands: args.allowUnknownCommands };
  const report: CheckReport = await checkAof(args.path, options);
  const plan = report.fix;
  const emit = (j: FixJson) => {
    if (args.json) process.stdout.write(JSON.stringify(j) + '\n');
  };
  if (!args.json) process.stdout.write(renderCheckReport(report, await loadExcerpts(report)));
  if (plan.action === 'none') {
    say(args, 'Nothing to fix.');
    emit({ path: args.path, action: 'none', file: null, from: null, to: null, backup: null });
    return EXIT.OK;
  }
  if (plan.action === 'refused') {
    say(args, `Refusing to fix: ${plan.reason}`);
    emit({ path: args.path, action: 'refused', file: plan.file, from: null, to: null, backup: null, reason: plan.reason });
    return EXIT.INVALID;
  }
  const backup = args.backup === false ? null : typeof args.backup === 'string' ? args.backup : defaultBackupPath(plan.file);
  const dropped = plan.droppedCommands + (plan.dropsPartial ? 1 : 0);
  say(
    args,
    `Plan: shrink ${plan.file} from ${formatCount(plan.from)} to ${formatCount(plan.to)} bytes, dropping ` +
      `${formatCount(plan.from - plan.to)} bytes (${formatBytes(plan.from - plan.to)}) = ${dropped} command(s)` +
      `${plan.droppedCommands ? `, ${plan.droppedCommands} of them in an unfinished MULTI` : ''}.\n` +
      `      ${backup ? `The original is kept as ${backup}.` : 'No backup will be kept (--no-backup).'}`,
  );
  if (args.dryRun) {
    say(args, `Dry run: nothing changed. To apply: aof fix ${shellQuote(args.path)} --yes`);
    emit({ path: args.path, action: 'planned', file: plan.file, from: plan.from, to: plan.to, backup });
    return EXIT.OK;
  }
  if (!args.yes) {
    if (!process.stdin.isTTY) {
      throw new ExitError(
        `${args.path}: not applying the fix without confirmation (stdin is not a terminal). Re-run with --yes to apply, or --dry-run to preview.`,
        EXIT.INVALID,
      );
    }
    if (!(await ask('Apply this fix? [y/N] '))) {
      say(args, 'Aborted: nothing changed.');
      emit({ path: args.path, action: 'refused', file: plan.file, from: plan.from, to: plan.to, backup: null, reason: 'not confirmed' });
      return EXIT.INVALID;
    }
  }
  const outcome = await applyTruncate(plan, backup);
  const after = await checkAof(args.path, options);
  say(
    args,
    `Truncated ${outcome.file} to ${formatCount(outcome.to)} bytes.${outcome.backup ? ` Backup: ${outcome.backup}` : ''}\n` +
      (after.valid
        ? `Checked again: valid — redis-server will load it.`
        : `Checked again: still not valid — run: aof check ${shellQuote(args.path)}`),
  );
  emit({ path: args.path, action: 'truncated', file: outcome.file, from: outcome.from, to: outcome.to, backup: outcome.backup, validAfter: after.valid });
  return after.valid ? EXIT.OK : EXIT.INVALID;
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
