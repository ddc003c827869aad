// Names what a file that is not an AOF looks like, from its first bytes, so no tool cuts a binary or a text.

interface Signature {
  readonly at: number;
  readonly bytes: Buffer;
  readonly what: string;
}

const sig = (at: number, bytes: string | number[], what: string): Signature => ({
  at,
  bytes: typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : Buffer.from(bytes),
  what,
});

/** Formats people have mistaken for, or put beside, an AOF; compressed ones can be unpacked and checked. */
const SIGNATURES: Signature[] = [
  sig(0, '\x7fELF', 'an ELF executable or library'),
  sig(0, '\x89PNG', 'a PNG image'),
  sig(0, [0xff, 0xd8, 0xff], 'a JPEG image'),
  sig(0, 'GIF8', 'a GIF image'),
  sig(0, '%PDF', 'a PDF document'),
  sig(0, [0x1f, 0x8b], 'gzip-compressed data (unpack it, then check the result)'),
  sig(0, [0x28, 0xb5, 0x2f, 0xfd], 'zstd-compressed data (unpack it, then check the result)'),
  sig(0, 'BZh', 'bzip2-compressed data (unpack it, then check the result)'),
  sig(0, [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], 'xz-compressed data (unpack it, then check the result)'),
  sig(0, 'PK\x03\x04', 'a zip archive'),
  sig(257, 'ustar', 'a tar archive (extract it, then check the AOF inside)'),
  sig(0, 'SQLite format 3\x00', 'an SQLite database'),
];

/** True when the bytes hold no NUL and mostly printable text (UTF-8 bytes count as printable). */
function looksLikeText(head: Buffer): boolean {
  if (head.length === 0) return false;
  let printable = 0;
  for (const c of head) {
    if (c === 0) return false;
    if (c >= 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) printable++;
  }
  return printable / head.length > 0.95;
}

/** What `head` (a file's first bytes) looks like, for a file that does not start like an AOF or an RDB. */
export function describeForeign(head: Buffer): string {
  for (const s of SIGNATURES) if (head.subarray(s.at, s.at + s.bytes.length).equals(s.bytes)) return s.what;
  if (head.every((c) => c === 0)) return 'zero bytes only';
  return looksLikeText(head) ? 'text' : 'binary data of an unknown kind';
}

/** True when the head is nothing but zero bytes: an AOF whose blocks were lost in a crash, not a foreign file. */
export function isZeroFilled(head: Buffer): boolean {
  return head.length > 0 && head.every((c) => c === 0);
}
