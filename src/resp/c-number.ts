// C number parsing as redis-server's AOF loader does it (glibc strtol/atoi), so verdicts match the server.

const LONG_MAX = (1n << 63n) - 1n;
const LONG_MIN = -(1n << 63n);

export interface ParsedLong {
  /** The value strtol returns: saturated at LONG_MIN/LONG_MAX on overflow. */
  readonly value: bigint;
  /** Index of the first byte strtol did not consume (`from` when it converted nothing). */
  readonly end: number;
  readonly overflow: boolean;
}

function isCSpace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d); // ' ', \t \n \v \f \r
}

/** strtol(line + from, &end, 10): leading white space, an optional sign, then decimal digits. */
export function parseCLong(line: Buffer, from: number, to: number): ParsedLong {
  let i = from;
  while (i < to && isCSpace(line[i]!)) i++;
  let negative = false;
  if (i < to && (line[i] === 0x2b || line[i] === 0x2d)) {
    negative = line[i] === 0x2d;
    i++;
  }
  const digitsStart = i;
  let magnitude = 0n;
  let overflow = false;
  while (i < to) {
    const c = line[i]!;
    if (c < 0x30 || c > 0x39) break;
    if (!overflow) {
      magnitude = magnitude * 10n + BigInt(c - 0x30);
      if (magnitude > LONG_MAX + 1n) overflow = true;
    }
    i++;
  }
  if (i === digitsStart) return { value: 0n, end: from, overflow: false };
  let value = negative ? -magnitude : magnitude;
  if (overflow || value > LONG_MAX || value < LONG_MIN) {
    overflow = true;
    value = negative ? LONG_MIN : LONG_MAX;
  }
  return { value, end: i, overflow };
}

/** atoi() as glibc defines it: (int) strtol(…), i.e. the low 32 bits of the saturated long, signed. */
export function toCInt(value: bigint): number {
  return Number(BigInt.asIntN(32, value));
}
