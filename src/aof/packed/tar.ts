// Reads tar headers (ustar, GNU long names, pax paths and sizes) from an unpacked stream, synchronously:
// the member bytes between them feed the synchronous RDB reader, which an async tar library cannot.

import { PackingDamage, type UnpackStream } from './unpack-stream.js';

const BLOCK = 512;

export interface TarEntry {
  readonly name: string;
  /** '0' a regular file, '5' a directory, '2' a symlink, …; member data follows only a regular file. */
  readonly type: string;
  readonly size: number;
  /** Offset of its data in the unpacked stream. */
  readonly dataStart: number;
}

/** Reads exactly `n` bytes (copied), or fewer at the end of the stream. */
function readExactly(stream: UnpackStream, n: number): Buffer {
  const out = Buffer.allocUnsafe(n);
  let got = 0;
  while (got < n) {
    const part = stream.next(n - got);
    if (part.length === 0) return out.subarray(0, got);
    part.copy(out, got);
    got += part.length;
  }
  return out;
}

function text(field: Buffer): string {
  const nul = field.indexOf(0);
  return field.subarray(0, nul === -1 ? field.length : nul).toString('utf8');
}

/** An octal number field, or GNU's base-256 form (high bit set) for sizes past 8 GiB. */
function number(field: Buffer): number | null {
  if ((field[0]! & 0x80) !== 0) {
    let n = field[0]! & 0x7f;
    for (let i = 1; i < field.length; i++) n = n * 256 + field[i]!;
    return Number.isSafeInteger(n) ? n : null;
  }
  const s = text(field).trim();
  return /^[0-7]+$/.test(s) ? parseInt(s, 8) : s === '' ? 0 : null;
}

function checksumOk(header: Buffer): boolean {
  const stored = number(header.subarray(148, 156));
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : header[i]!;
  return stored === sum;
}

/** The records of a pax extended header (`LEN key=value\n`), as strings. */
function paxRecords(data: Buffer): Map<string, string> {
  const records = new Map<string, string>();
  let at = 0;
  while (at < data.length) {
    const space = data.indexOf(0x20, at);
    if (space === -1) break;
    const len = parseInt(data.subarray(at, space).toString('latin1'), 10);
    if (!(len > 0) || at + len > data.length) break;
    const record = data.subarray(space + 1, at + len - 1).toString('utf8');
    const eq = record.indexOf('=');
    if (eq > 0) records.set(record.slice(0, eq), record.slice(eq + 1));
    at += len;
  }
  return records;
}

/** Bytes of padding after `size` bytes of member data, to the next block. */
export function padding(size: number): number {
  return (BLOCK - (size % BLOCK)) % BLOCK;
}

/** Small metadata members (pax headers, GNU long names) are read whole; a larger one is damage, not a name. */
const META_MAX = 1 << 20;

/**
 * The next entry's header, leaving the stream at its data; null at the end of the archive. The caller reads
 * or skips `size` bytes and then `padding(size)`. Throws PackingDamage for a header that is not one.
 */
export function nextEntry(stream: UnpackStream): TarEntry | null {
  let longName: string | null = null;
  let paxPath: string | null = null;
  let paxSize: number | null = null;
  for (;;) {
    const at = stream.consumed;
    const header = readExactly(stream, BLOCK);
    if (header.length === 0) return null; // no end-of-archive blocks: tolerated, as tar does
    if (header.length < BLOCK) throw new PackingDamage(at, 'the archive ends inside a tar header');
    if (header.every((b) => b === 0)) return null;
    if (!checksumOk(header)) throw new PackingDamage(at, 'a tar header with a wrong checksum');
    // A NUL type flag is a regular file, as '0' is (pre-POSIX tars).
    const type = String.fromCharCode(header[156] === 0 ? 0x30 : header[156]!);
    const size = number(header.subarray(124, 136));
    if (size === null) throw new PackingDamage(at, 'a tar header with an unreadable size');
    if (type === 'x' || type === 'L' || type === 'g') {
      if (size > META_MAX) throw new PackingDamage(at, `a tar metadata entry of ${size} bytes`);
      const data = readExactly(stream, size);
      if (data.length < size || !stream.skip(padding(size))) throw new PackingDamage(stream.consumed, 'the archive ends inside a tar metadata entry');
      if (type === 'L') longName = text(data);
      if (type === 'x') {
        const records = paxRecords(data);
        paxPath = records.get('path') ?? paxPath;
        const s = records.get('size');
        if (s !== undefined && /^\d+$/.test(s)) paxSize = Number(s);
      }
      continue;
    }
    const prefix = text(header.subarray(345, 500));
    const ustar = header.subarray(257, 262).toString('latin1') === 'ustar' && header[262] === 0;
    const base = text(header.subarray(0, 100));
    const name = paxPath ?? longName ?? (ustar && prefix !== '' ? `${prefix}/${base}` : base);
    return { name: name.replace(/^\.\//, ''), type, size: paxSize ?? size, dataStart: stream.consumed };
  }
}
