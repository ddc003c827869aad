// Reads the RDB part of a file (an RDB base or an RDB preamble) and says where its RESP tail starts.

import { setImmediate as nextTick } from 'node:timers/promises';
import { openFileSource, readRdb } from '../rdb/index.js';
import type { RdbRecord, RdbSummary } from '../rdb/types.js';
import type { AofProblem } from './problem.js';

export interface RdbSectionResult {
  /** Offset just past the RDB section (its checksum), or null when it could not be read to the end. */
  readonly end: number | null;
  readonly version: number | null;
  readonly problem: AofProblem | null;
  readonly aux: Map<string, Buffer>;
  readonly checksum: RdbSummary['checksum']['status'];
}

/** Records between two pauses that let the event loop run (spinner updates). */
const RECORDS_PER_TURN = 2048;

export async function readRdbSection(
  path: string,
  _size: number,
  onRecord: (record: RdbRecord) => void,
  onProgress: (done: number) => void,
): Promise<RdbSectionResult> {
  const aux = new Map<string, Buffer>();
  const source = openFileSource(path);
  let summary: RdbSummary;
  try {
    const records = readRdb(source);
    for (let n = 1; ; n++) {
      const step = records.next();
      if (step.done) {
        summary = step.value;
        break;
      }
      const record = step.value;
      if (record.type === 'aux') aux.set(record.key.toString('latin1'), record.value);
      onRecord(record);
      if (n % RECORDS_PER_TURN === 0) {
        onProgress(records.offset);
        await nextTick();
      }
    }
  } finally {
    source.close();
  }
  const problem: AofProblem | null = summary.problem && {
    severity: 'error',
    code: `rdb-${summary.problem.code}`,
    kind: 'corrupt',
    file: path,
    offset: summary.problem.offset,
    line: null,
    message: `${summary.problem.message}: redis-server refuses an RDB section it cannot read ("Error reading the RDB preamble"/"RDB base file"), and truncating cannot repair it`,
  };
  if (summary.end !== null) onProgress(summary.end);
  return { end: problem ? null : summary.end, version: summary.version, problem, aux, checksum: summary.checksum.status };
}
