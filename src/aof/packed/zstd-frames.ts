// Finds where each zstd frame ends in the compressed bytes and the content checksum it carries, so the
// unpacked bytes can be checked against it (fzstd, the decompressor, skips the checksum).

/** A frame's end: the offset just past it in the chunk being scanned, and its checksum (low 32 bits of XXH64). */
export interface FrameEnd {
  readonly at: number;
  readonly checksum: number | null;
}

const MAGIC = 0xfd2fb528;
/** Skippable frames (0x184D2A50–0x184D2A5F) carry no content; a 4-byte size follows the magic. */
const isSkippable = (magic: number) => magic >>> 4 === 0x184d2a5;

type Phase = 'magic' | 'descriptor' | 'header-rest' | 'block-header' | 'payload' | 'checksum' | 'skip-size' | 'skip';

/** Scans compressed bytes incrementally; a malformed header ends the scan (the decompressor reports the damage). */
export class ZstdFrameScanner {
  private phase: Phase = 'magic';
  /** Bytes still wanted by the phase. */
  private need = 4;
  private held: number[] = [];
  private hasChecksum = false;
  private lastBlock = false;
  private broken = false;

  /** The frames that end within `chunk`, in order. */
  scan(chunk: Uint8Array): FrameEnd[] {
    const ends: FrameEnd[] = [];
    let i = 0;
    while (i < chunk.length && !this.broken) {
      if (this.phase === 'payload' || this.phase === 'skip') {
        const take = Math.min(this.need, chunk.length - i);
        i += take;
        this.need -= take;
        if (this.need === 0) {
          const end = this.afterPayload();
          if (end !== undefined) ends.push({ at: i, checksum: end });
        }
        continue;
      }
      this.held.push(chunk[i++]!);
      if (this.held.length < this.need) continue;
      const bytes = this.held;
      this.held = [];
      const end = this.header(bytes);
      if (end !== undefined) ends.push({ at: i, checksum: end });
    }
    return ends;
  }

  /** After a block's payload (or a skippable frame): the next field, and null when a frame without checksum ends. */
  private afterPayload(): null | undefined {
    if (this.phase !== 'skip' && this.lastBlock && !this.hasChecksum) {
      this.expect('magic', 4);
      return null;
    }
    if (this.phase === 'skip') this.expect('magic', 4);
    else if (this.lastBlock) this.expect('checksum', 4);
    else this.expect('block-header', 3);
    return undefined;
  }

  private expect(phase: Phase, need: number): void {
    this.phase = phase;
    this.need = need;
  }

  /** Consumes a complete header field; returns the checksum (or null) when a frame ends with it. */
  private header(b: number[]): number | null | undefined {
    switch (this.phase) {
      case 'magic': {
        const magic = (b[0]! | (b[1]! << 8) | (b[2]! << 16) | (b[3]! << 24)) >>> 0;
        if (magic === MAGIC) this.expect('descriptor', 1);
        else if (isSkippable(magic)) this.expect('skip-size', 4);
        else this.broken = true;
        return undefined;
      }
      case 'skip-size':
        this.expect('skip', (b[0]! | (b[1]! << 8) | (b[2]! << 16) | (b[3]! << 24)) >>> 0);
        return this.need === 0 ? this.afterPayload() : undefined;
      case 'descriptor': {
        const fhd = b[0]!;
        const single = (fhd >> 5) & 1;
        this.hasChecksum = ((fhd >> 2) & 1) === 1;
        const fcs = [single, 2, 4, 8][fhd >> 6]!;
        const rest = (single ? 0 : 1) + [0, 1, 2, 4][fhd & 3]! + fcs;
        if (rest === 0) this.expect('block-header', 3);
        else this.expect('header-rest', rest);
        return undefined;
      }
      case 'header-rest':
        this.expect('block-header', 3);
        return undefined;
      case 'block-header': {
        const h = b[0]! | (b[1]! << 8) | (b[2]! << 16);
        this.lastBlock = (h & 1) === 1;
        const type = (h >> 1) & 3;
        if (type === 3) {
          this.broken = true;
          return undefined;
        }
        this.expect('payload', type === 1 ? 1 : h >>> 3);
        return this.need === 0 ? this.afterPayload() : undefined;
      }
      case 'checksum':
        this.expect('magic', 4);
        return (b[0]! | (b[1]! << 8) | (b[2]! << 16) | (b[3]! << 24)) >>> 0;
      default:
        return undefined;
    }
  }
}
