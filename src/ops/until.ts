// Point-in-time recovery across a whole (multi-part) AOF: keep exactly what had been written at a moment.

import { aofCommand } from '../aof/hint.js';
import { readFile, rename } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { writeFileAtomically } from '../aof/io/atomic-replace.js';
import { prepareCut, restoreCommand, type CutOutcome } from '../aof/io/cut-in-place.js';
import { syncDirectory } from '../aof/io/sync-directory.js';
import { loadedFiles, packedRefusal, resolveAof, type AofFile, type AofLayout } from '../aof/layout.js';
import { walkAof } from '../aof/walk.js';
import type { CatBound } from './cat/cat.js';
import { parseTimestampAnnotation } from '../aof/timestamp.js';

export type UntilTarget = Extract<CatBound, { kind: 'time' }> | Extract<CatBound, { kind: 'offset' }>;

export type UntilPlan =
  | { readonly action: 'none'; readonly reason: string }
  | { readonly action: 'refused'; readonly reason: string }
  | {
      readonly action: 'cut';
      readonly layout: AofLayout;
      /** The file cut, its size and the offset it keeps up to. */
      readonly file: AofFile;
      readonly from: number;
      readonly to: number;
      /** Incr files after it: dropped from the manifest and renamed aside (kept as backups). */
      readonly dropFiles: AofFile[];
      /** Complete commands after the cut: in the cut file and in the dropped files. */
      readonly droppedCommands: number;
      /** The time of the last kept #TS span (null without annotations), for the report. */
      readonly lastKeptTs: number | null;
    };

interface Position {
  readonly file: number;
  readonly offset: number;
}

/** Where the AOF must end to hold what had been written at the target, from one walk over it. */
export async function planUntil(path: string, target: UntilTarget): Promise<UntilPlan> {
  const layout = await resolveAof(path);
  const packed = packedRefusal(layout);
  if (packed !== null) return { action: 'refused', reason: packed };
  const manifestError = layout.problems.find((p) => p.severity === 'error');
  if (manifestError !== undefined) {
    return { action: 'refused', reason: `the manifest has a problem (${manifestError.message}): repair it first (${aofCommand(`check ${path}`)})` };
  }
  const files = loadedFiles(layout).filter((f) => f.size !== null);
  const index = new Map(files.map((f, i) => [f, i]));
  // Commands per file, and after the cut (counted once the cut is known: per file, commands past an offset).
  const commandStarts: number[][] = files.map(() => []);
  let cut: Position | null = null;
  let cutTs: number | null = null;
  let lastKeptTs: number | null = null;
  let annotations = 0;
  let multiAt: Position | null = null;
  const boundaries: Set<number>[] = files.map(() => new Set<number>());
  const results = await walkAof(
    layout,
    {
      annotation(frame, at) {
        const i = index.get(at.file)!;
        boundaries[i]!.add(frame.start);
        const ts = parseTimestampAnnotation(frame.text);
        if (ts === null) return;
        annotations++;
        if (cut === null && target.kind === 'time') {
          if (ts > target.ts) {
            // Never inside a transaction: a #TS between MULTI and EXEC moves the cut back to the MULTI.
            cut = multiAt !== null && multiAt.file === i ? multiAt : { file: i, offset: frame.start };
            cutTs = ts;
          } else lastKeptTs = ts;
        }
      },
      command(frame, at) {
        const i = index.get(at.file)!;
        boundaries[i]!.add(frame.start);
        commandStarts[i]!.push(frame.start);
        if (at.name === 'multi') multiAt = { file: i, offset: frame.start };
        else if (at.name === 'exec') multiAt = null;
      },
      fileStart() {
        multiAt = null;
      },
    },
    { keepArgs: 0 },
  );
  const damaged = results.find((r) => r.error !== null);
  if (target.kind === 'offset') {
    const i = target.file === null ? (files.length === 1 ? 0 : -1) : files.findIndex((f) => f.name === target.file);
    if (i < 0) return { action: 'refused', reason: `name the file: --until-offset FILE:OFFSET, FILE one of ${files.map((f) => f.name).join(', ')}` };
    const f = files[i]!;
    if (target.offset !== f.size && !boundaries[i]!.has(target.offset)) {
      return {
        action: 'refused',
        reason: `offset ${target.offset} of ${f.name} is not where a command or annotation starts (${aofCommand(`cat ${path} --show file,offset`)} lists them)`,
      };
    }
    cut = { file: i, offset: target.offset };
  } else if (annotations === 0) {
    return {
      action: 'refused',
      reason: `this AOF has no #TS annotations (aof-timestamp-enabled was off), so times cannot be placed: cut at a command instead with --until-offset FILE:OFFSET (${aofCommand(`cat ${path} --show file,offset,time`)} lists them)`,
    };
  }
  // An RDB base records when it was written (aux ctime): a base newer than the time holds later writes.
  const ctime = results[0]?.aux.get('ctime');
  const baseTime = ctime === undefined ? null : Number(ctime.toString('latin1'));
  if (target.kind === 'time' && baseTime !== null && Number.isFinite(baseTime) && baseTime > target.ts) {
    return {
      action: 'refused',
      reason: `the base ${files[0]?.name ?? 'file'} was written at ${new Date(baseTime * 1000).toISOString()}, after that time: the AOF holds no state that old (the base replaced it); restore an older backup`,
    };
  }
  if (cut === null) return { action: 'none', reason: 'everything in the AOF was written at or before that time' };
  const c = cut;
  if (damaged && (index.get(damaged.file)! < c.file || (index.get(damaged.file) === c.file && damaged.okUpTo < c.offset))) {
    return {
      action: 'refused',
      reason: `${damaged.file.name} is damaged at offset ${damaged.error?.offset ?? 'unknown'} (before the cut): repair it first (${aofCommand(`check ${path}`)})`,
    };
  }
  const file = files[c.file]!;
  if (file.rdb && (results[c.file]?.rdbEnd ?? 0) > c.offset) {
    return {
      action: 'refused',
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- set by the walk's callback: TypeScript does not see a closure's writes
      reason: `${file.name} (written at ${cutTs === null ? 'a later time' : new Date(cutTs * 1000).toISOString()}) is newer than the time asked: the AOF holds no state that old; restore an older backup`,
    };
  }
  if (file.role === 'base') {
    return {
      action: 'refused',
      reason: `the base ${file.name} was written after that time: the AOF holds no state that old (the base replaced it); restore an older backup`,
    };
  }
  const dropFiles = files.slice(c.file + 1);
  const droppedCommands = commandStarts[c.file]!.filter((s) => s >= c.offset).length + dropFiles.reduce((n, f) => n + commandStarts[index.get(f)!]!.length, 0);
  return { action: 'cut', layout, file, from: file.size ?? 0, to: c.offset, dropFiles, droppedCommands, lastKeptTs };
}

