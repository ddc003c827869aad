// `check`: validates an AOF the way redis-server loads it and reports where it is sound up to.

import { checkCommand, hasSubcommands, type CommandVerdict } from '../aof/command-table.js';
import { loadedFiles, resolveAof, type AofFile, type AofKind, type AofLayout } from '../aof/layout.js';
import type { AofProblem, ProblemKind } from '../aof/problem.js';
import { resyncAfter } from '../aof/resync.js';
import { describeForeign, isZeroFilled } from '../aof/sniff.js';
import { walkAof, type FileFormat, type FileResult, type WalkPosition } from '../aof/walk.js';
import type { CommandFrame } from '../resp/index.js';
import { open } from 'node:fs/promises';

/** What a cut at okUpTo loses from one file. */
export interface FileLoss {
  /** Bytes from okUpTo to the end of the file. */
  readonly bytes: number;
  /**
   * Complete commands among them: those of a transaction the cut rolls back, plus the sound commands found
   * after the damage by resynchronising on the records that follow it.
   */
  readonly commands: number;
  /** True when `commands` is an estimate (damage mid-file: where records start again is inferred). */
  readonly approximate: boolean;
}

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
}

/** What a truncating fix would do, or why it cannot help. */
export type FixPlan =
  | { readonly action: 'none' }
  | {
      readonly action: 'truncate';
      readonly file: string;
      readonly from: number;
      readonly to: number;
      /** Complete commands cut with the tail: an unfinished transaction's and any after mid-file damage. */
      readonly droppedCommands: number;
      /** Of those, the complete commands of the unfinished transaction the cut rolls back. */
      readonly transactionCommands: number;
      /** True when droppedCommands is an estimate (mid-file damage: counted by resynchronising). */
      readonly approximate: boolean;
      /** True when the cut also drops an incomplete or damaged command. */
      readonly dropsPartial: boolean;
      /**
       * `truncated`: only a cut-off tail goes (what aof-load-truncated yes would cut). `corrupt`: the
       * damage is mid-file, so every command after it goes too.
       */
      readonly kind: ProblemKind;
    }
  | { readonly action: 'refused'; readonly file: string | null; readonly reason: string };

/**
 * The verdict in one word: `valid` (loads), `empty` (an empty appendonlydir: the server starts on it with no
 * data), `truncated` (only the last file's tail is cut: aof-load-truncated yes, the default, loads it by
 * cutting it; no refuses), `invalid` (refused), `unsupported` (written by a server newer than aof knows),
 * `not-aof` (not an AOF or RDB at all).
 */
export type CheckStatus = 'valid' | 'empty' | 'truncated' | 'invalid' | 'unsupported' | 'not-aof';

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
  const judged = await Promise.all(results.map((r) => notAnAof(r)));
  const losses = await Promise.all(judged.map((r) => lossOf(r, options)));
  const files = judged.map((r, i) =>
    toCheckedFile(r.file === last ? r : notLastFile(r), extra.get(r.file.path) ?? [], suppressed.get(r.file.path) ?? 0, losses[i] ?? null),
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
    status: statusOf(layout, files, valid),
    files,
    problems,
    warnings,
    fix: planFix(layout, judged, files),
  };
}

function statusOf(layout: AofLayout, files: CheckedFile[], valid: boolean): CheckStatus {
  if (valid) return layout.kind === 'multi-part' && layout.manifest === null ? 'empty' : 'valid';
  const errors = [...layout.problems, ...files.flatMap((f) => f.problems)].filter((p) => p.severity === 'error');
  if (errors.some((p) => p.kind === 'unsupported')) return 'unsupported';
  if (files.length === 1 && errors[0]?.code === 'not-an-aof') return 'not-aof';
  const lastFile = files.at(-1);
  const onlyCutTail = errors.length === 1 && errors[0]?.kind === 'truncated' && errors[0].file === lastFile?.path;
  return onlyCutTail ? 'truncated' : 'invalid';
}

/** Bytes sniffed to tell a foreign file from an AOF. */
const SNIFF_BYTES = 4096;

/**
 * A file that starts with neither `*`, `#` nor an RDB magic is not an AOF at all (a binary, an image, a
 * text): the server refuses it like any bad file, but nothing in it is an AOF to repair, so it gets its own
 * problem, which no fix acts on. A zero-filled start is an AOF whose blocks a crash lost: that stays damage.
 */
