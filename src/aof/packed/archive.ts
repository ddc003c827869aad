// A packed backup (gzip, zstd, tar, .tar.gz, .tar.zst): what it holds, found in one streaming pass, and each
// member as a byte source that streams it again, so nothing is extracted to disk and memory holds a window.

import { open, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { ByteSource } from '../../rdb/index.js';
import { PACKING_HEAD, packingOf, type Packing } from './packing.js';
import { nextEntry, padding } from './tar.js';
import { loadUnpacker, PackingDamage, UnpackStream, type Compression } from './unpack-stream.js';

/** Where a file of an AOF lives inside a packed backup. */
export interface PackedRef {
  /** The packed file on disk. */
  readonly archive: string;
  /** Outermost first: ['gzip', 'tar'] for a .tar.gz. */
  readonly packings: readonly Packing[];
  /** The member's name in the tar, or null for the whole content of a compressed lone file. */
  readonly member: string | null;
  /** Its position among the tar's entries (a name may be stored twice; the last one is what tar extracts). */
  readonly entry: number;
  /** The packed file's size when it was listed: if it changes, what was listed no longer holds. */
  readonly archiveSize: number;
}

export interface PackedMember {
  readonly ref: PackedRef;
  /** Uncompressed bytes that can be read: the whole member, or what comes before damage in the packing. */
  readonly size: number;
  /** Its first bytes (up to HEAD_KEPT), to tell an RDB, a manifest or RESP. */
  readonly head: Buffer;
  /** The whole member when it is small (a manifest), else null. */
  readonly content: Buffer | null;
}

export interface ArchiveDamage {
  /** The member being read when the damage showed, or null (a lone file, or between members). */
  readonly member: string | null;
  /** Uncompressed bytes of that member (or of the stream) read before it. */
  readonly offset: number;
  readonly reason: string;
}

export interface PackedIndex {
  readonly path: string;
  readonly packings: readonly Packing[];
  /** Regular files, in archive order; a name stored twice keeps its last entry. */
  readonly members: PackedMember[];
  readonly damage: ArchiveDamage | null;
  /** Directory entries (`appendonlydir`), without the trailing slash: an empty appendonlydir has only these. */
  readonly dirs: string[];
}

const HEAD_KEPT = 4096;
/** Members up to this size are kept whole by the index (a manifest, which layout parses). */
const CONTENT_KEPT = 1 << 20;
/** Uncompressed bytes between two turns of the event loop during the index pass (spinner, signals). */
const BYTES_PER_TURN = 8 << 20;

/** The first `length` bytes of a file (fewer when it is shorter). */
export async function readHead(path: string, length: number): Promise<Buffer> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(length);
    return buf.subarray(0, (await fh.read(buf, 0, length, 0)).bytesRead);
  } finally {
    await fh.close();
  }
}

/** The packings around the file at `path`, outermost first ([] for a file that is not packed). */
export async function packingsOf(path: string): Promise<Packing[]> {
  const outer = packingOf(await readHead(path, PACKING_HEAD));
  if (outer === null || outer === 'tar') return outer === null ? [] : ['tar'];
  await loadUnpacker(outer);
  const stream = new UnpackStream(path, outer);
  try {
    const head = Buffer.alloc(PACKING_HEAD);
    let got = 0;
    while (got < PACKING_HEAD) {
      const part = stream.next(PACKING_HEAD - got);
      if (part.length === 0) break;
      part.copy(head, got);
      got += part.length;
    }
    return packingOf(head.subarray(0, got)) === 'tar' ? [outer, 'tar'] : [outer];
  } catch (e) {
    if (e instanceof PackingDamage) return [outer]; // the index pass reports the damage
    throw e;
  } finally {
    stream.close();
  }
}

function compressionOf(packings: readonly Packing[]): Compression | null {
  const outer = packings[0];
  return outer === 'gzip' || outer === 'zstd' ? outer : null;
}

/** The name a compressed lone file had before packing: `appendonly.aof.gz` → `appendonly.aof`. */
export function unpackedName(archive: string): string {
  return basename(archive).replace(/\.(gz|gzip|zst|zstd)$/i, '');
}

/** Uncompressed bytes since the last turn of the event loop, and where to report the packed bytes read. */
interface Turn {
  bytes: number;
  readonly onProgress: ((packedRead: number) => void) | undefined;
}

interface MemberRead {
  readonly got: number;
  readonly head: Buffer;
  readonly content: Buffer | null;
  /** Damage in the packing that ended the read early, or null. */
  readonly damage: PackingDamage | null;
}

/** Reads `size` bytes of member data from the stream, keeping its head (and all of it when small). */
async function readMember(stream: UnpackStream, size: number, turn: Turn): Promise<MemberRead> {
  const keepAll = size <= CONTENT_KEPT;
  const kept = Buffer.allocUnsafe(keepAll ? size : Math.min(size, HEAD_KEPT));
  let got = 0;
  let damage: PackingDamage | null = null;
  try {
    while (got < size) {
      const part = stream.next(Math.min(size - got, 1 << 20));
      if (part.length === 0) break;
      if (got < kept.length) part.copy(kept, got, 0, Math.min(part.length, kept.length - got));
      got += part.length;
      turn.bytes += part.length;
      if (turn.bytes >= BYTES_PER_TURN) {
        turn.bytes = 0;
        turn.onProgress?.(stream.packedRead);
        await nextTurn();
      }
    }
  } catch (e) {
    if (!(e instanceof PackingDamage)) throw e;
    damage = e;
  }
  const head = kept.subarray(0, Math.min(got, HEAD_KEPT));
  return { got, head, content: keepAll && damage === null ? kept.subarray(0, got) : null, damage };
}

