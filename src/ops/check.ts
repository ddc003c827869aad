// `check`: validates an AOF the way redis-server loads it and reports where it is sound up to.

import { checkCommand, hasSubcommands, type CommandVerdict } from '../aof/command-table.js';
import { loadedFiles, resolveAof, type AofFile, type AofKind, type AofLayout } from '../aof/layout.js';
import type { AofProblem, ProblemKind } from '../aof/problem.js';
import { walkAof, type FileFormat, type FileResult, type WalkPosition } from '../aof/walk.js';
import type { CommandFrame } from '../resp/index.js';

export interface CheckedFile {
  readonly path: string;
  readonly role: AofFile['role'];
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
}

/** What a truncating fix would do, or why it cannot help. */
export type FixPlan =
  | { readonly action: 'none' }
  | {
      readonly action: 'truncate';
      readonly file: string;
      readonly from: number;
      readonly to: number;
      /** Complete commands cut with the tail (those of an unfinished transaction). */
      readonly droppedCommands: number;
      /** True when the cut also drops an incomplete or damaged command. */
      readonly dropsPartial: boolean;
      /**
       * `truncated`: only a cut-off tail goes (what aof-load-truncated yes would cut). `corrupt`: the
       * damage is mid-file, so every command after it goes too.
       */
      readonly kind: ProblemKind;
    }
  | { readonly action: 'refused'; readonly file: string | null; readonly reason: string };

export interface CheckReport {
  readonly path: string;
  readonly kind: AofKind;
  readonly manifestPath: string | null;
  /** redis-server (aof-load-truncated no) would load this AOF. */
  readonly valid: boolean;
  readonly files: CheckedFile[];
  /** Manifest-level problems: manifest format, missing files. */
  readonly problems: AofProblem[];
  readonly warnings: number;
  readonly fix: FixPlan;
}

export interface CheckOptions {
  onProgress?: (done: number, total: number) => void;
  /** Report commands unknown to Redis as warnings, not errors (for module or renamed commands). */
  allowUnknownCommands?: boolean;
}

/**
 * What redis-server does with a command it cannot run: it refuses a file with an unknown command and
 * crashes on one with too few arguments (the loader checks neither arity nor flags). More arguments than
 * a command takes only earn a warning: the command logs an error or ignores them.
 */
function judgeCommand(v: CommandVerdict, frame: CommandFrame, at: WalkPosition, allowUnknown: boolean): AofProblem | null {
  if (v.status === 'ok') return null;
  const base = { file: at.file.path, offset: frame.start, line: frame.line };
  if (v.status === 'arity') {
    return v.short
      ? {
          ...base,
          severity: 'error',
          code: 'command-arity',
          kind: 'corrupt',
          message: `'${v.name}' with ${frame.argc} argument(s), fewer than it needs (arity ${v.arity}): redis-server does not check arity while loading and crashes on it (7.0.15: SIGSEGV)`,
        }
      : {
          ...base,
          severity: 'warning',
          code: 'command-arity',
          message: `'${v.name}' with more arguments than it takes (arity ${v.arity}): redis-server does not check arity while loading; the command fails or ignores them`,
        };
  }
  const what = v.status === 'unknown' ? `'${v.name}'` : `'${v.name} ${v.sub}'`;
  return allowUnknown
    ? {
        ...base,
        severity: 'warning',
        code: 'command-unknown',
        message: `${what} is not a Redis command (allowed by --allow-unknown-commands): redis-server loads the file only if a module or rename-command provides it`,
      }
    : {
        ...base,
        severity: 'error',
        code: 'command-unknown',
        kind: 'corrupt',
        message: `${what} is not a Redis command: redis-server refuses to load the file ("Unknown command"). If a module or rename-command provides it, check again with --allow-unknown-commands`,
      };
}

/** How many warnings of one code are kept per file: the count is still reported. */
const WARNINGS_KEPT = 20;

export async function checkAof(path: string, options: CheckOptions = {}): Promise<CheckReport> {
  const layout = await resolveAof(path);
  return checkLayout(layout, options);
}

