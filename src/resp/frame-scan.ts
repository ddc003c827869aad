// The reader's fast path: canonical commands framed several at a time by a small WebAssembly module (frame-scan.wat).

import { FRAME_SCAN_WASM } from './frame-scan-wasm.js';

/** Input is copied into the module's memory at most this much at a time (the size of a file's chunks). */
const WINDOW = 1 << 20;
/** Where the records go: after the window, with room for 4/3 of it (see frame-scan.wat). */
const RECORDS_AT = WINDOW;
const RECORDS_BYTES = Math.ceil((WINDOW * 4) / 3 / 4) * 4;
/** The module's memory: the window, then the records. */
export const SCAN_MEMORY_BYTES = RECORDS_AT + RECORDS_BYTES;
const PAGE = 1 << 16;

/** What is used of Node's WebAssembly, which the ES2022 library this project compiles against does not declare. */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
}
declare const WebAssembly:
  | {
      Module: new (bytes: Uint8Array) => object;
      Instance: new (module: object) => { readonly exports: unknown };
    }
  | undefined;

interface ScanExports {
  readonly memory: WasmMemory;
  scan(pos: number, end: number, out: number): number;
}

/**
 * One per thread, shared by every reader: a reader scans the chunk it is fed, then hands out the commands
 * found. A handler may feed another reader meanwhile, so the records are read only while `scans` is the
 * number the reader's own scan left.
 */
export class FrameScan {
  /** After scan(): per command its argc (negated when its name repeats the previous command's bytes), then each payload's start and end, in the module's memory. */
  readonly records: Int32Array;
  /** Added to a record to make it an offset in the chunk. */
  shift = 0;
  /** Counts scans: a change means the records are another scan's. */
  scans = 0;
  private readonly exports: ScanExports;
  private readonly window: Uint8Array;
  /** Which reader's chunk, of which of its feeds, occupies the window, and its range [from, to) of the chunk. */
  private holder: object | null = null;
  private feed = -1;
  private from = 0;
  private to = 0;

  constructor(exports: ScanExports) {
    this.exports = exports;
    const memory = exports.memory;
    // Never grown (see frame-scan.wat): the module declares the pages it needs.
    if (memory.buffer.byteLength < SCAN_MEMORY_BYTES) {
      throw new Error(
        `frame-scan.wat declares ${memory.buffer.byteLength / PAGE} pages; the window and its records need ${Math.ceil(SCAN_MEMORY_BYTES / PAGE)}`,
      );
    }
    this.window = new Uint8Array(memory.buffer, 0, WINDOW);
    this.records = new Int32Array(memory.buffer, RECORDS_AT, RECORDS_BYTES / 4);
  }

  /**
   * Frames the canonical commands of chunk from pos (a `*`) that lie whole in it: returns how many. `holder`
   * and `feed` say which chunk this is (a reader's Buffer may be refilled between feeds).
   */
  scan(chunk: Buffer, pos: number, holder: object, feed: number): number {
    const len = chunk.length;
    // The copy serves while it holds this chunk from pos on (or half a window of it: a chunk larger than the
    // window is copied again only after half a window is read, so copying stays linear).
    const copied = this.holder === holder && this.feed === feed && this.from <= pos && (this.to === len ? pos < len : this.to - pos >= WINDOW / 2);
    if (!copied) {
      this.from = pos;
      this.to = Math.min(len, pos + WINDOW);
      this.window.set(chunk.subarray(pos, this.to));
      this.holder = holder;
      this.feed = feed;
    }
    this.shift = this.from;
    this.scans++;
    return this.exports.scan(pos - this.from, this.to - this.from, RECORDS_AT);
  }
}

let shared: FrameScan | null | undefined;

/** This thread's scanner, or null where WebAssembly is missing (node --jitless): the state machine reads all. */
export function frameScan(): FrameScan | null {
  if (shared !== undefined) return shared;
  if (typeof WebAssembly === 'undefined') return (shared = null);
  const module = new WebAssembly.Module(Buffer.from(FRAME_SCAN_WASM, 'base64'));
  return (shared = new FrameScan(new WebAssembly.Instance(module).exports as ScanExports));
}
