// Seeded mutations of AOF, RDB and manifest bytes: cuts, flips, inserts, deletes, hostile counts and lengths, garbage, nested MULTI.

/** mulberry32: a small, fast, seedable PRNG, so every failure replays from its seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Rng = () => number;
const int = (rng: Rng, n: number) => Math.floor(rng() * n);
const pick = <T>(rng: Rng, items: readonly T[]): T => items[int(rng, items.length)] as T;

/** The numbers that break parsers: zero, negatives, INT_MAX + 1, 2^32 (+2, which atoi wraps to 2), LONG_MAX, past it. */
export const HOSTILE_NUMBERS = [
  '0',
  '-1',
  '2147483647',
  '2147483648',
  '4294967296',
  '4294967298',
  '9223372036854775807',
  '18446744073709551616',
  '99999999999999999999999',
  '-2147483649',
  '1x',
  ' 3',
  '',
];

const MULTI = Buffer.from('*1\r\n$5\r\nMULTI\r\n');
const EXEC = Buffer.from('*1\r\n$4\r\nEXEC\r\n');
const GARBAGE = [
  Buffer.from('*'),
  Buffer.from('$'),
  Buffer.from('#TS:'),
  Buffer.from('\r\n'),
  Buffer.from('REDIS0011'),
  Buffer.from('VALKEY080'),
  Buffer.from('file x seq 1 type i\n'),
];

function randomBytes(rng: Rng, n: number): Buffer {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = int(rng, 256);
  return b;
}

/** Offsets of `*<digits>\r\n` and `$<digits>\r\n` headers (the digits' span). */
function numberHeaders(bytes: Buffer): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let i = 0; i < bytes.length - 2; i++) {
    const c = bytes[i];
    if ((c !== 0x2a && c !== 0x24) || (i > 0 && bytes[i - 1] !== 0x0a)) continue;
    let j = i + 1;
    while (j < bytes.length && (bytes[j] as number) >= 0x30 && (bytes[j] as number) <= 0x39) j++;
    if (j > i + 1 && bytes[j] === 0x0d) out.push([i + 1, j]);
  }
  return out;
}

export const MUTATIONS = ['cut', 'flip', 'insert', 'delete', 'number', 'name', 'garbage-tail', 'multi', 'zero-block', 'byte-set', 'splice'] as const;

/**
 * Bulk strings a file may hold where a command or subcommand name goes: Object.prototype's own names (a table
 * kept as a plain object answers them with its prototype's), container commands and a module's name.
 */
export const HOSTILE_NAMES = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'FUNCTION', 'XGROUP', 'OBJECT', 'JSON.SET'];
export type Mutation = (typeof MUTATIONS)[number];

/** One mutation of `bytes`, and a label saying what was done where. */
export function mutate(bytes: Buffer, rng: Rng): { bytes: Buffer; label: string } {
  const kind = pick(rng, MUTATIONS);
  const n = bytes.length;
  const at = n === 0 ? 0 : int(rng, n);
  switch (kind) {
    case 'cut':
      return { bytes: bytes.subarray(0, at), label: `cut at ${at}` };
    case 'flip': {
      const b = Buffer.from(bytes);
      if (n > 0) b[at] = (b[at] as number) ^ (1 << int(rng, 8));
      return { bytes: b, label: `flip a bit at ${at}` };
    }
    case 'insert': {
      const extra = randomBytes(rng, 1 + int(rng, 16));
      return { bytes: Buffer.concat([bytes.subarray(0, at), extra, bytes.subarray(at)]), label: `insert ${extra.length} bytes at ${at}` };
    }
    case 'delete': {
      const len = 1 + int(rng, 16);
      return { bytes: Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + len)]), label: `delete ${len} bytes at ${at}` };
    }
    case 'number': {
      const headers = numberHeaders(bytes);
      if (headers.length === 0) return mutate(bytes, rng);
      const [from, to] = pick(rng, headers);
      const value = pick(rng, HOSTILE_NUMBERS);
      return { bytes: Buffer.concat([bytes.subarray(0, from), Buffer.from(value), bytes.subarray(to)]), label: `number at ${from} -> '${value}'` };
    }
    case 'name': {
      // A bulk string (`$n\r\n` and its bytes) replaced whole by a hostile word, so the frame stays sound.
      const bulks = numberHeaders(bytes).filter(([from]) => bytes[from - 1] === 0x24);
      if (bulks.length === 0) return mutate(bytes, rng);
      const [from, to] = pick(rng, bulks);
      const end = to + 2 + Number(bytes.toString('latin1', from, to));
      if (end > n) return mutate(bytes, rng);
      const word = pick(rng, HOSTILE_NAMES);
      return {
        bytes: Buffer.concat([bytes.subarray(0, from), Buffer.from(`${word.length}\r\n${word}`), bytes.subarray(end)]),
        label: `bulk at ${from} -> '${word}'`,
      };
    }
    case 'garbage-tail': {
      const tail = rng() < 0.5 ? randomBytes(rng, 1 + int(rng, 64)) : pick(rng, GARBAGE);
      return { bytes: Buffer.concat([bytes, tail]), label: `garbage tail of ${tail.length} bytes` };
    }
    case 'multi': {
      const starts = numberHeaders(bytes)
        .filter(([f]) => bytes[f - 1] === 0x2a)
        .map(([f]) => f - 1);
      const where = starts.length > 0 ? pick(rng, starts) : n;
      const frame = rng() < 0.7 ? MULTI : EXEC;
      return { bytes: Buffer.concat([bytes.subarray(0, where), frame, bytes.subarray(where)]), label: `${frame === MULTI ? 'MULTI' : 'EXEC'} at ${where}` };
    }
    case 'zero-block': {
      const b = Buffer.from(bytes);
      const len = Math.min(n - at, 1 + int(rng, 4096));
      b.fill(0, at, at + len);
      return { bytes: b, label: `zero ${len} bytes at ${at}` };
    }
    case 'byte-set': {
      const b = Buffer.from(bytes);
      const value = pick(rng, [0x00, 0x7f, 0x80, 0xc0, 0xc3, 0xfe, 0xff, 0x2a, 0x24, 0x0a]);
      if (n > 0) b[at] = value;
      return { bytes: b, label: `byte at ${at} = 0x${value.toString(16)}` };
    }
    case 'splice': {
      // A stretch of the file repeated elsewhere: torn writes and misdirected blocks look like this.
      const from = int(rng, n + 1);
      const len = int(rng, Math.min(512, n - from) + 1);
      const to = int(rng, n + 1);
      return {
        bytes: Buffer.concat([bytes.subarray(0, to), bytes.subarray(from, from + len), bytes.subarray(to)]),
        label: `copy ${len} bytes from ${from} to ${to}`,
      };
    }
  }
}
