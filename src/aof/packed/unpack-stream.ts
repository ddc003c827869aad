// A packed file's uncompressed bytes, pulled synchronously in order (the RDB reader is synchronous, so the
// decompressors are the pure-JS streaming ones: fflate for gzip, fzstd for zstd; Node 20's zlib has no zstd
// and no synchronous streaming inflate).

import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { crc32 } from 'node:zlib';
import type { XXHashAPI } from 'xxhash-wasm';
import { ZstdFrameScanner } from './zstd-frames.js';

export type Compression = 'gzip' | 'zstd';

/** The packing itself is damaged (a bad block, a stream cut short): a value callers turn into a problem. */
export class PackingDamage extends Error {
  constructor(
    /** Uncompressed bytes handed out before the damage showed. */
    readonly offset: number,
    readonly reason: string,
  ) {
    super(reason);
  }
}

/** Compressed bytes read at a time; each read gets its own buffer, as the decompressors keep references. */
const READ_SIZE = 1 << 18;

interface Inflater {
  push(chunk: Uint8Array, final: boolean): void;
}

/**
 * gzip's own integrity check, which fflate skips: each member's CRC-32 and length against its trailer (the
 * 8 bytes before the next member, or at the end of the file). A stream cut short fails it too.
 */
class GzipTrailers {
  private crc = 0;
  private length = 0;
  constructor(private readonly fd: number) {}

  add(chunk: Uint8Array): void {
    this.crc = crc32(chunk, this.crc);
    this.length += chunk.length;
  }

  /** The reason the member whose trailer starts at `at` is damaged, or null; then counting starts anew. */
  endMember(at: number): string | null {
    const trailer = Buffer.alloc(8);
    const got = at >= 0 ? readSync(this.fd, trailer, 0, 8, at) : 0;
    const ok = got === 8 && trailer.readUInt32LE(0) === this.crc >>> 0 && trailer.readUInt32LE(4) === this.length % 2 ** 32;
    this.crc = 0;
    this.length = 0;
    return ok ? null : 'the gzip checksum does not match what was unpacked: the stream is cut short or damaged';
  }
}

function inflater(compression: Compression, fd: number, fileSize: number, out: (chunk: Uint8Array, final: boolean) => void): Inflater {
  if (compression === 'gzip') {
    const trailers = new GzipTrailers(fd);
    let damage: string | null = null;
    if (fflate === null) throw new Error('gzip is not loaded: call loadUnpacker first');
    const g = new fflate.Gunzip((chunk, final) => {
      trailers.add(chunk);
      out(chunk, final);
    });
    g.onmember = (offset) => {
      damage ??= trailers.endMember(offset - 8);
    };
    return {
      push(chunk, final) {
        g.push(chunk, final);
        if (final) damage ??= trailers.endMember(fileSize - 8);
        if (damage !== null) throw new Error(damage);
      },
    };
  }
  return zstdInflater(out);
}

// The decompressors, loaded on first use: most runs read no archive, and loading them cost ~20 ms of every start.
let fflate: typeof import('fflate') | null = null;
let fzstd: typeof import('fzstd') | null = null;
/** The XXH64 implementation (WebAssembly, loaded once, asynchronously) that checks zstd frames. */
let xxh: XXHashAPI | null = null;

/** Loads what unpacking `compression` needs; awaited before any stream of it is opened (see packingsOf). */
export async function loadUnpacker(compression: Compression): Promise<void> {
  if (compression === 'gzip') {
    fflate ??= await import('fflate');
    return;
  }
  fzstd ??= await import('fzstd');
  xxh ??= await (await import('xxhash-wasm')).default();
}

/**
 * zstd, with each frame's content checksum compared (the low 32 bits of XXH64, when the frame has one): the
 * compressed bytes are pushed frame by frame, so the content a frame unpacks to is known when it ends.
 */
