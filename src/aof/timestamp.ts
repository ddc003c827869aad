// Reads the time a `#TS:` annotation (aof-timestamp-enabled) gives the commands after it.

/** `TS:1700000000` → 1700000000, as strtol reads it; null for other annotations. */
export function parseTimestampAnnotation(text: Buffer): number | null {
  // T S :
  if (text.length < 4 || text[0] !== 0x54 || text[1] !== 0x53 || text[2] !== 0x3a) return null;
  let n = 0;
  let i = 3;
  for (; i < text.length && i < 3 + 15; i++) {
    const d = text[i]! - 0x30;
    if (d < 0 || d > 9) break;
    n = n * 10 + d;
  }
  return i > 3 ? n : null;
}