async function notAnAof(r: FileResult): Promise<FileResult> {
  const e = r.error;
  if (r.file.rdb || e === null || e.code !== 'bad-prefix' || e.offset !== 0) return r;
  const fh = await open(r.file.path, 'r');
  let head: Buffer;
  try {
    const buf = Buffer.alloc(SNIFF_BYTES);
    head = buf.subarray(0, (await fh.read(buf, 0, SNIFF_BYTES, 0)).bytesRead);
  } finally {
    await fh.close();
  }
  if (isZeroFilled(head)) return r;
  const message =
    `${r.file.name} does not start like an AOF or an RDB file: it looks like ${describeForeign(head)}. redis-server ` +
    'refuses it ("Bad file format"); aof will not change it. Check that the path names the AOF';
  return { ...r, format: 'unknown', error: { ...e, code: 'not-an-aof', message } };
}

/** The loss a cut at okUpTo means; past mid-file damage the sound commands are found by resynchronising. */
async function lossOf(r: FileResult, options: CheckOptions): Promise<FileLoss | null> {
  const e = r.error;
  if (e === null || e.kind === 'unsupported' || e.code === 'not-an-aof') return null;
  const size = r.file.size ?? 0;
  const inRdb = r.file.rdb && (r.rdbEnd === null || (e.offset ?? 0) < r.rdbEnd);
  if (inRdb) return { bytes: size - r.okUpTo, commands: 0, approximate: true };
  const from = (e.offset ?? size) + 1;
  const after = e.code === 'multi-unterminated' || from >= size ? null : await resyncAfter(r.file.path, from, { allowUnknownCommands: options.allowUnknownCommands ?? false });
  const found = after?.commands ?? 0;
  return {
    bytes: size - r.okUpTo,
    commands: r.droppedCommands + found,
    approximate: found > 0 || (after !== null && !after.complete),
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

function toCheckedFile(r: FileResult, commandWarnings: AofProblem[], suppressed: number, loss: FileLoss | null): CheckedFile {
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
    loss,
  };
}

/** A truncating fix may cut only the last file the server loads, never inside an RDB section, never what it cannot read. */
function planFix(layout: AofLayout, results: FileResult[], files: CheckedFile[]): FixPlan {
  const manifestError = layout.problems.find((p) => p.severity === 'error');
  if (manifestError) {
    return {
      action: 'refused',
      file: manifestError.file,
      reason: `${manifestError.message}. Truncating a file cannot repair this: correct the manifest (or restore the missing file) by hand.`,
    };
  }
  const index = results.findIndex((r) => r.error !== null);
  const bad = results[index];
  if (bad === undefined || bad.error === null) return { action: 'none' };
  const error = bad.error;
  const checked = files[index];
  if (error.kind === 'unsupported') {
    return {
      action: 'refused',
      file: bad.file.path,
      reason: `aof cannot fully read ${bad.file.name} (${error.message.split(':')[0]}), and it never changes a file it could not read to the end: use the check tool of the server that wrote it`,
    };
  }
  if (error.code === 'not-an-aof') {
    return {
      action: 'refused',
      file: bad.file.path,
      reason: `${bad.file.name} is not an AOF, so there is nothing to repair in it: name the AOF itself (an appendonly.aof, a manifest, or the appendonlydir)`,
    };
  }
  const loaded = loadedFiles(layout);
  const last = loaded[loaded.length - 1];
  if (bad.file.rdb && (bad.rdbEnd === null || (error.offset ?? 0) < bad.rdbEnd)) {
    return {
      action: 'refused',
      file: bad.file.path,
      reason: `the damage is inside the RDB section of ${bad.file.name} (offset ${error.offset}), which truncation cannot repair: restore that file from a backup (\`aof inspect\` lists the keys read before the damage)`,
    };
  }
  if (bad.okUpTo === 0 && error.kind === 'corrupt' && bad.commands === 0 && !bad.file.rdb) {
    return {
      action: 'refused',
      file: bad.file.path,
      reason: `not one command of ${bad.file.name} could be read before the damage at offset ${error.offset}: a fix would empty the file, which keeps nothing. Restore it from a backup, or move it aside if it is not needed`,
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
  const loss = checked?.loss ?? { commands: bad.droppedCommands, approximate: false };
  return {
    action: 'truncate',
    file: bad.file.path,
    from: bad.file.size ?? 0,
    to: bad.okUpTo,
    droppedCommands: loss.commands,
    transactionCommands: bad.droppedCommands,
    approximate: loss.approximate,
    dropsPartial: error.code !== 'multi-unterminated',
    kind: error.kind ?? 'corrupt',
  };
}
