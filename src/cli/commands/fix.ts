// `aof fix PATH`: previews, confirms and applies an in-place truncating fix after saving what it cuts.

import { realpath, stat } from 'node:fs/promises';
import type { Argv, CommandModule } from 'yargs';
import { FileChangedError } from '../../aof/io/file-changed.js';
import { IoFailure } from '../../aof/io/io-failure.js';
import { checkAof, type CheckReport } from '../../ops/check.js';
import type { TruncatePlan } from '../../ops/fix.js';
import { EXIT, ExitError, ioRemedy, runAction } from '../errors.js';
import { allowUnknownCommandsOption, serverOption } from '../options.js';
import { renderCheckReport } from '../render/check-human.js';
import { formatBytes, formatCount, plural, shellQuote } from '../render/format.js';
import { aofCommand } from '../../aof/hint.js';
import { withProgress } from '../progress.js';
import { fitted } from '../render/fit.js';

interface FixArgs {
  path: string;
  yes: boolean;
  dryRun: boolean;
  truncate: boolean;
  backup: string | boolean | undefined;
  json: boolean;
  allowUnknownCommands: boolean;
  server?: string;
  allowRunningServer: boolean;
  maxLoss: number | undefined;
  maxLossBytes: number | undefined;
  until: string | undefined;
  untilOffset: string | undefined;
}

interface FixJson {
  path: string;
  action: 'truncated' | 'none' | 'refused' | 'planned';
  file: string | null;
  from: number | null;
  to: number | null;
  droppedCommands?: number;
  approximate?: boolean;
  backup: string | null;
  undo?: string | null;
  reason?: string;
  validAfter?: boolean;
}

/** Where the cut bytes go: a directory (default beside the file), or nowhere with --no-backup. */
async function backupDirOf(args: FixArgs): Promise<string | null | undefined> {
  if (args.backup === false) return null;
  if (typeof args.backup !== 'string') return undefined;
  const s = await stat(args.backup).catch(() => null);
  if (!s?.isDirectory())
    throw new ExitError(`--backup ${args.backup}: not a directory. Name an existing directory for the saved bytes (or --no-backup).`, EXIT.USAGE);
  return args.backup;
}

function planText(plan: TruncatePlan, backupDir: string | null | undefined): string {
  const about = plan.approximate ? 'about ' : '';
  const lost = [
    `${about}${plural(plan.droppedCommands, 'complete command')}`,
    plan.transactionCommands ? `${formatCount(plan.transactionCommands)} of them in an unfinished MULTI` : '',
    plan.dropsPartial ? (plan.kind === 'truncated' ? 'the cut-off command' : 'the damaged bytes') : '',
  ].filter(Boolean);
  const where =
    backupDir === null
      ? 'No backup will be kept (--no-backup): the cut bytes are lost.'
      : `The cut bytes are saved first, beside ${backupDir === undefined ? 'the file' : `it in ${backupDir}`} (nothing changes if that fails).`;
  return (
    `Plan: cut ${plan.file} in place from ${formatCount(plan.from)} to ${formatCount(plan.to)} bytes, dropping ` +
    `${formatCount(plan.from - plan.to)} bytes (${formatBytes(plan.from - plan.to)}): ${lost.join(', ')}.\n      ${where}`
  );
}

/** --max-loss / --max-loss-bytes: what an automated restart script may accept to lose. */
function lossRefusal(args: FixArgs, plan: TruncatePlan): string | null {
  if (args.maxLoss !== undefined && plan.droppedCommands > args.maxLoss) {
    return `the fix would drop ${plan.approximate ? 'about ' : ''}${plural(plan.droppedCommands, 'complete command')}, more than --max-loss ${args.maxLoss}`;
  }
  const bytes = plan.from - plan.to;
  if (args.maxLossBytes !== undefined && bytes > args.maxLossBytes)
    return `the fix would drop ${formatCount(bytes)} bytes, more than --max-loss-bytes ${args.maxLossBytes}`;
  return null;
}

