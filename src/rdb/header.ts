// The 9-byte RDB signature: "REDIS" and a 4-digit version; newer Redis and Valkey's own format are named and refused.

import { RDB_MAX_VERSION } from './constants.js';
import type { Cursor } from './cursor.js';
import { RdbError } from './problem.js';

const REDIS_MAGIC = Buffer.from('REDIS');
const VALKEY_MAGIC = Buffer.from('VALKEY');

function isDigits(b: Buffer): boolean {
  for (const c of b) if (c < 0x30 || c > 0x39) return false;
  return b.length > 0;
}

/** Reads the signature and returns the RDB version (1–12), or throws a problem naming what was found. */
export function readHeader(cur: Cursor): number {
  const at = cur.offset;
  const avail = Math.min(cur.remaining, 9);
  const head = Buffer.from(cur.source.read(at, avail));
  if (head.length >= 6 && head.subarray(0, 6).equals(VALKEY_MAGIC)) {
    const digits = head.subarray(6, 9);
    const version = isDigits(digits) ? String(Number(digits.toString('latin1'))) : 'unknown';
    throw new RdbError('unsupported-version', at, `Valkey RDB format (VALKEY magic, version ${version}) is not supported; this reader reads Redis RDB versions 1–${RDB_MAX_VERSION}`);
  }
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
    const who = version === 13 ? ' (written by Redis 8.x)' : version >= 80 ? ' (a Valkey version number)' : '';
    throw new RdbError('unsupported-version', at + 5, `RDB version ${version}${who} is newer than this reader supports (1–${RDB_MAX_VERSION})`);
  }
  cur.skip(9);
  return version;
}