function zstdInflater(out: (chunk: Uint8Array, final: boolean) => void): Inflater {
  const api = xxh;
  if (api === null || fzstd === null) throw new Error('zstd is not loaded: call loadUnpacker first');
  const frames = new ZstdFrameScanner();
  let hash = api.create64();
  const z = new fzstd.Decompress((chunk, final) => {
    if (chunk.length > 0) hash.update(chunk);
    out(chunk, final === true);
  });
  return {
    push(chunk, final) {
      let from = 0;
      for (const end of frames.scan(chunk)) {
        z.push(chunk.subarray(from, end.at), false);
        from = end.at;
        if (end.checksum !== null && Number(hash.digest() & 0xffffffffn) !== end.checksum) {
          throw new Error('the zstd checksum does not match what was unpacked: the data is damaged');
        }
        hash = api.create64();
      }
      if (from < chunk.length || final) z.push(chunk.subarray(from), final);
    },
  };
}

export class UnpackStream {
  private fd: number | null;
  private readonly inflate: Inflater | null;
  private queue: Uint8Array[] = [];
  private head = 0;
  private ended = false;
  private sawFinal = false;
  private damage: PackingDamage | null = null;
  /** Where a plain (uncompressed) stream reads next: it skips by moving this, without reading. */
  private filePosition = 0;
  private readonly fileSize: number;
  /** Uncompressed bytes handed out so far. */
  consumed = 0;

  constructor(path: string, compression: Compression | null) {
    this.fd = openSync(path, 'r');
    this.fileSize = fstatSync(this.fd).size;
    this.inflate =
      compression === null
        ? null
        : inflater(compression, this.fd, this.fileSize, (chunk, final) => {
            if (chunk.length > 0) this.queue.push(chunk);
            if (final) this.sawFinal = true;
          });
  }

  /** Up to `max` next bytes (a view valid until the next call), or an empty buffer at the end. */
  next(max: number): Buffer {
    while (this.head >= this.queue.length) {
      if (this.damage) throw this.damage;
      if (this.ended) return Buffer.alloc(0);
      this.queue = [];
      this.head = 0;
      this.fill();
    }
    const chunk = this.queue[this.head]!;
    const take = Math.min(max, chunk.length);
    const out = Buffer.from(chunk.buffer, chunk.byteOffset, take);
    if (take === chunk.length) this.head++;
    else this.queue[this.head] = chunk.subarray(take);
    this.consumed += take;
    return out;
  }

  /** Bytes of the packed file read so far (for progress while listing it). */
  get packedRead(): number {
    return this.filePosition;
  }

  /** Skips `n` bytes; false when the stream ends first. */
  skip(n: number): boolean {
    let left = n;
    if (this.inflate === null) {
      // A plain tar's member data is passed over without reading it.
      for (; this.head < this.queue.length && left > 0;) left -= this.next(left).length;
      const passed = Math.min(left, this.fileSize - this.filePosition);
      this.filePosition += passed;
      this.consumed += passed;
      return passed === left;
    }
    while (left > 0) {
      const got = this.next(left).length;
      if (got === 0) return false;
      left -= got;
    }
    return true;
  }

  private fill(): void {
    if (this.fd === null) throw new Error('read from a closed unpack stream');
    const buf = Buffer.allocUnsafe(READ_SIZE);
    const n = readSync(this.fd, buf, 0, READ_SIZE, this.inflate === null ? this.filePosition : null);
    this.filePosition += n;
    const final = n === 0;
    if (this.inflate === null) {
      if (final) this.ended = true;
      else this.queue.push(buf.subarray(0, n));
      return;
    }
    try {
      // After a stream's last frame, bytes that follow are another member (gzip) or frame (zstd): both go on.
      this.inflate.push(buf.subarray(0, n), final);
    } catch (e) {
      this.damage = new PackingDamage(this.consumed + this.queued(), (e as Error).message);
      return;
    }
    if (final) {
      this.ended = true;
      if (!this.sawFinal) this.damage = new PackingDamage(this.consumed + this.queued(), 'the compressed stream ends early');
    }
  }

  private queued(): number {
    let n = 0;
    for (let i = this.head; i < this.queue.length; i++) n += this.queue[i]!.length;
    return n;
  }

  close(): void {
    if (this.fd !== null) {
      closeSync(this.fd);
      this.fd = null;
    }
  }
}
