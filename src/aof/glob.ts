// Redis glob patterns (KEYS, SCAN MATCH), matched over bytes the way stringmatchlen does in util.c.
//
// Redis globs are not file globs: `*` and `?` cross any byte (there is no path separator), `[^a-c]` negates,
// `\` escapes one byte inside and outside brackets, an unclosed `[` takes the rest of the pattern as its
// set, a reversed range `[z-a]` is the same as `[a-z]`, and range bounds compare as C `char`, which is
// signed on the platforms Redis ships for (so `[a-\xff]` does not contain `b`). The behaviour matched is
// Redis 7.2.6+, which also gives up (no match) when `*` recursion nests deeper than 1000 (CVE-2024-31228);
// 7.0.x has no such limit but would only differ on patterns with over 1000 stars.

const STAR = 0x2a; // *
const QUESTION = 0x3f; // ?
const OPEN = 0x5b; // [
const CLOSE = 0x5d; // ]
const CARET = 0x5e; // ^
const BACKSLASH = 0x5c; // \
const DASH = 0x2d; // -

/** Deeper `*` recursion than this is refused by Redis 7.2.6+ (`nesting > 1000` in stringmatchlen_impl). */
const NESTING_MAX = 1000;

export interface GlobOptions {
  /** Compare letters ignoring ASCII case (stringmatchlen's nocase). */
  readonly nocase?: boolean;
}

/** C's tolower in the "C" locale: only A-Z change. */
function fold(c: number): number {
  return c >= 0x41 && c <= 0x5a ? c | 0x20 : c;
}

/** A byte read as C `char` (signed): 0x80-0xff become -128..-1. */
function signed(c: number): number {
  return c >= 0x80 ? c - 0x100 : c;
}

interface MatchState {
  readonly pattern: Buffer;
  readonly subject: Buffer;
  readonly nocase: boolean;
  /**
   * Set once the rest of a pattern after some `*` matched nowhere in the rest of the subject: no earlier
   * `*` can then help by swallowing more, so every pending attempt fails at once. This is Redis's fix for
   * exponential matching (CVE-2022-36021) and it decides which patterns hit the nesting limit.
   */
  skipLonger: boolean;
}

/** Does pattern[p..] match subject[s..]? `depth` counts nested `*` attempts. */
function matchFrom(st: MatchState, p: number, s: number, depth: number): boolean {
  if (depth > NESTING_MAX) return false;
  const { pattern, subject, nocase } = st;
  const pEnd = pattern.length;
  const sEnd = subject.length;
  while (p < pEnd && s < sEnd) {
    const c = pattern[p]!;
    if (c === STAR) {
      while (p + 1 < pEnd && pattern[p + 1] === STAR) p++;
      if (p + 1 === pEnd) return true;
      // Try the rest of the pattern at every remaining position (never at the empty tail).
      for (; s < sEnd; s++) {
        if (matchFrom(st, p + 1, s, depth + 1)) return true;
        if (st.skipLonger) return false;
      }
      st.skipLonger = true;
      return false;
    }
    if (c === OPEN) {
      const end = matchClass(st, p + 1, subject[s]!);
      if (end < 0) return false;
      p = end;
    } else if (c !== QUESTION) {
      // `\x` matches x literally; a lone `\` at the end of the pattern matches a backslash.
      if (c === BACKSLASH && p + 1 < pEnd) p++;
      const want = pattern[p]!;
      const got = subject[s]!;
      if (nocase ? fold(want) !== fold(got) : want !== got) return false;
    }
    p++;
    s++;
    if (s === sEnd) {
      // The subject is used up: trailing stars match the empty rest.
      while (p < pEnd && pattern[p] === STAR) p++;
      break;
    }
  }
  return p === pEnd && s === sEnd;
}

/**
 * Matches one subject byte against the class whose body starts at p (just past `[`). Returns the index
 * of the class's last pattern byte (its `]`, or the pattern's last byte for an unclosed class), or -1.
 */
function matchClass(st: MatchState, p: number, byte: number): number {
  const { pattern, nocase } = st;
  const pEnd = pattern.length;
  const negate = p < pEnd && pattern[p] === CARET;
  if (negate) p++;
  let hit = false;
  for (;;) {
    if (p >= pEnd) {
      // Unclosed: the class ran to the end of the pattern.
      p = pEnd - 1;
      break;
    }
    const c = pattern[p]!;
    if (c === BACKSLASH && p + 1 < pEnd) {
      p++;
      if (pattern[p] === byte) hit = true;
    } else if (c === CLOSE) {
      break;
    } else if (p + 2 < pEnd && pattern[p + 1] === DASH) {
      let lo = signed(c);
      let hi = signed(pattern[p + 2]!);
      let x = signed(byte);
      if (lo > hi) [lo, hi] = [hi, lo];
      if (nocase) {
        lo = fold(lo);
        hi = fold(hi);
        x = fold(x);
      }
      if (x >= lo && x <= hi) hit = true;
      p += 2;
    } else if (nocase ? fold(c) === fold(byte) : c === byte) {
      hit = true;
    }
    p++;
  }
  return hit !== negate ? p : -1;
}

/** True if subject matches the Redis glob pattern. */
export function matchGlob(pattern: Buffer, subject: Buffer, options: GlobOptions = {}): boolean {
  return matchFrom({ pattern, subject, nocase: options.nocase ?? false, skipLonger: false }, 0, 0, 0);
}

const ALL_KEYS = Buffer.from('*');

/**
 * A key filter as KEYS and SCAN MATCH apply it: the pattern `*` alone selects every key, even the empty
 * one (both commands short-cut it; stringmatchlen itself never matches an empty subject).
 */
export function matchKeyPattern(pattern: Buffer, key: Buffer, options: GlobOptions = {}): boolean {
  return pattern.equals(ALL_KEYS) || matchGlob(pattern, key, options);
}
