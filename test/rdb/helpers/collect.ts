// Runs readRdb to completion over a Buffer and returns the records and summary (checkRdb must agree).
import { expect } from 'vitest';
import { bufferSource, checkRdb, readRdb, type ByteSource, type RdbRecord, type RdbSummary, type ReadRdbOptions } from '../../../src/rdb/index.js';
import { readRdbClaiming } from '../../../src/rdb/reader.js';

/**
 * Every record and the summary; and, on every input any test reads this way, checkRdb must stop with
 * the same summary (problem, offset, message, checksum), key count and yield the same non-key records.
 */
export function collect(buf: Buffer, options: ReadRdbOptions = {}): { records: RdbRecord[]; summary: RdbSummary } {
  const records: RdbRecord[] = [];
  const it = readRdb(bufferSource(buf), options);
  for (;;) {
    const r = it.next();
    if (r.done) {
      expect(check(buf, options)).toEqual({
        records: records.filter((x) => x.type !== 'key'),
        summary: r.value,
        keys: records.filter((x) => x.type === 'key').length,
      });
      expectClaimsAgree(buf, options, records, r.value);
      return { records, summary: r.value };
    }
    records.push(r.value);
  }
}

/** The keys the claim below wants: an odd sum of their bytes (about half of them, whatever their names). */
const claimed = (key: Buffer) => key.reduce((a, b) => a + b, 0) % 2 === 1;

/**
 * readRdbClaiming, claiming half the keys, stops with readRdb's summary; on a sound file it yields readRdb's
 * other records, and each claimed key lies where readRdb read it (to the end of its last part).
 */
function expectClaimsAgree(buf: Buffer, options: ReadRdbOptions, records: readonly RdbRecord[], summary: RdbSummary): void {
  const took: { db: number; key: string; offset: number; end: number }[] = [];
  let asked: { db: number; key: string } | null = null;
  const it = readRdbClaiming(
    bufferSource(buf),
    {
      wants(db, key) {
        if (!claimed(key)) return false;
        asked = { db, key: key.toString('latin1') };
        return true;
      },
      took(offset, end) {
        took.push({ ...asked!, offset, end });
      },
    },
    options,
  );
  const yielded: RdbRecord[] = [];
  for (;;) {
    const r = it.next();
    if (r.done) {
      expect(r.value).toEqual(summary);
      break;
    }
    if (r.value.type !== 'keys-counted') yielded.push(r.value);
  }
  if (summary.problem !== null) return;
  const expected: typeof took = [];
  for (const x of records) {
    if ((x.type !== 'key' && x.type !== 'key-part') || !claimed(x.key)) continue;
    if (x.type === 'key') expected.push({ db: x.db, key: x.key.toString('latin1'), offset: x.offset, end: x.end });
    else expected.at(-1)!.end = x.end;
  }
  expect(took).toEqual(expected);
  expect(yielded.map(plain)).toEqual(records.filter((x) => (x.type !== 'key' && x.type !== 'key-part') || !claimed(x.key)).map(plain));
}

/** checkRdb's records without its progress counts, and its summary. */
export function check(buf: Buffer, options: ReadRdbOptions = {}): { records: RdbRecord[]; summary: RdbSummary; keys: number } {
  const records: RdbRecord[] = [];
  const it = checkRdb(bufferSource(buf), options);
  let counted = 0;
  for (;;) {
    const r = it.next();
    if (r.done) {
      expect(it.keys).toBeGreaterThanOrEqual(counted);
      return { records, summary: r.value, keys: it.keys };
    }
    if (r.value.type === 'keys-counted') counted = r.value.keys;
    else records.push(r.value);
  }
}

/** buf as a file source reads it: into one scratch Buffer, overwritten by the next read (a stale view shows other bytes). */
function reusingSource(buf: Buffer): ByteSource {
  const inner = bufferSource(buf);
  let scratch = Buffer.alloc(1 << 16);
  return {
    size: buf.length,
    read(position, length) {
      const want = Math.max(0, Math.min(length, buf.length - position));
      if (want > scratch.length) scratch = Buffer.alloc(want);
      return scratch.subarray(0, inner.readInto(scratch, 0, position, want));
    },
    readInto: (target, offset, position, length) => inner.readInto(target, offset, position, length),
    close() {
      // Nothing to release.
    },
  };
}

/**
 * plain() of collect()'s result, each record read as it is handed over: with stringViews, a string key's
 * Buffers are views valid only until the next record.
 */
export function collectAsHanded(buf: Buffer, options: ReadRdbOptions = {}): { records: unknown[]; summary: unknown } {
  const records: unknown[] = [];
  const it = readRdb(reusingSource(buf), options);
  for (;;) {
    const r = it.next();
    if (r.done) return { records, summary: plain(r.value) };
    records.push(plain(r.value));
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
