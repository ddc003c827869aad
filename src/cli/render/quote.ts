// Arguments as redis-cli shows them (sdscatrepr): double-quoted, \n \r \t \a \b \" \\ and \xHH escapes.

import { isUtf8 } from 'node:buffer';

/** The escape of each byte value, or null for a byte shown as itself. */
const ESCAPES: (Buffer | null)[] = Array.from({ length: 256 }, (_, c) => {
  const named: Record<number, string> = { 0x5c: '\\\\', 0x22: '\\"', 0x0a: '\\n', 0x0d: '\\r', 0x09: '\\t', 0x07: '\\a', 0x08: '\\b' };
  if (named[c] !== undefined) return Buffer.from(named[c], 'latin1');
  if (c >= 0x20 && c < 0x7f) return null;
  return Buffer.from(`\\x${c.toString(16).padStart(2, '0')}`, 'latin1');
});

/** The quoted bytes of bytes[start, end) without the surrounding quotes: one pass to size, one to write. */
export function escapeRange(bytes: Uint8Array, start = 0, end = bytes.length): Buffer {
  let n = 0;
  const range = bytes.subarray(start, end);
  for (const c of range) n += ESCAPES[c]?.length ?? 1;
  const out = Buffer.allocUnsafe(n);
  let o = 0;
  for (const c of range) {
    const e = ESCAPES[c];
    if (e === null || e === undefined) out[o++] = c;
    else o += e.copy(out, o);
  }
  return out;
}

/** The quoted form, which redis-cli's own parser (sdssplitargs) reads back to the same bytes. */
export function quoteArg(bytes: Buffer): string {
  return `"${escapeRange(bytes).toString('latin1')}"`;
}

/** A command line: every argument quoted, separated by spaces. */
export function quoteCommand(args: readonly Buffer[]): string {
  return args.map(quoteArg).join(' ');
}

/** Bytes for JSON: a string when they are valid UTF-8 (lossless), otherwise `{ "base64": … }`. */
export function jsonBytes(bytes: Buffer): string | { base64: string } {
  return isUtf8(bytes) ? bytes.toString('utf8') : { base64: bytes.toString('base64') };
}
