// Reads the two small things inspect and cat take from the stream: #TS annotations and SELECT's database.

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

/**
 * SELECT's argument as a database number, or null when the server would refuse it: not a plain decimal,
 * or beyond a C int (SELECT reads its argument with getIntFromObjectOrReply).
 */
export function selectTarget(arg: Buffer | undefined): number | null {
  if (arg === undefined || arg.length === 0 || arg.length > 10) return null;
  let n = 0;
  for (const byte of arg) {
    const d = byte - 0x30;
    if (d < 0 || d > 9) return null;
    n = n * 10 + d;
  }
  return n <= 0x7fffffff ? n : null;
}
