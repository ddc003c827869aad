// `filter`: a loadable AOF holding what cat's selection keeps, minus what the exclusions name (undo a FLUSHALL).

import { aofCommand } from '../aof/hint.js';
import { writeDirAtomically } from '../aof/io/atomic-dir.js';
import { writeFileAtomically } from '../aof/io/atomic-replace.js';
import type { CheckedSink } from '../aof/io/file-sink.js';
import { copyRange } from '../aof/io/copy-range.js';
import { loadedFiles, packedRefusal, resolveAof, UnreadablePathError } from '../aof/layout.js';
import { RespWriter } from '../resp/index.js';
import { catAof, type CatCommand, type CatOptions, type CatResult } from './cat/cat.js';
import { checkLayout } from './check.js';

export interface FilterOptions extends Omit<CatOptions, 'log' | 'skipRdb' | 'rdbOnly'> {
  readonly format: 'resp' | 'multi-part';
  readonly replace?: boolean;
  readonly aofName?: string;
}

export interface FilterReport {
  readonly input: string;
  readonly output: string;
  readonly format: FilterOptions['format'];
  /** Commands read (RDB keys count as the commands that rebuild them) and written. */
  readonly scanned: number;
  /** SELECT, MULTI and EXEC frames of the input: written again only where the output needs them. */
  readonly structural: number;
  readonly kept: number;
  /** Left out by the selection options (--db, --command, --key, --from, --to). */
  readonly notSelected: number;
  /** Left out by the exclusions, by reason. */
  readonly excluded: CatResult['excluded'];
  /** `copied`: the RDB base or preamble went out byte for byte (no filter touched its keys); `rewritten`: as commands. */
  readonly rdb: 'copied' | 'rewritten' | null;
  readonly warnings: string[];
  readonly files: string[];
}

/** Commands whose removal leaves later commands, written against the emptied or swapped keys, as they are. */
const KEYSPACE_WIDE = new Set(['flushall', 'flushdb', 'swapdb']);

/** Writes the selection of INPUT (as a valid AOF) into OUTPUT; INPUT is only read. The AOF must be sound. */
export async function filterAof(input: string, output: string, options: FilterOptions): Promise<FilterReport> {
  const layout = await resolveAof(input);
  const packed = packedRefusal(layout);
  if (packed !== null) throw new UnreadablePathError(input, packed);
  const check = await checkLayout(layout);
  if (!check.valid && check.status !== 'truncated') {
    const first = [...check.problems, ...check.files.flatMap((f) => f.problems)].find((p) => p.severity === 'error');
    throw new FilterInputError(
      `${first?.file ?? input}: ${first?.message ?? 'not a valid AOF'} (at offset ${first?.offset ?? '?'}): filter reads sound AOFs; run ${aofCommand('salvage')} first`,
    );
  }
  // The RDB base or preamble goes out byte for byte when the filter keeps every one of its keys.
  const first = loadedFiles(layout)[0];
  const rdbEnd = check.files[0]?.rdbEnd ?? null;
  let copyRdb = false;
  if (first?.rdb && rdbEnd !== null) {
    // The filter keeps every command the RDB section's keys rebuild into: the section goes out as it is.
    const probe = await catAof(input, { ...options, log: false, rdbOnly: true }, { command: () => undefined });
    copyRdb = probe.rdb.kept === probe.rdb.rebuilt;
  }
  const warnings = (options.exclude?.commands ?? [])
    .filter((c) => KEYSPACE_WIDE.has(c))
    .map(
      (c) =>
        `${c.toUpperCase()} left out: the keys it deleted or moved keep their values, and the commands written after it that ` +
        'read or extended those keys (INCR, APPEND, LPUSH, …) are kept as written — they acted on the emptied keys',
    );
  let result: CatResult | undefined;
  const writeSelection = async (sink: CheckedSink) => {
    const writer = new RespWriter(sink);
    result = await catAof(
      input,
      { ...options, log: true, skipRdb: copyRdb },
      {
        command: (c: CatCommand) => {
          writer.command(c.args);
        },
        timestamp: (ts: number) => {
          writer.ascii(`#TS:${ts}\r\n`);
        },
        pause: () => writer.pace(),
      },
    );
    await writer.flush();
  };
  const replace = options.replace ?? false;
  const files: string[] = [];
  if (options.format === 'resp') {
    await writeFileAtomically(
      output,
      async (sink) => {
        if (copyRdb && first && rdbEnd !== null) await copyRange(first.path, 0, rdbEnd, sink);
        await writeSelection(sink);
      },
      { replace },
    );
    files.push(output);
  } else {
    const name = options.aofName ?? 'appendonly.aof';
    const baseName = copyRdb ? `${name}.1.base.rdb` : `${name}.1.base.aof`;
    const incrName = `${name}.1.incr.aof`;
    await writeDirAtomically(
      output,
      async (add) => {
        if (copyRdb && first && rdbEnd !== null) {
          await add(baseName, (sink) => copyRange(first.path, 0, rdbEnd, sink));
          await add(incrName, writeSelection);
        } else {
          await add(baseName, writeSelection);
          await add(incrName, () => Promise.resolve());
        }
        await add(`${name}.manifest`, (sink) => sink.write(Buffer.from(`file ${baseName} seq 1 type b\nfile ${incrName} seq 1 type i\n`)));
      },
      { replace },
    );
    files.push(`${output}/${baseName}`, `${output}/${incrName}`, `${output}/${name}.manifest`);
  }
  const r = result!;
  const excludedTotal = r.excluded.command + r.excluded.key + r.excluded.db;
  return {
    input,
    output,
    format: options.format,
    scanned: r.scanned,
    structural: r.structural,
    kept: r.selected,
    notSelected: r.scanned - r.selected - excludedTotal - r.structural,
    excluded: r.excluded,
    rdb: first?.rdb ? (copyRdb ? 'copied' : 'rewritten') : null,
    warnings,
    files,
  };
}

/** The input is damaged: filter refuses (salvage first). */
export class FilterInputError extends Error {}
