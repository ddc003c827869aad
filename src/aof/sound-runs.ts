// Splits a file's RESP part into runs of sound commands and the damaged spans between them, for salvage.

import { open } from 'node:fs/promises';
import { openFileSource } from '../rdb/byte-source.js';
import { RespReader, type CommandFrame } from '../resp/index.js';
import { lowerName } from '../resp/index.js';
import { loadable, resyncAfter, type ResyncOptions } from './resync.js';

/** One complete command inside a run: where it lies, its lower-case name and (for SELECT) its argument. */
export interface RunCommand {
  readonly start: number;
  readonly end: number;
  readonly name: string;
  readonly arg1: Buffer | undefined;
}

export interface Run {
  readonly start: number;
  readonly end: number;
  /** True for the run that starts the RESP part: no damage before it. */
  readonly first: boolean;
  readonly commands: RunCommand[];
}

/** Bytes between two runs (or after the last one) that hold no sound command. */
export interface DamagedSpan {
  readonly start: number;
  readonly end: number;
  /** Lines starting with `*` in the span: about how many commands it held. */
  readonly commandsEstimate: number;
}

const READ_CHUNK = 1 << 20;

/** Feeds bytes [from, to) of a file to a reader, until it stops. */
async function feedRange(path: string, from: number, to: number, reader: RespReader): Promise<void> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(READ_CHUNK);
    for (let at = from; at < to && !reader.stopped;) {
      const { bytesRead } = await fh.read(buf, 0, Math.min(READ_CHUNK, to - at), at);
      if (bytesRead === 0) break;
      reader.feed(buf.subarray(0, bytesRead));
      at += bytesRead;
    }
  } finally {
    await fh.close();
  }
}

/** The complete commands of a run [start, end) (all of it is sound), with the names and SELECT arguments. */
async function commandsIn(path: string, start: number, end: number, size: number): Promise<RunCommand[]> {
  const out: RunCommand[] = [];
  const reader = new RespReader(
    {
      command(frame: CommandFrame) {
        if (frame.end > end) return;
        const name = frame.args[0];
        out.push({ start: frame.start, end: frame.end, name: name ? lowerName(name) : '', arg1: frame.args[1] ? Buffer.from(frame.args[1]) : undefined });
      },
      problem() {
        // A run holds only sound commands (it was found that way); nothing to do.
      },
    },
    { offset: start, size, keepArgs: 2 },
  );
  await feedRange(path, start, end, reader);
  return out;
}

/** Where the first run ends: the end of the last complete command before the first error (or the end). */
async function firstRunEnd(path: string, from: number, size: number, options: ResyncOptions): Promise<{ end: number; damageAt: number | null }> {
  let end = from;
  let damageAt: number | null = null;
  const reader = new RespReader(
    {
      command(frame) {
        if (!loadable(frame, options)) {
          damageAt = frame.start;
          reader.stop();
          return;
        }
        end = frame.end;
      },
      annotation(frame) {
        end = frame.end;
      },
      problem(p) {
        // As in resync: a warning means damage here (Redis writes canonical RESP), though the loader reads on.
        if (p.severity === 'error' || p.code !== 'annotation-unterminated') {
          damageAt = p.frameStart;
          reader.stop();
        }
      },
    },
    { offset: from, size, keepArgs: 2 },
  );
  await feedRange(path, from, size, reader);
  if (!reader.stopped) reader.end();
  return { end, damageAt };
}

/** Counts lines that start with `*` in [start, end): what a damaged span likely held. */
async function starLines(path: string, start: number, end: number): Promise<number> {
  if (end <= start) return 0;
  const fh = await open(path, 'r');
  try {
    let n = 0;
    let prev = 0x0a;
    const buf = Buffer.allocUnsafe(READ_CHUNK);
    for (let at = start; at < end;) {
      const { bytesRead } = await fh.read(buf, 0, Math.min(READ_CHUNK, end - at), at);
      if (bytesRead === 0) break;
      for (let i = 0; i < bytesRead; i++) {
        if (buf[i] === 0x2a && prev === 0x0a) n++;
        prev = buf[i]!;
      }
      at += bytesRead;
    }
    return n;
  } finally {
    await fh.close();
  }
}

/**
 * The runs of sound commands in [from, size) of `path` and the damaged spans between them: the first run
 * is read as the loader reads (up to the first error), the later ones are found by resynchronising.
 */
export async function soundRuns(path: string, from: number, size: number, options: ResyncOptions = {}): Promise<{ runs: Run[]; damaged: DamagedSpan[] }> {
  const runs: Run[] = [];
  const damaged: DamagedSpan[] = [];
  const head = await firstRunEnd(path, from, size, options);
  if (head.end > from) runs.push({ start: from, end: head.end, first: true, commands: await commandsIn(path, from, head.end, size) });
  if (head.damageAt === null) return { runs, damaged };
  const source = openFileSource(path);
  const rest = await resyncAfter(source, head.damageAt + 1, options).finally(() => {
    source.close();
  });
  let gapStart = head.end;
  for (const r of rest.runs) {
    damaged.push({ start: gapStart, end: r.start, commandsEstimate: await starLines(path, gapStart, r.start) });
    runs.push({ start: r.start, end: r.end, first: false, commands: await commandsIn(path, r.start, r.end, size) });
    gapStart = r.end;
  }
  if (gapStart < size) damaged.push({ start: gapStart, end: size, commandsEstimate: await starLines(path, gapStart, size) });
  return { runs, damaged };
}
