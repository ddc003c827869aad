// Splits a manifest line into words the way Redis's sdssplitargs does (quotes, \xHH and C escapes).

const SPACE = new Set([0x20, 0x09, 0x0a, 0x0b, 0x0c, 0x0d]); // isspace() in the C locale
const WORD_END = new Set([0x20, 0x0a, 0x0d, 0x09]); // an unquoted word ends at these (or the end)

function isHex(c: number | undefined): boolean {
  return c !== undefined && ((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66));
}

const ESCAPES: Record<number, number> = { 0x6e: 0x0a, 0x72: 0x0d, 0x74: 0x09, 0x62: 0x08, 0x61: 0x07 }; // n r t b a

/** The words of a line, or null where sdssplitargs fails (unbalanced quotes, a quote followed by a letter). */
export function splitArgs(line: Buffer): Buffer[] | null {
  const words: Buffer[] = [];
  const n = line.length;
  let p = 0;
  for (;;) {
    while (p < n && SPACE.has(line[p]!)) p++;
    if (p >= n) return words;
    const word: number[] = [];
    let inDouble = false;
    let inSingle = false;
    for (let done = false; !done;) {
      const c = line[p];
      const next = line[p + 1];
      if (inDouble) {
        if (c === 0x5c && next === 0x78 && isHex(line[p + 2]) && isHex(line[p + 3])) {
          word.push(parseInt(String.fromCharCode(line[p + 2]!, line[p + 3]!), 16));
          p += 3;
        } else if (c === 0x5c && next !== undefined) {
          p++;
          word.push(ESCAPES[next] ?? next);
        } else if (c === 0x22) {
          // A closing quote must be followed by a space or by nothing at all.
          if (next !== undefined && !SPACE.has(next)) return null;
          done = true;
        } else if (c === undefined) {
          return null;
        } else {
          word.push(c);
        }
      } else if (inSingle) {
        if (c === 0x5c && next === 0x27) {
          p++;
          word.push(0x27);
        } else if (c === 0x27) {
          if (next !== undefined && !SPACE.has(next)) return null;
          done = true;
        } else if (c === undefined) {
          return null;
        } else {
          word.push(c);
        }
      } else if (c === undefined || WORD_END.has(c)) {
        done = true;
      } else if (c === 0x22) {
        inDouble = true;
      } else if (c === 0x27) {
        inSingle = true;
      } else {
        word.push(c);
      }
      if (p < n) p++;
    }
    words.push(Buffer.from(word));
  }
}
