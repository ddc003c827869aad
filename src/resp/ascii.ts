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
