// Builds AOF bytes for tests: commands, annotations, and deliberate damage (cut, flip, insert).
import { encodeCommand } from '../../src/resp/index.js';

export class AofBuilder {
  private readonly parts: Buffer[] = [];
  /** Offsets where each appended piece starts: the frame boundaries of a valid file. */
  readonly boundaries: number[] = [];
  private length = 0;

  command(...args: Array<string | Buffer>): this {
    return this.raw(encodeCommand(args.map((a) => (typeof a === 'string' ? Buffer.from(a) : a))));
  }

  annotation(text: string): this {
    return this.raw(Buffer.from(`#${text}\r\n`));
  }

  raw(bytes: Buffer | string): this {
    const b = typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes;
    this.boundaries.push(this.length);
    this.parts.push(b);
    this.length += b.length;
    return this;
  }

  build(): Buffer {
    return Buffer.concat(this.parts);
  }
}

/** SETs of `count` keys, a MULTI/INCR/EXEC every 97th and a SELECT every `selectEvery`th: a file the split and fast paths both meet. */
export function setsWithTransactions(count: number, selectEvery: number): AofBuilder {
  const b = new AofBuilder();
  for (let i = 0; i < count; i++) {
    b.command('SET', `key:${i}`, 'v'.repeat(i % 50));
    if (i % 97 === 0) b.command('MULTI').command('INCR', 'n').command('EXEC');
    if (i % selectEvery === 0) b.command('SELECT', String(i % 16));
  }
  return b;
}

export function cut(bytes: Buffer, at: number): Buffer {
  return Buffer.from(bytes.subarray(0, at));
}

export function flip(bytes: Buffer, at: number, value: number): Buffer {
  const copy = Buffer.from(bytes);
  copy[at] = value;
  return copy;
}

export function insert(bytes: Buffer, at: number, extra: Buffer | string): Buffer {
  const e = typeof extra === 'string' ? Buffer.from(extra, 'latin1') : extra;
  return Buffer.concat([bytes.subarray(0, at), e, bytes.subarray(at)]);
}
