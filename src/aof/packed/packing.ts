// Tells how a backup is packed (gzip, zstd, tar) from its first bytes, not its name, and how to unpack it by hand.

/** How a file's bytes are packed; null for a file read as it is. */
export type Packing = 'gzip' | 'zstd' | 'tar';

const GZIP = Buffer.from([0x1f, 0x8b]);
const ZSTD = Buffer.from([0x28, 0xb5, 0x2f, 0xfd]);
const USTAR = Buffer.from('ustar', 'latin1');
/** Where a tar header keeps its `ustar` magic (POSIX and GNU tar both write it). */
const USTAR_AT = 257;
/** Bytes enough to see every packing's magic. */
export const PACKING_HEAD = USTAR_AT + USTAR.length;

/** The packing `head` starts with, or null. A tar is only told once any compression around it is undone. */
export function packingOf(head: Buffer): Packing | null {
  if (head.subarray(0, GZIP.length).equals(GZIP)) return 'gzip';
  if (head.subarray(0, ZSTD.length).equals(ZSTD)) return 'zstd';
  if (head.subarray(USTAR_AT, USTAR_AT + USTAR.length).equals(USTAR)) return 'tar';
  return null;
}

/** The shell command that unpacks `name` beside it, so a tool that writes in place can work on the result. */
export function unpackCommand(packing: Packing, name: string): string {
  switch (packing) {
    case 'gzip':
      return /\.t(ar\.)?gz$/.test(name) ? `tar -xzf ${name} -C DIR` : `gunzip -k ${name}`;
    case 'zstd':
      return /\.t(ar\.)?zst$/.test(name) ? `tar --zstd -xf ${name} -C DIR` : `zstd -d ${name}`;
    case 'tar':
      return `tar -xf ${name} -C DIR`;
  }
}
