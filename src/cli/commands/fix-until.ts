// `aof fix PATH --until TIME` / `--until-offset FILE:OFFSET`: point-in-time recovery, planned, confirmed, applied.

import type { UntilPlan } from '../../ops/until.js';
import { confirm } from '../confirm.js';
import { EXIT, ExitError } from '../errors.js';
import { escapeText, formatCount, plural, shellQuote } from '../render/format.js';
import { parseBound } from './cat-bound.js';
import { aofCommand } from '../../aof/hint.js';
import { fitted } from '../render/fit.js';

export interface UntilArgs {
  path: string;
  until: string | undefined;
  untilOffset: string | undefined;
  yes: boolean;
  dryRun: boolean;
  json: boolean;
  backupDir: string | null | undefined;
}

function describePlan(plan: Extract<UntilPlan, { action: 'cut' }>): string {
  const lines = [
    `Plan: cut ${escapeText(plan.file.path)} in place from ${formatCount(plan.from)} to ${formatCount(plan.to)} bytes` +
      (plan.dropFiles.length
        ? `, and drop ${plural(plan.dropFiles.length, 'later incr file')} from the manifest (${plan.dropFiles.map((f) => escapeText(f.name)).join(', ')}, renamed aside, not deleted)`
        : '') +
      `: ${plural(plan.droppedCommands, 'command')} written after that point go.`,
    `      The last kept span is ${plan.lastKeptTs === null ? 'before the first #TS annotation' : `#TS ${new Date(plan.lastKeptTs * 1000).toISOString()}`}; the cut bytes are saved first.`,
  ];
  return lines.join('\n');
}

export async function fixUntil(args: UntilArgs): Promise<number> {
  const bound = args.until !== undefined ? parseBound(args.until) : args.untilOffset !== undefined ? parseBound(args.untilOffset) : null;
  if (bound === null || (args.until !== undefined && bound.kind !== 'time') || (args.untilOffset !== undefined && bound.kind !== 'offset')) {
    throw new ExitError(
      args.until !== undefined
        ? `--until ${JSON.stringify(args.until)} is not a time: give @unix-seconds or an ISO 8601 date (2026-12-01T10:00:00Z)`
        : `--until-offset ${JSON.stringify(args.untilOffset)} is not FILE:OFFSET (aof cat --show file,offset lists them)`,
      EXIT.USAGE,
    );
  }
  const { planUntil, applyUntil } = await import('../../ops/until.js');
  const plan = await planUntil(args.path, bound);
  const say = (text: string) => {
    if (!args.json) process.stdout.write(fitted(text + '\n'));
  };
  const emit = (o: object) => {
    if (args.json) process.stdout.write(JSON.stringify({ path: args.path, ...o }) + '\n');
  };
  if (plan.action !== 'cut') {
    say(plan.action === 'none' ? `Nothing to cut: ${plan.reason}.` : `Refusing: ${plan.reason}.`);
    emit({ action: plan.action, reason: plan.reason });
    return plan.action === 'none' ? EXIT.OK : EXIT.INVALID;
  }
  const planned = {
    file: plan.file.path,
    from: plan.from,
    to: plan.to,
    dropFiles: plan.dropFiles.map((f) => f.path),
    droppedCommands: plan.droppedCommands,
    lastKeptTs: plan.lastKeptTs,
  };
  const text = describePlan(plan);
  say(text);
  if (args.dryRun) {
    say(
      `Dry run: nothing changed. To apply: ${aofCommand(`fix ${shellQuote(args.path)}`)} ${args.until !== undefined ? `--until ${shellQuote(args.until)}` : `--until-offset ${shellQuote(args.untilOffset ?? '')}`} --yes`,
    );
    emit({ action: 'planned', ...planned });
    return EXIT.OK;
  }
  if (!args.yes) {
    if (!process.stdin.isTTY) {
      emit({ action: 'planned', ...planned, reason: 'not confirmed: stdin is not a terminal; pass --yes to apply' });
      if (!args.json)
        process.stderr.write(`aof: ${args.path}: not applying without confirmation (stdin is not a terminal). Re-run with --yes, or --dry-run to preview.\n`);
      return EXIT.INVALID;
    }
    if (!process.stdout.isTTY || args.json) process.stderr.write(fitted(text + '\n', process.stderr));
    if (!(await confirm('Apply this cut? [y/N] '))) {
      say('Aborted: nothing changed.');
      emit({ action: 'refused', reason: 'not confirmed' });
      return EXIT.INVALID;
    }
  }
  const out = await applyUntil(plan, { backupDir: args.backupDir });
  say(
    `Cut ${escapeText(out.cut.target)} to ${formatCount(out.cut.to)} bytes.` +
      (out.cut.backup && out.undo ? ` The cut bytes are in ${escapeText(out.cut.backup)} (to put them back: ${out.undo}).` : '') +
      out.renamed.map((r) => `\nDropped ${escapeText(r.from)}: kept as ${escapeText(r.to)}.`).join('') +
      (out.manifest ? `\nThe manifest ${escapeText(out.manifest)} no longer lists them.` : ''),
  );
  emit({ action: 'truncated', ...planned, backup: out.cut.backup, undo: out.undo, renamed: out.renamed, manifest: out.manifest });
  return EXIT.OK;
}
