// What a truncating fix may do with an AOF, decided from the files' verdicts: cut the last file, or refuse.

import { aofCommand } from '../hint.js';
import { loadedFiles, packedRefusal, type AofLayout } from '../layout.js';
import type { ProblemKind } from '../problem.js';
import type { FileResult } from './file-verdict.js';
import { insideRdbSection, type FileLoss } from './loss.js';

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
 * A truncating fix may cut only the last file the server loads, never inside an RDB section, never what it
 * cannot read, never a file down to nothing. `losses` are the files' losses, in the order of `results`.
 */
export function planFix(layout: AofLayout, results: FileResult[], losses: (FileLoss | null)[]): FixPlan {
  const manifestError = layout.problems.find((p) => p.severity === 'error');
  if (manifestError?.code === 'archive-damaged') return { action: 'refused', file: manifestError.file, reason: manifestError.message };
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
  if (error.code === 'command-newer') {
    return {
      action: 'refused',
      file: bad.file.path,
      reason: `${bad.file.name} holds, from offset ${error.offset ?? 'unknown'}, a command the --server named lacks (${error.message.replace(/:.*$/s, '')}): that is not damage, and cutting it would lose data; load the file with a server that has it, or check without --server`,
    };
  }
  if (error.kind === 'unsupported') {
    return {
      action: 'refused',
      file: bad.file.path,
      reason: `aof cannot fully read ${bad.file.name} (${error.message.replace(/:.*$/s, '')}), and it never changes a file it could not read to the end: use the check tool of the server that wrote it`,
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
  if (insideRdbSection(bad)) {
    return {
      action: 'refused',
      file: bad.file.path,
      reason: `the damage is inside the RDB section of ${bad.file.name} (offset ${error.offset ?? 'unknown'}), which truncation cannot repair: restore that file from a backup (${aofCommand(`inspect ${layout.path}`)} lists the keys read before the damage)`,
    };
  }
  if (bad.okUpTo === 0 && error.kind === 'corrupt' && !bad.shortRead && bad.commands === 0 && !bad.file.rdb) {
    return {
      action: 'refused',
      file: bad.file.path,
      reason: `not one command of ${bad.file.name} could be read before the damage at offset ${error.offset ?? 'unknown'}: a fix would empty the file, which keeps nothing. Restore it from a backup, or move it aside if it is not needed`,
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
  // After the refusals above, which say what is wrong with the data whatever holds it.
  const packed = packedRefusal(layout);
  if (packed !== null) return { action: 'refused', file: bad.file.path, reason: `${packed} (cut ${bad.file.name} at offset ${bad.okUpTo})` };
  const loss = losses[index] ?? { commands: bad.transactionCommands, approximate: false };
  return {
    action: 'truncate',
    file: bad.file.path,
    from: bad.file.size ?? 0,
    to: bad.okUpTo,
    droppedCommands: loss.commands,
    transactionCommands: bad.transactionCommands,
    approximate: loss.approximate,
    dropsPartial: error.code !== 'multi-unterminated',
    kind: error.kind ?? 'corrupt',
  };
}
