// The 9-byte RDB signature: "REDIS" and 4 digits, or Valkey 9's "VALKEY" and 3; versions newer than known are named and refused.

import { RDB_MAX_VERSION, VALKEY_MAX_VERSION, VALKEY_MIN_VERSION } from './constants.js';
import type { Cursor } from './cursor.js';
import { RdbError } from './problem.js';

const REDIS_MAGIC = Buffer.from('REDIS');
const VALKEY_MAGIC = Buffer.from('VALKEY');

function isDigits(b: Buffer): boolean {
  for (const c of b) if (c < 0x30 || c > 0x39) return false;
  return b.length > 0;
}

/** Whose format a file is in: type and opcode numbers past 21 mean different things in the two. */
export type RdbDialect = 'redis' | 'valkey';

export interface RdbHeader {
  readonly version: number;
  readonly dialect: RdbDialect;
}

/** `VALKEY` and 3 digits (Valkey 9+, rdbWriteHeader): version 80 is read, others are refused as unknown. */
function readValkeyHeader(cur: Cursor, head: Buffer, at: number): RdbHeader {
  if (head.length < 9) throw new RdbError('truncated', at, `the RDB signature at offset ${at} is cut short (${head.length} of 9 bytes)`);
  const digits = head.subarray(6, 9);
  if (!isDigits(digits))
    throw new RdbError('bad-magic', at + 6, `Valkey RDB version at offset ${at + 6} is not 3 digits: ${JSON.stringify(digits.toString('latin1'))}`);
  const version = Number(digits.toString('latin1'));
  if (version < VALKEY_MIN_VERSION) {
    throw new RdbError(
      'bad-magic',
      at + 6,
      `a VALKEY signature with RDB version ${version}: Valkey writes that magic only from version ${VALKEY_MIN_VERSION} (9.0), and refuses it below`,
    );
  }
  if (version > VALKEY_MAX_VERSION) {
    const who = version === 81 ? ' (Valkey 9.2 or later)' : '';
    throw new RdbError('unsupported-version', at + 6, `Valkey RDB version ${version}${who} is newer than this reader supports (${VALKEY_MIN_VERSION})`);
  }
  cur.skip(9);
  return { version, dialect: 'valkey' };
}

/** Reads the signature: the RDB version and dialect, or a problem naming what was found. */
export function readHeader(cur: Cursor): RdbHeader {
  const at = cur.offset;
  const avail = Math.min(cur.remaining, 9);
  const head = Buffer.from(cur.source.read(at, avail));
  if (head.length >= 6 && head.subarray(0, 6).equals(VALKEY_MAGIC)) return readValkeyHeader(cur, head, at);
  const prefix = head.subarray(0, Math.min(5, head.length));
  if (!prefix.equals(REDIS_MAGIC.subarray(0, prefix.length)) || head.length === 0) {
    throw new RdbError('bad-magic', at, `not an RDB file: no REDIS signature at offset ${at}`);
  }
  if (head.length < 9) {
    throw new RdbError('truncated', at, `the RDB signature at offset ${at} is cut short (${head.length} of 9 bytes)`);
  }
  const digits = head.subarray(5, 9);
  if (!isDigits(digits)) {
    throw new RdbError('bad-magic', at + 5, `RDB version at offset ${at + 5} is not 4 digits: ${JSON.stringify(digits.toString('latin1'))}`);
  }
  const version = Number(digits.toString('latin1'));
  if (version < 1) throw new RdbError('unsupported-version', at + 5, `RDB version ${version} does not exist`);
  if (version > RDB_MAX_VERSION) {
    const who =
      version === 13
        ? ' (Redis 8.6 or later)'
        : version >= VALKEY_MIN_VERSION
          ? ' (a Valkey version number, with the REDIS magic)'
          : ' (another fork or a newer Redis)';
    throw new RdbError(
      'unsupported-version',
      at + 5,
      `RDB version ${version}${who} is newer than this reader supports (Redis 1–${RDB_MAX_VERSION}, Valkey ${VALKEY_MIN_VERSION})`,
    );
  }
  cur.skip(9);
  return { version, dialect: 'redis' };
}
