// Packs bytes the ways backups are packed (tar, gzip, zstd), for the packed-input tests; no CLI tools needed.

import { gzipSync } from 'node:zlib';
import { pack } from 'tar-stream';

/** A tar of `members` (name → bytes), in the order given; tar-stream writes pax headers for long names. */
export async function tarOf(members: [string, Buffer][]): Promise<Buffer> {
  const p = pack();
  for (const [name, bytes] of members) p.entry({ name }, bytes);
  p.finalize();
  const parts: Buffer[] = [];
  for await (const c of p) parts.push(c as Buffer);
  return Buffer.concat(parts);
}

export const gzip = (bytes: Buffer): Buffer => gzipSync(bytes);

/**
 * A valid zstd frame holding `bytes` in raw (stored) blocks: node has no zstd compressor, and a stored frame
 * is what `zstd` itself writes for incompressible data. Blocks of `block` bytes (at most 128 KiB).
 */
export function zstdStored(bytes: Buffer, block = 1 << 17): Buffer {
  const parts: Buffer[] = [Buffer.from([0x28, 0xb5, 0x2f, 0xfd]), Buffer.from([0x00]), Buffer.from([0x58])]; // magic; no size; window 1 MiB
  for (let at = 0; at === 0 || at < bytes.length; at += block) {
    const chunk = bytes.subarray(at, at + block);
    const last = at + block >= bytes.length ? 1 : 0;
    const header = (chunk.length << 3) | last; // block type 0: raw
    parts.push(Buffer.from([header & 0xff, (header >> 8) & 0xff, (header >> 16) & 0xff]), chunk);
  }
  return Buffer.concat(parts);
}