export async function checkLayout(layout: AofLayout, options: CheckOptions = {}): Promise<CheckReport> {
  const extra = new Map<string, AofProblem[]>();
  const suppressed = new Map<string, number>();
  const results = await walkAof(
    layout,
    {},
    {
      keepArgs: (name) => (hasSubcommands(name) ? 2 : 0),
      validate(frame, at) {
        const p = judgeCommand(checkCommand(at.name, frame.args, frame.argc), frame, at, options.allowUnknownCommands ?? false);
        if (p === null || p.severity === 'error') return p;
        const list = extra.get(at.file.path) ?? [];
        extra.set(at.file.path, list);
        if (list.filter((w) => w.code === p.code).length < WARNINGS_KEPT) list.push(p);
        else suppressed.set(at.file.path, (suppressed.get(at.file.path) ?? 0) + 1);
        return null;
      },
      onProgress: options.onProgress,
    },
  );
  const last = loadedFiles(layout).at(-1);
  const files = results.map((r) =>
    toCheckedFile(r.file === last ? r : notLastFile(r), extra.get(r.file.path) ?? [], suppressed.get(r.file.path) ?? 0),
  );
  const problems = layout.problems;
  const valid = problems.every((p) => p.severity !== 'error') && files.every((f) => f.valid);
  const warnings =
    problems.filter((p) => p.severity === 'warning').length +
    files.reduce((n, f) => n + f.problems.filter((p) => p.severity === 'warning').length, 0);
  return {
    path: layout.path,
    kind: layout.kind,
    manifestPath: layout.manifestPath,
    valid,
    files,
    problems,
    warnings,
    fix: planFix(layout, results),
  };
}

/**
 * A truncated file that is not the last one is fatal even with aof-load-truncated yes: the server cuts it
 * on disk, then exits ("the truncated file is not the last file", loadAppendOnlyFiles), so it is corrupt.
 */
function notLastFile(r: FileResult): FileResult {
  if (r.error?.kind !== 'truncated') return r;
  const message =
    `${r.error.message}. This is not the last file of the AOF: redis-server refuses it even with aof-load-truncated yes ` +
    '("the truncated file is not the last file"), after cutting it on disk';
  return { ...r, error: { ...r.error, kind: 'corrupt', message } };
}

function toCheckedFile(r: FileResult, commandWarnings: AofProblem[], suppressed: number): CheckedFile {
  const warnings = [...r.warnings, ...commandWarnings].sort((a, b) => (a.offset ?? 0) - (b.offset ?? 0));
  if (suppressed > 0) {
    warnings.push({
      severity: 'warning',
      code: 'more-warnings',
      file: r.file.path,
      offset: null,
      line: null,
      message: `${suppressed} more command warnings like the above were not listed`,
    });
  }
  return {
    path: r.file.path,
    role: r.file.role,
    format: r.format,
    size: r.file.size,
    okUpTo: r.okUpTo,
    valid: r.error === null,
    problems: r.error ? [r.error, ...warnings] : warnings,
    commands: r.commands,
    annotations: r.annotations,
    transactions: r.transactions,
    rdbEnd: r.rdbEnd,
    rdbVersion: r.rdbVersion,
    rdbKeys: r.rdbKeys,
    rdbChecksum: r.rdbChecksum,
  };
}

/** A truncating fix may cut only the last file the server loads, and never inside an RDB section. */
function planFix(layout: AofLayout, results: FileResult[]): FixPlan {
  const manifestError = layout.problems.find((p) => p.severity === 'error');
  if (manifestError) {
    return {
      action: 'refused',
      file: manifestError.file,
      reason: `${manifestError.message}. Truncating a file cannot repair this: correct the manifest (or restore the missing file) by hand.`,
    };
  }
  const bad = results.find((r) => r.error !== null);
  if (!bad) return { action: 'none' };
  const loaded = loadedFiles(layout);
  const last = loaded[loaded.length - 1];
  const error = bad.error!;
  if (bad.file.rdb && (bad.rdbEnd === null || error.offset! < bad.rdbEnd)) {
    return {
      action: 'refused',
      file: bad.file.path,
      reason: `the damage is inside the RDB section of ${bad.file.name} (offset ${error.offset}), which truncation cannot repair: restore that file from a backup (\`aof inspect\` lists the keys read before the damage)`,
    };
  }
  if (bad.file !== last) {
    const later = loaded.slice(loaded.indexOf(bad.file) + 1);
    const laterBytes = later.reduce((n, f) => n + (f.size ?? 0), 0);
    return {
      action: 'refused',
      file: bad.file.path,
      reason:
        `${bad.file.name} is not the last file of the AOF: cutting it at offset ${bad.okUpTo} would lose ` +
        `${(bad.file.size ?? 0) - bad.okUpTo} bytes of it and leave ${later.length} later file(s) ` +
        `(${later.map((f) => f.name).join(', ')}, ${laterBytes} bytes) to be replayed on a dataset missing those writes. ` +
        'redis-check-aof refuses this too. If you accept the loss: cut the file, delete the later files and their lines from the manifest by hand, then check again.',
    };
  }
  return {
    action: 'truncate',
    file: bad.file.path,
    from: bad.file.size ?? 0,
    to: bad.okUpTo,
    droppedCommands: bad.droppedCommands,
    dropsPartial: error.code !== 'multi-unterminated',
    kind: error.kind ?? 'corrupt',
  };
}