export interface UntilOutcome {
  readonly cut: CutOutcome;
  /** Dropped incr files and the names they were kept under. */
  readonly renamed: { readonly from: string; readonly to: string }[];
  /** The manifest rewritten without them, or null when none were dropped. */
  readonly manifest: string | null;
  readonly undo: string | null;
}

/**
 * Applies a cut plan in the order that keeps every moment loadable: the cut bytes are saved first (nothing
 * changed if that fails), then the manifest is replaced without the dropped files (temp, fsync, rename,
 * directory fsync, owner and mode kept), then the dropped files are renamed aside (so a restarted server,
 * numbering its next incr file after the manifest's last, never appends to one of them), then the cut.
 */
export async function applyUntil(plan: Extract<UntilPlan, { action: 'cut' }>, options: { backupDir?: string | null; now?: Date } = {}): Promise<UntilOutcome> {
  const now = options.now ?? new Date();
  const prepared = await prepareCut({ file: plan.file.path, expectedSize: plan.from, to: plan.to, backupDir: options.backupDir, now });
  let manifest: string | null = null;
  const renamed: UntilOutcome['renamed'] = [];
  try {
    const manifestPath = plan.layout.manifestPath;
    if (plan.dropFiles.length > 0 && manifestPath !== null && plan.layout.manifest !== null) {
      const drop = new Set(plan.layout.manifest.incrs.filter((e) => plan.dropFiles.some((f) => f.name === e.name)).map((e) => e.line));
      const lines = (await readFile(manifestPath)).toString('latin1').split(/(?<=\n)/);
      const kept = lines.filter((_, i) => !drop.has(i + 1)).join('');
      await writeFileAtomically(manifestPath, (sink) => sink.write(Buffer.from(kept, 'latin1')));
      manifest = manifestPath;
    }
  } catch (e) {
    await prepared.abort();
    throw e;
  }
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  for (const f of plan.dropFiles) {
    const to = join(dirname(f.path), `${basename(f.path)}.until-${stamp}.dropped`);
    await rename(f.path, to);
    renamed.push({ from: f.path, to });
  }
  if (renamed.length > 0) await syncDirectory(dirname(plan.file.path));
  const cut = await prepared.commit();
  const undo = cut.backup === null ? null : restoreCommand(cut.backup, cut.target, cut.to);
  return { cut, renamed, manifest, undo };
}
