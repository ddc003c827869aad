// Runs readRdb to completion over a Buffer and returns the records and summary.
import { bufferSource, readRdb, type RdbRecord, type RdbSummary, type ReadRdbOptions } from '../../../src/rdb/index.js';

export function collect(buf: Buffer, options: ReadRdbOptions = {}): { records: RdbRecord[]; summary: RdbSummary } {
  const records: RdbRecord[] = [];
  const it = readRdb(bufferSource(buf), options);
  for (;;) {
    const r = it.next();
    if (r.done) return { records, summary: r.value };
    records.push(r.value);
  }
}

/** The value records only, with Buffers shown as latin1 strings for readable expectations. */
export function plain(x: unknown): unknown {
  if (Buffer.isBuffer(x)) return x.toString('latin1');
  if (Array.isArray(x)) return x.map(plain);
  if (x !== null && typeof x === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(x)) out[k] = plain(v);
    return out;
  }
  return x;
}

export function keys(buf: Buffer): Array<{ key: string; value: unknown; expireAtMs: number | null; db: number }> {
  const { records, summary } = collect(buf);
  if (summary.problem) throw new Error(`unexpected problem: ${summary.problem.code} ${summary.problem.message}`);
  return records.flatMap((r) => (r.type === 'key' ? [{ key: r.key.toString('latin1'), value: plain(r.value), expireAtMs: r.expireAtMs, db: r.db }] : []));
}
