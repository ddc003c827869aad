// DUMP / FUNCTION DUMP payloads: body, 2-byte little-endian RDB version, CRC-64 of both (verifyDumpPayload).

import { bufferSource } from './byte-source.js';
import * as C from './constants.js';
import { crc64 } from './crc64.js';
import { Cursor } from './cursor.js';
import { readString } from './length.js';
import { RdbError } from './problem.js';
import type { RdbProblem, RdbValue } from './types.js';
import { readValue, valueTypeOf } from './values.js';

const FOOTER_SIZE = 10;

/** Checks the footer as verifyDumpPayload does; returns the body, or a problem. */
function verifyFooter(payload: Buffer): { body: Buffer; version: number } | { problem: RdbProblem } {
  if (payload.length < FOOTER_SIZE) {
    return { problem: { code: 'truncated', offset: 0, message: `DUMP payload of ${payload.length} bytes is shorter than its 10-byte footer` } };
  }
  const footer = payload.length - FOOTER_SIZE;
  const version = payload.readUInt16LE(footer);
  const known = version <= C.RDB_MAX_VERSION || (version >= C.VALKEY_MIN_VERSION && version <= C.VALKEY_MAX_VERSION);
  if (!known) {
    return {
      problem: {
        code: 'unsupported-version',
        offset: footer,
        message: `DUMP payload RDB version ${version} is newer than this reader supports (Redis 1–${C.RDB_MAX_VERSION}, Valkey ${C.VALKEY_MIN_VERSION})`,
      },
    };
  }
  const stored = payload.readBigUInt64LE(footer + 2);
  const computed = crc64(0n, payload.subarray(0, footer + 2));
  if (stored !== computed) {
    return {
      problem: {
        code: 'bad-checksum',
        offset: footer + 2,
        message: `DUMP payload checksum mismatch: stored 0x${stored.toString(16)}, computed 0x${computed.toString(16)}`,
      },
    };
  }
  return { body: payload.subarray(0, footer), version };
}

/** Decodes a DUMP payload (the argument of RESTORE): one type byte and one value. Offsets are within the payload. */
export function decodeDumpPayload(payload: Buffer): { value: RdbValue } | { problem: RdbProblem } {
  const verified = verifyFooter(payload);
  if ('problem' in verified) return verified;
  const cur = new Cursor(bufferSource(verified.body), 0, { checksum: false });
  try {
    // A DUMP payload has no magic: its version tells whose numbering its type byte follows.
    const type = valueTypeOf(cur.u8(), verified.version >= C.VALKEY_MIN_VERSION ? 'valkey' : 'redis', 0);
    const value = readValue(cur, type);
    if (value === null) return { problem: { code: 'bad-value', offset: 1, message: 'DUMP payload holds an empty collection, which RESTORE refuses' } };
    return { value };
  } catch (err) {
    if (err instanceof RdbError) return { problem: err.toProblem() };
    throw err;
  }
}

/** Decodes a FUNCTION DUMP payload (the argument of FUNCTION RESTORE) into the libraries' code, in order. */
export function decodeFunctionDump(payload: Buffer): { libraries: Buffer[] } | { problem: RdbProblem } {
  const verified = verifyFooter(payload);
  if ('problem' in verified) return verified;
  const body = verified.body;
  const cur = new Cursor(bufferSource(body), 0, { checksum: false });
  const libraries: Buffer[] = [];
  try {
    while (cur.offset < body.length) {
      const at = cur.offset;
      const type = cur.u8();
      if (type === C.RDB_OPCODE_FUNCTION_PRE_GA) throw new RdbError('bad-function', at, 'pre-GA function format not supported (Redis 7.0-rc1/rc2 payload)');
      if (type !== C.RDB_OPCODE_FUNCTION2) throw new RdbError('bad-function', at, `given type ${type} at offset ${at} is not a function`);
      libraries.push(readString(cur));
    }
    return { libraries };
  } catch (err) {
    if (err instanceof RdbError) return { problem: err.toProblem() };
    throw err;
  }
}
