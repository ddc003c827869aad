// Renders a CheckReport for people: a verdict, each file, the first problem with its bytes, the next command.

import chalk from 'chalk';
import { basename } from 'node:path';
import type { AofProblem } from '../../aof/problem.js';
import type { CheckedFile, CheckReport } from '../../ops/check.js';
import { nextCommand } from './check-json.js';
import { excerptKey, loadExcerpts, type Excerpts } from './excerpt.js';
import { escapeBytes, formatBytes, formatCount, formatOffset, plural } from './format.js';

const KIND_LABEL: Record<CheckReport['kind'], string> = {
  resp: 'RESP AOF',
  'rdb-preamble': 'AOF with an RDB preamble',
  'multi-part': 'multi-part AOF',
  rdb: 'RDB file',
};

/** The report as people read it, with the bytes around each error read from the files. */
export async function renderCheckReport(report: CheckReport): Promise<string> {
  const excerpts = await loadExcerpts(report);
  const out: string[] = [];
  const mark = report.valid ? chalk.green('✔') : chalk.red('✘');
  const verdict = report.valid
    ? chalk.green('valid') + ' — redis-server will load it'
    : chalk.red('NOT valid') + ' — redis-server would refuse to load it';
  out.push(`${mark} ${chalk.bold(report.path)}: ${KIND_LABEL[report.kind]}, ${verdict}`);
  if (report.manifestPath) out.push(`  manifest ${report.manifestPath}`);
  for (const p of report.problems) out.push(...renderProblem(p, excerpts, '  '));
  const single = report.files.length === 1 && report.kind !== 'multi-part';
  for (const f of report.files) out.push(...renderFile(f, excerpts, single));
  if (report.files.length === 0 && report.problems.length === 0) out.push('  no files to load: redis-server starts empty');
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
      ? `RDB v${f.rdbVersion} section (${plural(f.rdbKeys, 'key')}, checksum ${f.rdbChecksum}) up to ${formatOffset(f.rdbEnd)}`
      : '',
  ]
    .filter(Boolean)
    .join(', ');
  const name = single ? basename(f.path) : f.path;
  out.push(`  ${mark} ${name}  ${f.role}, ${f.format ?? 'empty'}, ${size}${content ? `: ${content}` : ''}`);
  for (const p of f.problems) out.push(...renderProblem(p, excerpts, '      '));
  const inRdb = f.format === 'rdb' && f.rdbEnd === null;
  if (!f.valid && !inRdb) {
    const cut = (f.size ?? 0) - f.okUpTo;
    const kind = f.problems[0]?.kind;
    const why =
      kind === 'truncated'
        ? 'the file is cut short: redis-server refuses it with aof-load-truncated no; with yes it truncates the file itself and starts'
        : 'the file is damaged: redis-server refuses it even with aof-load-truncated yes';
    out.push(`      sound up to ${formatOffset(f.okUpTo)}; ${formatCount(cut)} bytes after it (${why})`);
  }
  return out;
}

function renderProblem(p: AofProblem, excerpts: Excerpts, indent: string): string[] {
  const label = p.severity === 'error' ? chalk.red('error') : chalk.yellow('warning');
  const where = [
    p.offset !== null ? `at ${formatOffset(p.offset)}` : '',
    p.line !== null ? `line ${p.line}` : '',
  ]
    .filter(Boolean)
    .join(', ');
  const out = [`${indent}${label} ${p.code}${where ? ` ${where}` : ''}: ${p.message}`];
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
  if (fix.action === 'refused') return [`  ${chalk.bold('next')}: a truncating fix cannot help: ${fix.reason}`];
  const damaged = fix.kind === 'truncated' ? 'the cut-off command' : 'the damaged bytes and every command after them';
  const dropped =
    fix.droppedCommands > 0
      ? `${plural(fix.droppedCommands, 'complete command')} of an unfinished transaction${fix.dropsPartial ? ` and ${damaged}` : ''}`
      : damaged;
  return [
    `  a fix would cut ${fix.file} from ${formatCount(fix.from)} to ${formatCount(fix.to)} bytes (${formatBytes(fix.from - fix.to)}: ${dropped})`,
    ...(fix.kind === 'corrupt'
      ? [`  the damage is not a cut-off tail: any sound commands after it are cut too (aof fix keeps the original as a backup)`]
      : []),
    `  ${chalk.bold('next')}: ${nextCommand(report)}   (shows the plan and asks first; --yes for scripts)`,
  ];
}