/** One pass over the packed file: its members, their sizes and heads, and any damage in the packing. */
export async function indexPacked(path: string, packings: readonly Packing[], onProgress?: (done: number, total: number) => void): Promise<PackedIndex> {
  const stream = new UnpackStream(path, compressionOf(packings));
  const members = new Map<string, PackedMember>();
  const dirs: string[] = [];
  const total = (await stat(path)).size;
  const turn: Turn = {
    bytes: 0,
    onProgress:
      onProgress &&
      ((done) => {
        onProgress(done, total);
      }),
  };
  let reading: { member: string | null; start: number } = { member: null, start: 0 };
  let damage: ArchiveDamage | null = null;
  try {
    if (packings.at(-1) !== 'tar') {
      const m = await readMember(stream, Number.MAX_SAFE_INTEGER, turn);
      members.set('', { ref: { archive: path, packings, member: null, entry: 0, archiveSize: total }, size: m.got, head: m.head, content: m.content });
      if (m.damage) throw m.damage;
    } else {
      for (let entry = 0; ; entry++) {
        reading = { member: null, start: stream.consumed };
        const e = nextEntry(stream);
        if (e === null) break;
        reading = { member: e.name, start: e.dataStart };
        if (e.type === '5') dirs.push(e.name.replace(/\/+$/, ''));
        if (e.type !== '0' && e.type !== '7') {
          if (!stream.skip(e.size + padding(e.size))) throw new PackingDamage(stream.consumed, `the archive ends inside ${e.name}`);
          continue;
        }
        const m = await readMember(stream, e.size, turn);
        // A name stored twice: tar extracts the last one, and so it is the one read.
        members.delete(e.name);
        members.set(e.name, { ref: { archive: path, packings, member: e.name, entry, archiveSize: total }, size: m.got, head: m.head, content: m.content });
        if (m.damage) throw m.damage;
        if (m.got < e.size || !stream.skip(padding(e.size))) throw new PackingDamage(stream.consumed, `the archive ends inside ${e.name}`);
      }
    }
  } catch (e) {
    if (!(e instanceof PackingDamage)) throw e;
    damage = { member: reading.member, offset: Math.max(0, e.offset - reading.start), reason: e.reason };
  } finally {
    stream.close();
  }
  return { path, packings, members: [...members.values()], damage, dirs };
}

/** Bytes kept at least, past which a read forward slides the window. */
const WINDOW_MIN = 1 << 20;
/** A window grown past this for one large read is dropped at the next read, so it does not pin memory. */
const WINDOW_KEPT_MAX = 8 << 20;

/**
 * A member as a ByteSource of `size` bytes: reads forward through a sliding window, streaming the archive;
 * a read behind the window (rare: the RDB reader and the resync scan go forward) streams it again from the
 * start, so it is right, only slower.
 */
export function openMember(ref: PackedRef, size: number): ByteSource {
  let stream: UnpackStream | null = null;
  let base = 0; // stream offset of the member's first byte
  let window = Buffer.alloc(0);
  let windowStart = 0;
  let windowLength = 0;

  const start = (): UnpackStream => {
    stream?.close();
    const s = new UnpackStream(ref.archive, compressionOf(ref.packings));
    if (ref.packings.at(-1) === 'tar') {
      for (let entry = 0; ; entry++) {
        const e = nextEntry(s);
        if (e === null) throw new Error(`${ref.archive}: member ${ref.member ?? ''} is no longer in the archive (was it replaced while being read?)`);
        if (entry === ref.entry) break;
        if (!s.skip(e.size + padding(e.size))) throw new Error(`${ref.archive}: the archive ends before member ${ref.member ?? ''}`);
      }
    }
    base = s.consumed;
    windowStart = 0;
    windowLength = 0;
    stream = s;
    return s;
  };

  const read = (position: number, length: number): Buffer => {
    const want = Math.max(0, Math.min(length, size - position));
    if (position >= windowStart && position + want <= windowStart + windowLength) return window.subarray(position - windowStart, position - windowStart + want);
    let s = stream;
    if (s === null || position < windowStart) s = start();
    // Keep what is already held from `position` on, then stream the rest in.
    const keepFrom = Math.min(Math.max(position - windowStart, 0), windowLength);
    const capacity = Math.max(want, WINDOW_MIN);
    // The buffer is reused unless too small, or far larger than needed now (one huge value read earlier).
    const next = window.length >= capacity && window.length <= Math.max(capacity, WINDOW_KEPT_MAX) ? window : Buffer.allocUnsafe(capacity);
    const kept = windowLength - keepFrom;
    window.copy(next, 0, keepFrom, windowLength);
    window = next;
    windowStart += keepFrom;
    windowLength = kept;
    const streamAt = base + windowStart + windowLength;
    if (position > windowStart + windowLength) {
      // A read past the window (a scan skipping ahead): pass the bytes between without keeping them.
      s.skip(base + position - streamAt);
      windowStart = position;
      windowLength = 0;
    }
    const limit = Math.min(capacity, size - windowStart);
    while (windowLength < limit) {
      const part = s.next(limit - windowLength);
      if (part.length === 0) break;
      part.copy(window, windowLength);
      windowLength += part.length;
    }
    const from = position - windowStart;
    return window.subarray(from, Math.min(windowLength, from + want));
  };

  return {
    size,
    read,
    readInto(target, offset, position, length) {
      const part = read(position, Math.min(length, target.length - offset));
      return part.copy(target, offset);
    },
    close() {
      stream?.close();
      stream = null;
    },
  };
}
