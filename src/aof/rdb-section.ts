// Reads the RDB part of a file (an RDB base or an RDB preamble) and says where its RESP tail starts.

import { setImmediate as nextTick } from 'node:timers/promises';
import type { RdbKeyClaim, RdbProblem, RdbRecord, RdbSummary } from '../rdb/types.js';
import { openFileBytes } from './file-bytes.js';
import type { AofFile } from './layout.js';
import type { AofProblem } from './problem.js';
import { DATABASES } from './verdict/select.js';

export interface RdbSectionResult {
  /** Offset just past the RDB section (its checksum), or null when it could not be read to the end. */
  readonly end: number | null;
  readonly version: number | null;
  readonly problem: AofProblem | null;
  readonly aux: Map<string, Buffer>;
  readonly checksum: RdbSummary['checksum']['status'];
  /** Keys read (as records or, with `keys: 'count'`, only counted) before the section ended. */
  readonly keys: number;
}

export interface RdbSectionOptions {
  /**
   * 'records' (default) hands every key to onRecord; 'count' only counts keys, for a caller that just
   * checks the file: the same checks and problems, without holding any value in memory.
   */
  readonly keys?: 'records' | 'count';
  /** Awaited between batches of records when it returns a promise (a slow consumer's backpressure). */
  readonly pause?: () => Promise<void> | undefined;
  /** With 'records': large collections come in parts of this many elements (readRdb's partSize). */
  readonly partSize?: number;
  /** With 'records': string keys as views valid until the next record (readRdb's stringViews). */
  readonly stringViews?: boolean;
  /** With 'records': keys taken by their place in the file instead of as records (readRdbClaiming). */
  readonly claim?: RdbKeyClaim;
}

/** Records between two pauses that let the event loop run (spinner updates). */
const RECORDS_PER_TURN = 2048;

function dbOutOfRange(path: string, record: RdbRecord & { type: 'select-db' }): AofProblem {
  return {
    severity: 'error',
    code: 'rdb-db-out-of-range',
    kind: 'corrupt',
    file: path,
    offset: record.offset,
    line: null,
    message: `RDB selects DB ${record.db} at offset ${record.offset}: redis-server with the default 'databases ${DATABASES}' exits ("Data file was created with a Redis server configured to handle more than ${DATABASES} databases"); only a server configured with more databases loads it`,
  };
}

/** Codes of an RDB the reader does not know how to read, as opposed to one it knows is damaged. */
const UNSUPPORTED = new Set(['unsupported-version', 'bad-type']);

function rdbProblem(path: string, p: RdbProblem): AofProblem {
  const base = { severity: 'error' as const, code: `rdb-${p.code}`, file: path, offset: p.offset, line: null };
  if (UNSUPPORTED.has(p.code)) {
    return {
      ...base,
      kind: 'unsupported',
      message:
        `${p.message}: written by a server newer than aof knows (or damaged there); aof cannot read past it, so it ` +
        "calls the file neither sound nor corrupt and will change nothing in it. Check it with that server's own check tool",
    };
  }
  return {
    ...base,
    kind: 'corrupt',
    message: `${p.message}: redis-server refuses an RDB section it cannot read ("Error reading the RDB preamble"/"RDB base file"), and truncating cannot repair it`,
  };
}

export async function readRdbSection(
  file: AofFile,
  onRecord: (record: RdbRecord) => void,
  onProgress: (done: number) => void,
  options: RdbSectionOptions = {},
): Promise<RdbSectionResult> {
  // The RDB reader (two dozen modules) loads only for a file that has an RDB part: a RESP check starts sooner.
  const { checkRdb, readRdb, readRdbClaiming } = await import('../rdb/reader.js');
  const path = file.path;
  const aux = new Map<string, Buffer>();
  const source = openFileBytes(file);
  let summary: RdbSummary | null = null;
  let badDb: { problem: AofProblem; version: number } | null = null;
  let keys = 0;
  const counting = options.keys === 'count' ? checkRdb(source) : null;
  try {
    const readOptions = { ...(options.partSize === undefined ? {} : { partSize: options.partSize }), stringViews: options.stringViews === true };
    const records = counting ?? (options.claim === undefined ? readRdb(source, readOptions) : readRdbClaiming(source, options.claim, readOptions));
    for (let n = 1; ; n++) {
      const step = records.next();
      if (step.done) {
        summary = step.value;
        break;
      }
      const record = step.value;
      if (record.type === 'keys-counted') {
        onProgress(records.offset);
        // Claimed keys may have been written out meanwhile: their output drains here too.
        const held = options.pause?.();
        if (held !== undefined) await held;
        await nextTick();
        continue;
      }
      if (record.type === 'select-db' && record.db >= DATABASES) {
        // The reader got past the signature, so its 4 version digits are sound.
        badDb = { problem: dbOutOfRange(path, record), version: Number(source.read(5, 4).toString('latin1')) };
        break;
      }
      if (record.type === 'aux') aux.set(record.key.toString('latin1'), record.value);
      if (record.type === 'key') keys++;
      onRecord(record);
      // After every record, so a consumer streaming a huge value out holds the read right there.
      const held = options.pause?.();
      if (held !== undefined) await held;
      if (n % RECORDS_PER_TURN === 0) {
        onProgress(records.offset);
        await nextTick();
      }
    }
  } finally {
    source.close();
  }
  if (summary === null) return { end: null, version: badDb!.version, problem: badDb!.problem, aux, checksum: 'absent', keys: counting ? counting.keys : keys };
  const problem: AofProblem | null = summary.problem && rdbProblem(path, summary.problem);
  if (summary.end !== null) onProgress(summary.end);
  return {
    end: problem ? null : summary.end,
    version: summary.version,
    problem,
    aux,
    checksum: summary.checksum.status,
    keys: counting ? counting.keys : keys,
  };
}
