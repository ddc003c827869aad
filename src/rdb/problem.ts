// The error the decoders throw internally; the reader catches it and reports it as an RdbProblem.

import type { RdbProblem } from './types.js';

export type RdbProblemCode =
  | 'truncated' // the input ends inside the RDB
  | 'bad-magic' // not an RDB (no REDIS signature)
  | 'unsupported-version' // a newer or foreign RDB format (Redis 8.x, Valkey 9)
  | 'bad-length' // an unknown length encoding, or a length larger than what remains
  | 'bad-string-encoding' // an unknown special string encoding
  | 'bad-lzf' // LZF data that does not decompress to the stated length
  | 'bad-type' // an unknown value type or opcode
  | 'bad-double' // a score that is not a number
  | 'bad-ziplist'
  | 'bad-listpack'
  | 'bad-intset'
  | 'bad-zipmap'
  | 'bad-stream'
  | 'bad-value' // a structurally valid value Redis would still refuse (NaN score, bad container…)
  | 'bad-module' // module data whose length cannot be known, or not properly terminated
  | 'bad-function' // function library data Redis refuses
  | 'bad-checksum'; // a CRC mismatch where the checksum must match (DUMP payloads)

/** Thrown by the decoders; never escapes readRdb, decodeDumpPayload or decodeFunctionDump. */
export class RdbError extends Error {
  constructor(
    readonly code: RdbProblemCode,
    readonly offset: number,
    message: string,
  ) {
    super(message);
    this.name = 'RdbError';
  }

  toProblem(): RdbProblem {
    return { code: this.code, offset: this.offset, message: this.message };
  }
}