async function fix(args: FixArgs): Promise<number> {
  if (args.until !== undefined || args.untilOffset !== undefined) {
    const { fixUntil } = await import('./fix-until.js');
    return fixUntil({ ...args, backupDir: await backupDirOf(args) });
  }
  const options = { allowUnknownCommands: args.allowUnknownCommands, server: args.server };
  const report: CheckReport = await withProgress(`checking ${args.path}`, (onProgress) => checkAof(args.path, { ...options, onProgress }));
  const plan = report.fix;
  const out = (text: string) => {
    if (!args.json) process.stdout.write(fitted(text + '\n'));
  };
  const emit = (j: FixJson) => {
    if (args.json) process.stdout.write(JSON.stringify(j) + '\n');
  };
  if (!args.json) process.stdout.write(fitted(await renderCheckReport(report)));
  if (plan.action === 'none') {
    out('Nothing to fix.');
    emit({ path: args.path, action: 'none', file: null, from: null, to: null, backup: null });
    return EXIT.OK;
  }
  const refuse = (reason: string, file: string | null): number => {
    out(`Refusing to fix: ${reason}`);
    emit({ path: args.path, action: 'refused', file, from: null, to: null, backup: null, reason });
    return EXIT.INVALID;
  };
  if (plan.action === 'refused') return refuse(plan.reason, plan.file);
  const tooMuch = lossRefusal(args, plan);
  if (tooMuch) return refuse(`${tooMuch}. Nothing was changed.`, plan.file);
  const backupDir = await backupDirOf(args);
  // Loaded only by a fix with something to cut: every other aof command starts without them.
  const [{ applyFix, findWriters }, { confirm }] = await Promise.all([import('../../ops/fix.js'), import('../confirm.js')]);
  const planned: FixJson = {
    path: args.path,
    action: 'planned',
    file: plan.file,
    from: plan.from,
    to: plan.to,
    droppedCommands: plan.droppedCommands,
    approximate: plan.approximate,
    backup: backupDir === null ? null : (backupDir ?? 'beside the file'),
  };
  const writers = (await findWriters(plan.file)) ?? [];
  if (writers.length > 0) {
    const who = writers.map((w) => `PID ${w.pid} (${w.command || 'unknown command'})`).join(', ');
    if (!(args.yes && args.allowRunningServer)) {
      return refuse(
        `${plan.file} is open in ${who}: a running redis-server keeps appending to it. Stop it first (then check and fix again), ` +
          'or, to cut it while it runs (its later appends land after the cut), pass --yes --allow-running-server',
        plan.file,
      );
    }
    out(`Note: ${plan.file} is open in ${who}; cutting it in place while it runs (--allow-running-server).`);
  }
  const text = planText(plan, backupDir);
  out(text);
  if (args.dryRun) {
    out(`Dry run: nothing changed. To apply: ${aofCommand(`fix ${shellQuote(args.path)} --yes`)}`);
    emit(planned);
    return EXIT.OK;
  }
  if (!args.yes) {
    if (!process.stdin.isTTY) {
      emit({ ...planned, reason: 'not confirmed: stdin is not a terminal; pass --yes to apply' });
      if (!args.json)
        process.stderr.write(
          `aof: ${args.path}: not applying the fix without confirmation (stdin is not a terminal). Re-run with --yes to apply, or --dry-run to preview.\n`,
        );
      return EXIT.INVALID;
    }
    // The plan goes where the person at the terminal sees it, even when stdout is redirected.
    if (!process.stdout.isTTY || args.json) process.stderr.write(fitted(text + '\n', process.stderr));
    if (!(await confirm('Apply this fix? [y/N] '))) {
      out('Aborted: nothing changed.');
      emit({ path: args.path, action: 'refused', file: plan.file, from: plan.from, to: plan.to, backup: null, reason: 'not confirmed' });
      return EXIT.INVALID;
    }
  }
  let outcome;
  try {
    outcome = await applyFix(plan, { backupDir, allowGrowth: args.allowRunningServer && writers.length > 0 });
  } catch (e) {
    if (e instanceof FileChangedError) throw new ExitError(e.message, EXIT.INVALID);
    if (e instanceof IoFailure) {
      // Where the saved bytes could not be written, they may go elsewhere; where the AOF itself could not, that would not help.
      // The cut works on the file the path resolves to (through a symlink, or a linked directory): compare with that.
      const onAof = e.path === plan.file || e.path === (await realpath(plan.file).catch(() => null));
      const elsewhere = onAof ? '' : '; or save the cut bytes elsewhere with --backup DIR, or cut without saving them with --no-backup';
      throw new ExitError(`${e.message}. Nothing was changed: ${args.path} is as it was. ${ioRemedy(e)}${elsewhere}.`, EXIT.IO);
    }
    throw e;
  }
  const after = await withProgress(`checking ${args.path} again`, (onProgress) => checkAof(args.path, { ...options, onProgress }));
  out(
    `Cut ${outcome.target} in place to ${formatCount(outcome.to)} bytes` +
      (outcome.grewBy > 0 ? ` (it grew by ${formatCount(outcome.grewBy)} bytes while being fixed: the running server's appends, saved too)` : '') +
      '.\n' +
      (outcome.backup && outcome.undo ? `The cut bytes are saved in ${outcome.backup}; to put them back exactly: ${outcome.undo}\n` : '') +
      (after.valid
        ? 'Checked again: valid — redis-server will load it.'
        : `Checked again: still not valid — run: ${aofCommand(`check ${shellQuote(args.path)}`)}`),
  );
  emit({
    path: args.path,
    action: 'truncated',
    file: outcome.file,
    from: outcome.from,
    to: outcome.to,
    droppedCommands: plan.droppedCommands,
    approximate: plan.approximate,
    backup: outcome.backup,
    undo: outcome.undo,
    validAfter: after.valid,
  });
  return after.valid ? EXIT.OK : EXIT.INVALID;
}

