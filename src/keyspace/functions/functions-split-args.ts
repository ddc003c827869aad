// sds.c sdssplitargs: splits a line into shell-like arguments ("…" with C escapes, '…'), or null when quotes are unbalanced.

/** C isspace in the C locale. */
function isSpace(c: number | undefined): boolean {
  return c !== undefined && (c === 0x20 || (c >= 0x09 && c <= 0x0d));
}

function hexValue(c: number | undefined): number {
  if (c === undefined) return -1;
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  return -1;
}

const ESCAPES: Record<number, number> = { 0x6e: 0x0a, 0x72: 0x0d, 0x74: 0x09, 0x62: 0x08, 0x61: 0x07 }; // n r t b a

/** Reads one token starting at `p` (not a space); returns it and the index after it, or null on bad quoting. */
function readToken(line: Buffer, start: number): { token: Buffer; next: number } | null {
  const out: number[] = [];
  let p = start;
  let inDouble = false;
  let inSingle = false;
  for (;;) {
    const c = line[p];
    if (inDouble) {
      if (c === undefined) return null; // unterminated quotes
      if (c === 0x5c && line[p + 1] === 0x78 && hexValue(line[p + 2]) >= 0 && hexValue(line[p + 3]) >= 0) {
        out.push(hexValue(line[p + 2]) * 16 + hexValue(line[p + 3]));
        p += 4;
      } else if (c === 0x5c && line[p + 1] !== undefined) {
        const e = line[p + 1]!;
        out.push(ESCAPES[e] ?? e);
        p += 2;
      } else if (c === 0x22) {
        // A closing quote must be followed by a space or the end.
        if (line[p + 1] !== undefined && !isSpace(line[p + 1])) return null;
        return { token: Buffer.from(out), next: p + 1 };
      } else {
        out.push(c);
        p++;
      }
    } else if (inSingle) {
      if (c === undefined) return null;
      if (c === 0x5c && line[p + 1] === 0x27) {
        out.push(0x27);
        p += 2;
      } else if (c === 0x27) {
        if (line[p + 1] !== undefined && !isSpace(line[p + 1])) return null;
        return { token: Buffer.from(out), next: p + 1 };
      } else {
        out.push(c);
        p++;
      }
    } else if (c === undefined || c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) {
      return { token: Buffer.from(out), next: c === undefined ? p : p + 1 };
    } else if (c === 0x22) {
      inDouble = true;
      p++;
    } else if (c === 0x27) {
      inSingle = true;
      p++;
    } else {
      out.push(c);
      p++;
    }
  }
}

/** The tokens of `line` (which holds no NUL byte), or null where sdssplitargs returns NULL. */
export function splitArgs(line: Buffer): Buffer[] | null {
  const tokens: Buffer[] = [];
  let p = 0;
  for (;;) {
    while (isSpace(line[p])) p++;
    if (p >= line.length) return tokens;
    const read = readToken(line, p);
    if (read === null) return null;
    tokens.push(read.token);
    p = read.next;
  }
}
