// Where the reader gets its bytes: a file read through a bounded window, or a Buffer already in memory.

import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/** Random-access, synchronous bytes of known size. */
export interface ByteSource {
  readonly size: number;
  /**
   * min(length, size - position) bytes at `position`. The result may be a view into the source's own
   * memory that the next read overwrites; callers copy what they keep.
   */
  read(position: number, length: number): Buffer;
  /** Copies up to `length` bytes at `position` into target[offset…]; returns how many (0 at the end). */
  readInto(target: Buffer, offset: number, position: number, length: number): number;
  /** Releases the file descriptor, if any; safe to call twice. */
  close(): void;
}

/** A Buffer as a ByteSource (reads are views, no copies). */
export function bufferSource(buf: Buffer): ByteSource {
  return {
    size: buf.length,
    read(position, length) {
      const start = Math.min(Math.max(position, 0), buf.length);
      return buf.subarray(start, Math.min(buf.length, start + Math.max(length, 0)));
    },
    readInto(target, offset, position, length) {
      const start = Math.min(Math.max(position, 0), buf.length);
      return buf.copy(target, offset, start, Math.min(buf.length, start + Math.max(length, 0)));
    },
    close() {
      // Nothing to release: the buffer belongs to the caller.
    },
  };
}

/** Reads larger than this get a buffer of their own, dropped after use, so one huge value does not pin its size. */
const SCRATCH_KEPT_MAX = 8 << 20;

/**
 * A file as a ByteSource; every read is an fs.readSync into one reused buffer (up to SCRATCH_KEPT_MAX),
 * so memory stays bounded by what is asked and a big file does not cost a fresh megabyte per window.
 */
export function openFileSource(path: string): ByteSource {
  let fd: number | null = openSync(path, 'r');
  const size = fstatSync(fd).size;
  let scratch = Buffer.allocUnsafeSlow(0);
  return {
    size,
    read(position, length) {
      if (fd === null) throw new Error('read from a closed file source');
      const want = Math.max(0, Math.min(length, size - position));
      if (want > SCRATCH_KEPT_MAX) {
        const own = Buffer.allocUnsafeSlow(want);
        const got = this.readInto(own, 0, position, want);
        return got === want ? own : own.subarray(0, got);
      }
      if (want > scratch.length) scratch = Buffer.allocUnsafeSlow(want);
      const out = scratch.subarray(0, want);
      let got = 0;
      while (got < want) {
        const n = readSync(fd, out, got, want - got, position + got);
        if (n === 0) break; // the file shrank under us
        got += n;
      }
      return got === want ? out : out.subarray(0, got);
    },
    readInto(target, offset, position, length) {
      if (fd === null) throw new Error('read from a closed file source');
      const want = Math.max(0, Math.min(length, size - position, target.length - offset));
      let got = 0;
      while (got < want) {
        const n = readSync(fd, target, offset + got, want - got, position + got);
        if (n === 0) break; // the file shrank under us
        got += n;
      }
      return got;
    },
    close() {
      if (fd !== null) {
        closeSync(fd);
        fd = null;
      }
    },
  };
}
