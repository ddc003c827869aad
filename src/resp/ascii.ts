// Byte-level ASCII helpers, so command names are compared without decoding them to strings.

/** True if bytes equal `lower` ignoring ASCII case; `lower` must be lower-case ASCII. */
export function equalsIgnoreCase(bytes: Buffer | undefined, lower: string): boolean {
  if (bytes?.length !== lower.length) return false;
  for (let i = 0; i < lower.length; i++) {
    let c = bytes[i]!;
    if (c >= 0x41 && c <= 0x5a) c |= 0x20;
    if (c !== lower.charCodeAt(i)) return false;
  }
  return true;
}

/** The bytes as a lower-case ASCII name (for table look-ups of command names, which are short). */
export function lowerName(bytes: Buffer): string {
  return bytes.toString('latin1').toLowerCase();
}

/** Bytes for a message: double-quoted, printable ASCII as is, everything else escaped, at most `max` bytes shown. */
export function quoteBytes(bytes: Uint8Array, max = 40): string {
  let out = '';
  const shown = Math.min(bytes.length, max);
  for (let i = 0; i < shown; i++) {
    const c = bytes[i]!;
    if (c === 0x0d) out += '\\r';
    else if (c === 0x0a) out += '\\n';
    else if (c >= 0x20 && c < 0x7f && c !== 0x22 && c !== 0x5c) out += String.fromCharCode(c);
    else out += `\\x${c.toString(16).padStart(2, '0')}`;
  }
  return `"${out}${bytes.length > shown ? '…' : ''}"`;
}
