// Reads the RDB part of a file (an RDB base or an RDB preamble) and says where its RESP tail starts.

import type { RdbRecord } from '../rdb/types.js';
import type { AofProblem } from './problem.js';

export interface RdbSectionResult {
  /** Offset just past the RDB section (its checksum), or null when it could not be read to the end. */
  readonly end: number | null;
  readonly version: number | null;
  readonly problem: AofProblem | null;
  readonly aux: Map<string, Buffer>;
}

/** Until the RDB reader lands, an RDB section is reported as not verified: never valid by silence. */
export async function readRdbSection(
  path: string,
  _size: number,
  _onRecord: (record: RdbRecord) => void,
  _onProgress: (done: number) => void,
): Promise<RdbSectionResult> {
  return {
    end: null,
    version: null,
    aux: new Map(),
    problem: {
      severity: 'error',
      code: 'rdb-not-verified',
      kind: 'corrupt',
      file: path,
      offset: 0,
      line: null,
      message: 'this file starts with an RDB section, which this version of aof cannot verify yet',
    },
  };
}