export const fixCommand: CommandModule<object, FixArgs> = {
  command: 'fix <path>',
  describe: 'Cut the last AOF file in place at its last sound offset (rolls back an unfinished MULTI), saving what it cuts',
  builder: (y: Argv) =>
    y
      .positional('path', { type: 'string', demandOption: true, describe: 'AOF file, manifest or directory' })
      .option('yes', { alias: 'y', type: 'boolean', default: false, describe: 'apply without asking (for scripts)' })
      .option('dry-run', { type: 'boolean', default: false, describe: 'show the plan, change nothing' })
      .option('truncate', { type: 'boolean', default: false, describe: 'cut at the last sound offset (what fix does; accepted for scripts that spell it out)' })
      .option('backup', {
        describe: 'directory to save the cut bytes in (default: beside the file); --no-backup to save nothing',
      })
      .option('max-loss', { type: 'number', describe: 'refuse (exit 1) if the fix would drop more than N complete commands' })
      .option('max-loss-bytes', { type: 'number', describe: 'refuse (exit 1) if the fix would drop more than N bytes' })
      .option('allow-running-server', {
        type: 'boolean',
        default: false,
        describe: 'with --yes: cut the file even though a process (a redis-server) has it open',
      })
      .option('until', {
        type: 'string',
        describe: 'point in time: keep what had been written at TIME (@unix-seconds or ISO 8601), from the #TS annotations, across every file',
      })
      .option('until-offset', { type: 'string', describe: 'keep everything before FILE:OFFSET (a command or annotation start), dropping later incr files' })
      .conflicts('until', 'until-offset')
      .option('allow-unknown-commands', allowUnknownCommandsOption)
      .option('server', serverOption)
      .option('json', { type: 'boolean', default: false, describe: 'print one JSON object with the outcome' })
      .example('$0 fix appendonlydir --until 2026-12-01T09:59:00Z --dry-run', 'point-in-time: what cutting back to that moment drops')
      .example('$0 fix appendonly.aof --dry-run', 'show what would be cut, change nothing')
      .example('$0 fix /var/lib/redis/appendonlydir --yes', 'for scripts: apply without asking')
      .example('$0 fix appendonly.aof --yes --max-loss 0', 'only fix when no complete command is lost')
      .epilog(
        "The file is cut in place (same inode, owner and mode; a symlink's target), after the cut bytes are saved to " +
          '<file>.cut-at-<offset>.<time>.tail and synced. Exit status: 0 fixed, nothing to fix, or dry run; 1 refused, not ' +
          'confirmed, or still invalid; 2 usage error or unreadable path; 74 a write failed (nothing changed); 70 internal error.',
      ) as unknown as Argv<FixArgs>,
  handler: (args) => runAction(() => fix(args)),
};
