// Renders a CheckReport for people: a verdict, each file, the first problem with its bytes, the next command.

import chalk from 'chalk';
import { basename } from 'node:path';
import type { AofProblem } from '../../aof/problem.js';
import type { CheckedFile, CheckReport } from '../../ops/check.js';
import { nextCommand } from './check-json.js';
import { excerptKey, loadExcerpts, type Excerpts } from './excerpt.js';
import { escapeBytes, escapeText, formatBytes, formatCount, formatOffset, plural } from './format.js';

const KIND_LABEL: Record<CheckReport['kind'], string> = {
  resp: 'RESP AOF',
  'rdb-preamble': 'AOF with an RDB preamble',
  'multi-part': 'multi-part AOF',
  rdb: 'RDB file',
};

/** The headline's mark and verdict for each status. */
function headline(report: CheckReport, strict: boolean): { mark: string; verdict: string } {
  if (strict && report.warnings > 0 && (report.status === 'valid' || report.status === 'empty')) {
    const n = `${report.warnings} warning${report.warnings === 1 ? '' : 's'}`;
    return { mark: chalk.red('✘'), verdict: `${chalk.red(`fails --strict`)} — redis-server would load it, but it has ${n}` };
  }
  switch (report.status) {
    case 'valid': {
      const modules = report.files.some((f) => f.problems.some((p) => p.code === 'command-module'));
      const loads = modules ? 'redis-server will load it with the modules its commands need' : 'redis-server will load it';
      return { mark: chalk.green('✔'), verdict: `${chalk.green('valid')} — ${loads}` };
    }
    case 'empty':
      return { mark: chalk.green('✔'), verdict: `${chalk.green('valid, empty')} — redis-server starts on it with no data` };
    case 'truncated': {
      const lost = report.files.at(-1)?.loss?.bytes ?? 0;
      return {
        mark: chalk.red('✘'),
        verdict:
          `${chalk.red('cut short')} — redis-server with the default aof-load-truncated yes loads it by cutting the last ` +
          `${formatCount(lost)} bytes itself; with aof-load-truncated no it refuses to start`,
      };
    }
    case 'unsupported': {
      // Either a format aof cannot read, or commands the --server named lacks: a file for another server.
      const forOther = report.files.some((f) => f.problems.some((p) => p.code === 'command-newer'));
      const why = forOther
        ? `written for a server other than ${report.commandsJudgedBy}, which would refuse it; not damaged, and aof changes nothing in it`
        : 'written by a server newer than aof knows: not judged, and aof changes nothing in it';
      return { mark: chalk.yellow('?'), verdict: `${chalk.yellow('unsupported')} — ${why}` };
    }
    case 'not-aof':
      return { mark: chalk.red('✘'), verdict: `${chalk.red('not an AOF')} — redis-server would refuse it; aof changes nothing in it` };
    default:
      return { mark: chalk.red('✘'), verdict: `${chalk.red('NOT valid')} — redis-server would refuse to load it` };
  }
}

/** The report as people read it, with the bytes around each error read from the files. */
/** The first line of a report: mark, path, kind and verdict (all that --quiet prints). */
export function checkHeadline(report: CheckReport, strict = false): string {
  const { mark, verdict } = headline(report, strict);
  const kind = report.status === 'not-aof' ? 'file' : KIND_LABEL[report.kind];
  return `${mark} ${chalk.bold(escapeText(report.path))}: ${kind}, ${verdict}`;
}

/** One line after several paths: how many of each verdict, naming (the first three of) those not valid. */
export function checkSummary(reports: readonly CheckReport[], unreadable: readonly string[]): string {
  const byStatus = new Map<string, string[]>();
  for (const r of reports) byStatus.set(r.status, [...(byStatus.get(r.status) ?? []), r.path]);
  if (unreadable.length > 0) byStatus.set('unreadable', [...unreadable]);
  const parts = [...byStatus].map(([status, paths]) => {
    if (status === 'valid' || status === 'empty') return `${paths.length} ${status}`;
    const named = paths.slice(0, 3).map(escapeText).join(', ') + (paths.length > 3 ? ', …' : '');
    return `${paths.length} ${status} (${named})`;
  });
  return `${reports.length + unreadable.length} paths checked: ${parts.join(', ')}\n`;
}

