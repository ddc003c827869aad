// `aof fix` for people: the check report, the plan with its cost in bytes and commands, then what happened.

import { renderCheckReport } from './check-human.js';
import type { FixRenderer, FixStep } from './fix-step.js';
import { formatBytes, formatCount, shellQuote } from './format.js';

function finished(path: string, s: FixStep): string {
  switch (s.step) {
    case 'none':
      return 'Nothing to fix.';
    case 'refused':
      return `Refusing to fix: ${s.plan.reason}`;
    case 'dry-run':
      return `Dry run: nothing changed. To apply: aof fix ${shellQuote(path)} --yes`;
    case 'aborted':
      return 'Aborted: nothing changed.';
    case 'truncated':
      return (
        `Truncated ${s.outcome.file} to ${formatCount(s.outcome.to)} bytes.${s.outcome.backup ? ` Backup: ${s.outcome.backup}` : ''}\n` +
        (s.validAfter
          ? `Checked again: valid — redis-server will load it.`
          : `Checked again: still not valid — run: aof check ${shellQuote(path)}`)
      );
  }
}

export const fixHuman: FixRenderer = {
  checked: renderCheckReport,
  planned(plan, backup) {
    const dropped = plan.droppedCommands + (plan.dropsPartial ? 1 : 0);
    return (
      `Plan: shrink ${plan.file} from ${formatCount(plan.from)} to ${formatCount(plan.to)} bytes, dropping ` +
      `${formatCount(plan.from - plan.to)} bytes (${formatBytes(plan.from - plan.to)}) = ${dropped} command(s)` +
      `${plan.droppedCommands ? `, ${plan.droppedCommands} of them in an unfinished MULTI` : ''}.\n` +
      `      ${backup ? `The original is kept as ${backup}.` : 'No backup will be kept (--no-backup).'}\n`
    );
  },
  finished: (path, step) => finished(path, step) + '\n',
};
