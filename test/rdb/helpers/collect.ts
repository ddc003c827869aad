// Runs readRdb to completion over a Buffer and returns the records and summary (checkRdb must agree).
import { expect } from 'vitest';
import { textScore } from '../../../src/rdb/values.js';
import {
  bufferSource,
  checkRdb,
  readRdb,
  type ByteSource,
  type PackedCollection,
  type RdbRecord,
  type RdbSummary,
  type RdbValue,
  type ReadRdbOptions,
} from '../../../src/rdb/index.js';

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
      return { records, summary: r.value };
    }
    records.push(r.value);
  }
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
 * plain() of collect()'s result, each record read as it is handed over: with views, a string key's
 * Buffers are views valid only until the next record.
 */
export function collectAsHanded(buf: Buffer, options: ReadRdbOptions = {}): { records: unknown[]; summary: unknown } {
  const records: unknown[] = [];
  const it = readRdb(reusingSource(buf), options);
  for (;;) {
    const r = it.next();
    if (r.done) return { records, summary: plain(r.value) };
    if (r.value.type === 'key' && r.value.packed !== undefined) {
      // A packed collection's positions must name the elements its decoded value holds; then it reads as without views.
      const { packed, ...rest } = r.value;
      if (!packed.entries.big) expect(packedElements(packed)).toEqual(decodedElements(rest.value));
      records.push(plain(rest));
    } else records.push(plain(r.value));
  }
}

/** A packed collection's elements as text, read from its positions (integers as decimal text). */
function packedElements(p: PackedCollection): string[] {
  const out: string[] = [];
  const e = p.entries;
  for (let i = 0; i < e.count; i++) {
    const n = e.int[i]!;
    // A sorted set's scores (every second element) as the server reads them; other elements as their text.
    if (p.type === 'zset' && i % 2 === 1) out.push(String(Number.isNaN(n) ? textScore(p.lp, e.start[i]!, e.end[i]!) : n));
    else out.push(Number.isNaN(n) ? p.lp.toString('latin1', e.start[i], e.end[i]) : String(n));
  }
  return out;
}

/** The elements of a decoded set, hash or sorted set in listpack order (a sorted set's scores as numbers' text). */
function decodedElements(v: RdbValue): string[] {
  if (v.type === 'set') return v.members.map((m) => m.toString('latin1'));
  if (v.type === 'hash') return v.entries.flatMap((e) => [e.field.toString('latin1'), e.value.toString('latin1')]);
  if (v.type === 'zset') return v.entries.flatMap((e) => [e.member.toString('latin1'), String(e.score)]);
  throw new Error(`a packed ${v.type}`);
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
