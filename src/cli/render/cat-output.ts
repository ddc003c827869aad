// cat's output: small commands batched into blocks; a huge one streamed in slices, in order, as stdout drains.

import { isUtf8 } from 'node:buffer';
import type { CatCommand } from '../../ops/cat/cat.js';
import { encodeCommand } from '../../resp/index.js';
import { formatCatLine, catColumnsText, type CatColumn } from './cat-text.js';
import { escapeRange, jsonBytes } from './quote.js';
import { wrapLine } from './fit.js';

/** Output goes out in blocks of this size, not one write per command. */
const FLUSH_AT = 1 << 16;
/** A command whose arguments hold more bytes than this is streamed in slices instead of built whole. */
export const LARGE_COMMAND = 1 << 20;
/** Input bytes per streamed slice (its output is up to four times larger, for binary data quoted as \xHH). */
const SLICE = 1 << 18;

/**
 * Writes to stdout in order. A streamed command is a sequence of slices produced on demand; until it has
 * been written, later output queues behind it, and pause() (awaited by the walk between chunks) writes it
 * out at the pace stdout drains: a 1 GB value never sits in memory as a whole rendering.
 */
export class OutputQueue {
  private parts: Buffer[] = [];
  private size = 0;
  private readonly jobs: Iterable<Buffer>[] = [];

  write(bytes: Buffer | string): void {
    const b = typeof bytes === 'string' ? Buffer.from(bytes) : bytes;
    if (this.jobs.length > 0) {
      this.jobs.push([b]);
      return;
    }
    this.parts.push(b);
    this.size += b.length;
    if (this.size >= FLUSH_AT) this.flush();
  }

  /** Queues slices produced lazily; their source bytes must stay unchanged until pause() or end() resolves. */
  stream(slices: Iterable<Buffer>): void {
    if (this.jobs.length === 0) this.flush();
    this.jobs.push(slices);
  }

  private flush(): void {
    if (this.size === 0) return;
    const [only] = this.parts;
    process.stdout.write(this.parts.length === 1 && only !== undefined ? only : Buffer.concat(this.parts, this.size));
    this.parts = [];
    this.size = 0;
  }

  /** A promise while streamed commands wait or stdout's buffer is full (a slow reader); else undefined. */
  pause(): Promise<void> | undefined {
    if (this.jobs.length > 0) return this.drainJobs();
    if (!process.stdout.writableNeedDrain) return undefined;
    return drained();
  }

  /** Everything written; resolves once stdout took the last of it. */
  async end(): Promise<void> {
    await this.drainJobs();
    this.flush();
  }

  private async drainJobs(): Promise<void> {
    for (let job = this.jobs.shift(); job !== undefined; job = this.jobs.shift()) {
      for (const slice of job) if (!process.stdout.write(slice)) await drained();
    }
  }
}

function drained(): Promise<void> {
  return new Promise((resolve) =>
    process.stdout.once('drain', () => {
      resolve();
    }),
  );
}

/** Total argument bytes: the size that decides between building a command's output and streaming it. */
export function argBytes(c: CatCommand): number {
  let n = 0;
  for (const a of c.args) n += a.length;
  return n;
}

/**
 * Arguments the stream keeps. A frame's are copied, since the walk reuses the memory its views point into;
 * a command rebuilt from an RDB record holds that record's own Buffers, which nothing reuses, so a 1 GB
 * value costs no second gigabyte.
 */
function owned(c: CatCommand): Buffer[] {
  return c.fromRdb ? c.args.slice() : c.args.map((a) => Buffer.from(a));
}

function* slices(bytes: Buffer, size: number): Generator<Buffer> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, Math.min(bytes.length, i + size));
}

/** --format text of a huge command: the columns, then each argument quoted slice by slice. */
export function* textSlices(c: CatCommand, columns: readonly CatColumn[]): Generator<Buffer> {
  const args = owned(c);
  if (columns.length > 0) yield Buffer.from(`${catColumnsText(c, columns)}  `);
  for (const [i, arg] of args.entries()) {
    yield Buffer.from(i === 0 ? '"' : ' "');
    for (const s of slices(arg, SLICE)) yield escapeRange(s);
    yield Buffer.from('"');
  }
  yield Buffer.from('\n');
}

/** --format resp of a huge command: the RESP frame, its payloads passed through in slices. */
export function* respSlices(c: CatCommand): Generator<Buffer> {
  const args = owned(c);
  yield Buffer.from(`*${args.length}\r\n`);
  for (const a of args) {
    yield Buffer.from(`$${a.length}\r\n`);
    yield* slices(a, SLICE * 4);
    yield Buffer.from('\r\n');
  }
}

/** --format json of a huge command: the same object as for a small one, large arguments encoded slice by slice. */
export function* jsonSlices(c: CatCommand): Generator<Buffer> {
  const args = owned(c).slice(1);
  const mark = (i: number) => `\u0000arg${i}\u0000`;
  const text = JSON.stringify(
    jsonObject(
      c,
      args.map((a, i) => (a.length > SLICE ? mark(i) : jsonBytes(a))),
    ),
  );
  // Each marker comes out of JSON.stringify as "\u0000argN\u0000"; the argument's encoding goes in its place.
  let rest = text;
  for (const [i, a] of args.entries()) {
    if (a.length <= SLICE) continue;
    const token = JSON.stringify(mark(i));
    const at = rest.indexOf(token);
    yield Buffer.from(rest.slice(0, at));
    rest = rest.slice(at + token.length);
    if (isUtf8(a)) {
      yield Buffer.from('"');
      for (let from = 0; from < a.length;) {
        let to = Math.min(a.length, from + SLICE);
        while (to < a.length && (a.readUInt8(to) & 0xc0) === 0x80) to--; // never split a UTF-8 sequence
        yield Buffer.from(JSON.stringify(a.subarray(from, to).toString('utf8')).slice(1, -1));
        from = to;
      }
      yield Buffer.from('"');
    } else {
      yield Buffer.from('{"base64":"');
      for (const s of slices(a, 3 * SLICE)) yield Buffer.from(s.toString('base64'));
      yield Buffer.from('"}');
    }
  }
  yield Buffer.from(`${rest}\n`);
}

/** One command's output in the chosen format: built whole when small, streamed when huge. */
/** `width` wraps text lines for a terminal (continuation lines indented); a huge command streams unwrapped. */
export function writeCommand(out: OutputQueue, format: 'text' | 'resp' | 'json', c: CatCommand, columns: readonly CatColumn[], width = Infinity): void {
  if (argBytes(c) > LARGE_COMMAND) {
    out.stream(format === 'resp' ? respSlices(c) : format === 'json' ? jsonSlices(c) : textSlices(c, columns));
    return;
  }
  if (format === 'resp') out.write(encodeCommand(c.args));
  else if (format === 'json') out.write(jsonLine(c));
  else out.write(wrapLine(formatCatLine(c, columns), width) + '\n');
}

/** The --format json object of a command, given its arguments' encodings (after the name). */
function jsonObject(c: CatCommand, args: unknown[]): object {
  return {
    file: c.file,
    offset: c.offset,
    db: c.db,
    ts: c.ts,
    command: c.name.toUpperCase(),
    args,
    keys: c.keys,
    // Only on commands rebuilt from an RDB base or preamble: frames on disk keep the plain shape.
    ...(c.fromRdb ? { fromRdb: true } : {}),
  };
}

function jsonLine(c: CatCommand): string {
  return JSON.stringify(jsonObject(c, c.args.slice(1).map(jsonBytes))) + '\n';
}