export async function renderCheckReport(report: CheckReport, strict = false): Promise<string> {
  const excerpts = await loadExcerpts(report);
  const out: string[] = [checkHeadline(report, strict)];
  if (report.manifestPath) out.push(`  manifest ${report.manifestPath}`);
  for (const p of report.problems) out.push(...renderProblem(p, excerpts, '  '));
  const single = report.files.length === 1 && report.kind !== 'multi-part';
  for (const f of report.files) out.push(...renderFile(f, excerpts, single));
  if (report.files.length === 0 && report.problems.length === 0) out.push('  no files to load: redis-server starts empty');
  // Which server's commands were the measure, where a command was judged at all.
  const commandProblem = report.files.some((f) => f.problems.some((p) => p.code.startsWith('command-')));
  if (commandProblem) out.push(`  commands judged by: ${report.commandsJudgedBy}${report.commandsJudgedBy.startsWith('any') ? '; --server names one' : ''}`);
  out.push(...renderNext(report));
  return out.join('\n') + '\n';
}

function renderFile(f: CheckedFile, excerpts: Excerpts, single: boolean): string[] {
  const out: string[] = [];
  const mark = f.valid ? chalk.green('✔') : chalk.red('✘');
  const size = f.size === null ? 'missing' : `${formatCount(f.size)} bytes`;
  const content = [
    f.format === 'rdb' ? '' : plural(f.commands, 'command'),
    f.transactions ? plural(f.transactions, 'transaction') : '',
    f.annotations ? plural(f.annotations, 'annotation') : '',
    f.rdbEnd !== null
      ? `RDB v${f.rdbVersion ?? '?'} section (${plural(f.rdbKeys, 'key')}, checksum ${f.rdbChecksum ?? 'absent'}) up to ${formatOffset(f.rdbEnd)}`
      : '',
  ]
    .filter(Boolean)
    .join(', ');
  const name = escapeText(single ? basename(f.path) : f.path);
  out.push(`  ${mark} ${name}  ${f.role}, ${f.format ?? 'empty'}, ${size}${content ? `: ${content}` : ''}`);
  for (const p of f.problems) out.push(...renderProblem(p, excerpts, '      '));
  const inRdb = f.format === 'rdb' && f.rdbEnd === null;
  if (!f.valid && !inRdb && f.loss !== null) {
    const kind = f.problems[0]?.kind;
    const why =
      kind === 'truncated'
        ? 'the file is cut short: redis-server refuses it with aof-load-truncated no; with yes it truncates the file itself and starts'
        : 'the file is damaged: redis-server refuses it even with aof-load-truncated yes';
    const held = `${f.loss.approximate ? 'about ' : ''}${plural(f.loss.commands, 'complete command')}`;
    out.push(`      sound up to ${formatOffset(f.okUpTo)}; the ${formatCount(f.loss.bytes)} bytes after it hold ${held} (${why})`);
  }
  return out;
}

function renderProblem(p: AofProblem, excerpts: Excerpts, indent: string): string[] {
  const label = p.severity === 'error' ? chalk.red('error') : chalk.yellow('warning');
  const where = [p.offset !== null ? `at ${formatOffset(p.offset)}` : '', p.line !== null ? `line ${p.line}` : ''].filter(Boolean).join(', ');
  const out = [`${indent}${label} ${p.code}${where ? ` ${where}` : ''}: ${escapeText(p.message)}`];
  const ex = p.offset !== null ? excerpts.get(excerptKey(p.file, p.offset)) : undefined;
  if (ex) {
    const after = [ex.after.length ? `"${escapeBytes(ex.after)}"` : '', ex.endsHere ? '<end of file>' : '…'];
    out.push(`${indent}  bytes "${escapeBytes(ex.before)}" ${chalk.red('▶')} ${after.filter(Boolean).join(' ')}`);
  }
  return out;
}

function renderNext(report: CheckReport): string[] {
  const fix = report.fix;
  if (fix.action === 'none') return [];
  if (fix.action === 'refused') return [`  ${chalk.bold('next')}: a truncating fix cannot help: ${escapeText(fix.reason)}`];
  const lost = [
    `${fix.approximate ? 'about ' : ''}${plural(fix.droppedCommands, 'complete command')}`,
    fix.transactionCommands ? `${formatCount(fix.transactionCommands)} of them in an unfinished transaction` : '',
    fix.dropsPartial ? (fix.kind === 'truncated' ? 'the cut-off command' : 'the damaged bytes') : '',
  ].filter(Boolean);
  return [
    `  a fix would cut ${escapeText(fix.file)} from ${formatCount(fix.from)} to ${formatCount(fix.to)} bytes (${formatBytes(fix.from - fix.to)}: ${lost.join(', ')})`,
    ...(fix.kind === 'corrupt' ? [`  the damage is not a cut-off tail: the sound commands after it are cut too (aof fix saves the cut bytes first)`] : []),
    `  ${chalk.bold('next')}: ${nextCommand(report) ?? 'aof fix'}   (shows the plan and asks first; --yes for scripts)`,
  ];
}
