// Module values and module AUX data: the type name encoded in the module id, and skipping the typed fields.

import {
  RDB_MODULE_OPCODE_DOUBLE,
  RDB_MODULE_OPCODE_EOF,
  RDB_MODULE_OPCODE_FLOAT,
  RDB_MODULE_OPCODE_SINT,
  RDB_MODULE_OPCODE_STRING,
  RDB_MODULE_OPCODE_UINT,
} from './constants.js';
import type { Cursor } from './cursor.js';
import { readLength, readString } from './length.js';
import { RdbError } from './problem.js';

const MODULE_NAME_CHARSET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** The 9-character type name in the upper 54 bits of a module id, 6 bits per character (moduleTypeNameByID). */
export function moduleNameById(id: bigint): string {
  let rest = BigInt.asUintN(64, id) >> 10n;
  const chars = new Array<string>(9);
  for (let j = 8; j >= 0; j--) {
    chars[j] = MODULE_NAME_CHARSET[Number(rest & 63n)]!;
    rest >>= 6n;
  }
  return chars.join('');
}

/** The encoding version a module stored in the low 10 bits of its id. */
export function moduleEncodingVersion(id: bigint): number {
  return Number(id & 1023n);
}

/**
 * Skips a module's typed fields up to RDB_MODULE_OPCODE_EOF, as rdbLoadCheckModuleValue does. An
 * unknown field opcode means the length cannot be known, so it is a problem (Redis's check mode would
 * silently misread the rest).
 */
export function skipModuleFields(cur: Cursor, name: string): void {
  for (;;) {
    const at = cur.offset;
    const opcode = readLength(cur);
    switch (opcode) {
      case RDB_MODULE_OPCODE_EOF:
        return;
      case RDB_MODULE_OPCODE_SINT:
      case RDB_MODULE_OPCODE_UINT:
        readLength(cur);
        break;
      case RDB_MODULE_OPCODE_FLOAT:
        cur.skip(4);
        break;
      case RDB_MODULE_OPCODE_DOUBLE:
        cur.skip(8);
        break;
      case RDB_MODULE_OPCODE_STRING:
        readString(cur, true);
        break;
      default:
        throw new RdbError('bad-module', at, `module '${name}' data has unknown field opcode ${opcode} at offset ${at}; its length cannot be known`);
    }
  }
}
