// The --json form of a check: plain data (no bigints, no Buffers), also what the library's check() returns.

import type { AofProblem } from '../../aof/problem.js';
import type { CheckedFile, CheckReport, FixPlan } from '../../ops/check.js';
import { shellQuote } from './format.js';
import { aofCommand } from '../../aof/hint.js';

/** A problem found in one file (the file is the one it is listed under). */
export type FileProblemResult = Pick<AofProblem, 'severity' | 'offset' | 'line' | 'code' | 'kind' | 'message'>;

/** A problem of the AOF as a whole (its manifest, a missing file), with the file it concerns. */
export type ProblemResult = Pick<AofProblem, 'severity' | 'file' | 'offset' | 'line' | 'code' | 'message'>;

/** One file the server loads, as checked. */
export type CheckedFileResult = Pick<
  CheckedFile,
  'path' | 'role' | 'format' | 'size' | 'okUpTo' | 'valid' | 'commands' | 'transactions' | 'annotations' | 'rdbEnd' | 'rdbKeys' | 'rdbChecksum' | 'loss'
> & { readonly problems: FileProblemResult[] };

/** The verdict on one path: what `aof check --json` prints for it. */
export interface CheckResult {
  readonly path: string;
  /** redis-server (aof-load-truncated no) would load this AOF. */
  readonly valid: boolean;
  /** valid, empty, truncated, invalid, unsupported (a newer server wrote it) or not-aof. */
  readonly status: CheckReport['status'];
  readonly kind: CheckReport['kind'];
  /** The manifest of a multi-part AOF, else null. */
  readonly manifest: string | null;
  readonly files: CheckedFileResult[];
  readonly problems: ProblemResult[];
  readonly warnings: number;
  readonly fix: FixPlan;
  /** The command to run next (`aof fix PATH`), or null when there is nothing to fix or no fix helps. */
  readonly next: string | null;
  /** Whose command table judged the commands: one server (--server), or every version aof knows. */
  readonly commandsJudgedBy: string;
}

/** The aof command to run next, without the program (`fix PATH`); null when there is nothing to fix or no fix helps. */
function nextStep(report: CheckReport): string | null {
  return report.fix.action === 'truncate' ? `fix ${shellQuote(report.path)}` : null;
}

/** The next command for people, as they started aof (`node bin/aof.js fix PATH`). */
export function nextCommand(report: CheckReport): string | null {
  const step = nextStep(report);
  return step === null ? null : aofCommand(step);
}

export function checkResult(report: CheckReport): CheckResult {
  const step = nextStep(report);
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
    // Canonical in JSON (`aof fix PATH`), whatever started aof: the library's check() returns the same object.
    next: step === null ? null : `aof ${step}`,
    commandsJudgedBy: report.commandsJudgedBy,
  };
}

/** The line printed for a path that cannot be read, so every path still gets one JSON object. */
export function unreadableJson(path: string, reason: string): string {
  return JSON.stringify({ path, valid: false, error: reason }) + '\n';
}

export function checkJson(report: CheckReport): string {
  return JSON.stringify(checkResult(report)) + '\n';
}
