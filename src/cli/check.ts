// `aof check PATH…`: the CLI adapter for checkAof — human or JSON output, exit codes for CI.

import type { Argv, CommandModule } from 'yargs';
import { UnreadablePathError } from '../aof/layout.js';
import { checkAof, type CheckReport } from '../ops/check.js';
import { renderCheckReport, excerptKey, nextCommand, type Excerpts } from './check-render.js';
import { allowUnknownCommandsOption } from './options.js';
import { EXIT, runAction } from './errors.js';
import { readExcerpt } from './excerpt.js';
import { startProgress } from './progress.js';

interface CheckArgs {
  paths: string[];
  json: boolean;
  strict: boolean;
  allowUnknownCommands: boolean;
}

export async function loadExcerpts(report: CheckReport): Promise<Excerpts> {
  const excerpts: Excerpts = new Map();
  const problems = [...report.problems, ...report.files.flatMap((f) => f.problems.filter((p) => p.severity === 'error'))];
  for (const p of problems) {
    if (p.offset === null || p.file === report.manifestPath) continue;
    const ex = await readExcerpt(p.file, p.offset);
    if (ex) excerpts.set(excerptKey(p.file, p.offset), ex);
  }
  return excerpts;
}

/** Plain data for --json: bigints and Buffers never reach it. */
export function checkReportJson(report: CheckReport): object {
  return {
    path: report.path,
    valid: report.valid,
    status: report.status,
    kind: report.kind,
    manifest: report.manifestPath,
    files: report.files.map((f) => ({
      path: f.path,
      role: f.role,
      format: f.format,
      size: f.size,
      okUpTo: f.okUpTo,
      valid: f.valid,
      commands: f.commands,
      transactions: f.transactions,
      annotations: f.annotations,
      rdbEnd: f.rdbEnd,
      rdbKeys: f.rdbKeys,
      rdbChecksum: f.rdbChecksum,
      loss: f.loss,
      problems: f.problems.map((p) => ({
        severity: p.severity,
        offset: p.offset,
        line: p.line,
        code: p.code,
        ...(p.kind ? { kind: p.kind } : {}),
        message: p.message,
      })),
    })),
    problems: report.problems.map((p) => ({
      severity: p.severity,
      file: p.file,
      offset: p.offset,
      line: p.line,
      code: p.code,
      message: p.message,
    })),
    warnings: report.warnings,
    fix: report.fix,
    next: nextCommand(report),
  };
}

async function check(args: CheckArgs): Promise<number> {
  let worst: number = EXIT.OK;
  for (const path of args.paths) {
    const progress = startProgress(`checking ${path}`);
    let report: CheckReport;
    try {
      report = await checkAof(path, { onProgress: (d, t) => progress.update(d, t), allowUnknownCommands: args.allowUnknownCommands });
    } catch (e) {
      // One unreadable path must not hide the verdicts on the others: report it and go on.
      if (!(e instanceof UnreadablePathError)) throw e;
      process.stderr.write(`aof: ${e.path}: ${e.reason}. Check the path and try again.\n`);
      if (args.json) process.stdout.write(JSON.stringify({ path, valid: false, error: e.reason }) + '\n');
      worst = EXIT.USAGE;
      continue;
    } finally {
      progress.stop();
    }
    if (args.json) process.stdout.write(JSON.stringify(checkReportJson(report)) + '\n');
    else process.stdout.write(renderCheckReport(report, await loadExcerpts(report)));
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
