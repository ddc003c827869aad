// `check`: the verdict on an AOF as redis-server loads it, as a report: each file, its problems, the fix plan.

import { availableParallelism } from 'node:os';
import { commandTarget, knownServers } from '../aof/command-table.js';
import { listingTo, resolveAof, type AofFile, type OnProgress, type AofKind, type AofLayout } from '../aof/layout.js';
import type { PackedRef } from '../aof/packed/archive.js';
import type { AofProblem } from '../aof/problem.js';
import { aofStatus, loads, lossOf, planFix, type CheckStatus, type FileFormat, type FileLoss, type FileResult, type FixPlan } from '../aof/verdict/index.js';
import { CHECK_SPLIT_BYTES } from '../aof/split/segment-thread.js';
import { walkAof, type SplitOptions } from '../aof/walk.js';

export type { CheckStatus, FileLoss, FixPlan };

export interface CheckedFile {
  readonly path: string;
  readonly role: AofFile['role'];
  /** `unknown`: the file starts like neither an AOF nor an RDB (see the not-an-aof problem). */
  readonly format: FileFormat | null;
  readonly size: number | null;
  readonly okUpTo: number;
  readonly valid: boolean;
  /** The error first (if any), then warnings in file order. */
  readonly problems: AofProblem[];
  readonly commands: number;
  readonly annotations: number;
  readonly transactions: number;
  readonly rdbEnd: number | null;
  readonly rdbVersion: number | null;
  readonly rdbKeys: number;
  readonly rdbChecksum: FileResult['rdbChecksum'];
  /** What a cut at okUpTo loses, or null for a valid file. */
  readonly loss: FileLoss | null;
  /** Set for a file read out of a packed backup (offsets are in its uncompressed bytes); absent otherwise. */
  readonly packed?: PackedRef;
}

export interface CheckReport {
  readonly path: string;
  readonly kind: AofKind;
  readonly manifestPath: string | null;
  /** redis-server (aof-load-truncated no) would load this AOF. */
  readonly valid: boolean;
  readonly status: CheckStatus;
  readonly files: CheckedFile[];
  /** Manifest-level problems: manifest format, missing files. */
  readonly problems: AofProblem[];
  readonly warnings: number;
  readonly fix: FixPlan;
  /** Whose command table judged the commands: one server (--server), or every version aof knows. */
  readonly commandsJudgedBy: string;
}

export interface CheckOptions {
  onProgress?: OnProgress;
  /** Report commands unknown to Redis as warnings, not errors (for renamed commands). */
  allowUnknownCommands?: boolean;
  /**
   * Judge commands by one server's table (`redis-7.0`, `redis-8`, `valkey-9.0`, …): a command only other
   * versions have is that server's refusal. Default: any version the tables know.
   */
  server?: string;
  /**
   * Read a large file on two cores (the verdict is the same): the default splits files of 64 MiB and more
   * on a machine with two cores or more; false reads every file in one pass (check --jobs, whose paths already keep the cores busy).
   */
  split?: SplitOptions | false;
}

const SPLIT_DEFAULT: SplitOptions = { minBytes: CHECK_SPLIT_BYTES };

export async function checkAof(path: string, options: CheckOptions = {}): Promise<CheckReport> {
  const layout = await resolveAof(path, listingTo(options.onProgress));
  return checkLayout(layout, options);
}

export async function checkLayout(layout: AofLayout, options: CheckOptions = {}): Promise<CheckReport> {
  const judge = { allowUnknownCommands: options.allowUnknownCommands ?? false, target: commandTarget(options.server) };
  // No visitor reads arguments: the reader keeps only those the verdict reads.
  // A single core gains nothing from a second thread.
  const split = options.split === false ? undefined : (options.split ?? (availableParallelism() > 1 ? SPLIT_DEFAULT : undefined));
  const results = await walkAof(layout, {}, { judge, keepArgs: 0, onProgress: options.onProgress, split });
  const losses = await Promise.all(results.map((r) => lossOf(r, judge)));
  const files = results.map((r, i) => toCheckedFile(r, losses[i] ?? null));
  const problems = layout.problems;
  const warnings =
    problems.filter((p) => p.severity === 'warning').length + files.reduce((n, f) => n + f.problems.filter((p) => p.severity === 'warning').length, 0);
  return {
    path: layout.path,
    kind: layout.kind,
    manifestPath: layout.manifestPath,
    valid: loads(layout, results),
    status: aofStatus(layout, results),
    files,
    problems,
    warnings,
    fix: planFix(layout, results, losses),
    commandsJudgedBy: judge.target === null ? `any version aof knows (${knownServers()})` : judge.target.label,
  };
}

function toCheckedFile(r: FileResult, loss: FileLoss | null): CheckedFile {
  return {
    path: r.file.path,
    role: r.file.role,
    format: r.format,
    size: r.file.size,
    okUpTo: r.okUpTo,
    valid: r.error === null,
    problems: r.error ? [r.error, ...r.warnings] : r.warnings,
    commands: r.commands,
    annotations: r.annotations,
    transactions: r.transactions,
    rdbEnd: r.rdbEnd,
    rdbVersion: r.rdbVersion,
    rdbKeys: r.rdbKeys,
    rdbChecksum: r.rdbChecksum,
    loss,
    ...(r.file.packed && { packed: r.file.packed }),
  };
}
