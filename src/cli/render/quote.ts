// Arguments as redis-cli shows them (sdscatrepr): double-quoted, \n \r \t \a \b \" \\ and \xHH escapes.

import { isUtf8 } from 'node:buffer';

/** The quoted form, which redis-cli's own parser (sdssplitargs) reads back to the same bytes. */
export function quoteArg(bytes: Buffer): string {
  let out = '"';
  for (const c of bytes) {
    if (c === 0x5c) out += '\\\\';
    else if (c === 0x22) out += '\\"';
    else if (c === 0x0a) out += '\\n';
    else if (c === 0x0d) out += '\\r';
    else if (c === 0x09) out += '\\t';
    else if (c === 0x07) out += '\\a';
    else if (c === 0x08) out += '\\b';
    else if (c >= 0x20 && c < 0x7f) out += String.fromCharCode(c);
    else out += `\\x${c.toString(16).padStart(2, '0')}`;
  }
  return out + '"';
}

/** A command line: every argument quoted, separated by spaces. */
export function quoteCommand(args: readonly Buffer[]): string {
  return args.map(quoteArg).join(' ');
}

/** Bytes for JSON: a string when they are valid UTF-8 (lossless), otherwise `{ "base64": … }`. */
export function jsonBytes(bytes: Buffer): string | { base64: string } {
  return isUtf8(bytes) ? bytes.toString('utf8') : { base64: bytes.toString('base64') };
}
