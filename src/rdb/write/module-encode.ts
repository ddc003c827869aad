// Module values and module AUX data carried verbatim: the payload is checked to be whole typed fields ending in EOF.

import { bufferSource } from '../byte-source.js';
import { RDB_MODULE_OPCODE_UINT, RDB_TYPE_MODULE_2 } from '../constants.js';
import { Cursor } from '../cursor.js';
import { readLength } from '../length.js';
import { moduleNameById, skipModuleFields } from '../module.js';
import { RdbError } from '../problem.js';
import type { EncodeContext } from './encode-context.js';
import { writeLengthBig } from './primitives.js';
import { reason, type WriteReason } from './refusal.js';

/**
 * Refuses a payload the loader could not walk (rdbLoadCheckModuleValue): an unknown field opcode, a
 * field cut short, or bytes after RDB_MODULE_OPCODE_EOF. `aux`: module AUX data, which starts with the
 * 'when' field (a UINT opcode and its value).
 */
export function checkModulePayload(moduleId: bigint, payload: Buffer, aux: boolean): WriteReason | null {
  const name = moduleNameById(moduleId);
  const cur = new Cursor(bufferSource(payload), 0, { checksum: false });
  try {
    if (aux && readLength(cur) !== RDB_MODULE_OPCODE_UINT) return reason('bad-value', `module '${name}' AUX data does not start with its 'when' field`);
    if (aux) readLength(cur);
    skipModuleFields(cur, name);
  } catch (err) {
    if (!(err instanceof RdbError)) throw err;
    return reason('bad-value', `module '${name}' payload is not whole typed fields ending in EOF (${err.message})`);
  }
  if (cur.offset !== payload.length) {
    return reason('bad-value', `module '${name}' payload has ${payload.length - cur.offset} bytes after its EOF field`);
  }
  return null;
}

/** RDB_TYPE_MODULE_2: the module id as a length, then the payload as the module saved it. */
export function encodeModule(moduleId: bigint, payload: Buffer, ctx: EncodeContext): WriteReason | null {
  const bad = checkModulePayload(moduleId, payload, false);
  if (bad !== null) return bad;
  ctx.startKey(RDB_TYPE_MODULE_2);
  writeLengthBig(ctx.out, moduleId);
  ctx.out.bytes(payload);
  return null;
}
