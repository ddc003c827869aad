// An RDB file's records but its ctime aux field (the clock), and its checksum's status: two files compared this way differ only in when they were written.
import { bufferSource, readRdb, type RdbRecord } from '../../src/rdb/index.js';

export function rdbRecordsButClock(file: Buffer): { records: RdbRecord[]; checksum: string } {
  const records: RdbRecord[] = [];
  const it = readRdb(bufferSource(file));
  for (;;) {
    const r = it.next();
    if (r.done) return { records, checksum: r.value.checksum.status };
    if (r.value.type !== 'aux' || r.value.key.toString('latin1') !== 'ctime') records.push(r.value);
  }
}
