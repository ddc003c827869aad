// What Redis refuses beyond the encodings themselves: duplicate members/fields, stream node keys, groups, PEL ownership.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openFileSource, readRdb } from '../../src/rdb/index.js';
import { RdbError } from '../../src/rdb/problem.js';
import { UniqueNames } from '../../src/rdb/unique.js';
import { collect } from './helpers/collect.js';
import { REFUSAL_CASES } from './helpers/refusal-cases.js';

describe('refusals Redis makes on structurally sound values', () => {
  for (const c of REFUSAL_CASES) {
    it(`${c.refused ? 'refuses' : 'accepts'} a ${c.name}`, () => {
      const { summary } = collect(c.bytes);
      if (!c.refused) {
        expect(summary.problem).toBeNull();
        return;
      }
      expect(summary.problem).not.toBeNull();
      expect(['bad-value', 'bad-stream']).toContain(summary.problem!.code);
      // The problem points inside the key's value, after the 9-byte signature and SELECTDB.
      expect(summary.problem!.offset).toBeGreaterThan(11);
      expect(summary.problem!.offset).toBeLessThan(c.bytes.length - 9);
    });
  }

  it('reports a duplicate plain set member at the second occurrence', () => {
    const dup = REFUSAL_CASES.find((c) => c.name === 'set with a duplicate member')!;
    // REDIS0010 FE 00 | 02 01 'k' | 03 | 01 'a' 01 'b' 01 'a' : the second 'a' starts at 19.
    expect(collect(dup.bytes).summary.problem).toMatchObject({ code: 'bad-value', offset: 19 });
  });

  it('tells apart names that share a hash bucket, and finds a repeat among them', () => {
    const names = new UniqueNames('set');
    // "m763399" and "m1109514" have the same 32-bit FNV-1a hash.
    names.add(Buffer.from('m763399'), 0);
    names.add(Buffer.from('m1109514'), 0);
    names.add(Buffer.alloc(0), 0);
    expect(() => names.add(Buffer.from('m1109514'), 7)).toThrow(RdbError);
    expect(() => names.add(Buffer.from('m763399'), 7)).toThrow(/offset 7 repeats "m763399"/);
    expect(() => names.add(Buffer.alloc(0), 7)).toThrow(/repeats ""/);
  });

  it('gives the same verdicts reading from a file through a tiny, reused window', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aof-refusals-'));
    try {
      for (const c of REFUSAL_CASES) {
        const path = join(dir, 'case.rdb');
        writeFileSync(path, c.bytes);
        const source = openFileSource(path);
        const gen = readRdb(source, { windowSize: 8 });
        let step = gen.next();
        while (!step.done) step = gen.next();
        source.close();
        expect(step.value.problem === null, c.name).toBe(!c.refused);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
