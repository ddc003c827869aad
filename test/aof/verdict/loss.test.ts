// lossOf and insideRdbSection: which damage a cut may touch and what a cut inside an RDB section costs.
import { describe, expect, it } from 'vitest';
import type { AofProblem } from '../../../src/aof/problem.js';
import type { FileResult } from '../../../src/aof/verdict/file-verdict.js';
import { insideRdbSection, lossOf } from '../../../src/aof/verdict/loss.js';

function result(over: { rdb?: boolean; rdbEnd?: number | null; error?: Partial<AofProblem> | null }): FileResult {
  const error =
    over.error === null
      ? null
      : { severity: 'error', code: 'bad-format', kind: 'truncated', file: 'a.aof', offset: 50, line: null, message: 'm', ...over.error };
  return {
    file: { path: 'missing.aof', rdb: over.rdb ?? true, size: 100 },
    error,
    okUpTo: 30,
    rdbEnd: over.rdbEnd === undefined ? 60 : over.rdbEnd,
    transactionCommands: 0,
  } as unknown as FileResult;
}

describe('insideRdbSection', () => {
  it('is true only for an error before the end of an RDB section', () => {
    expect(insideRdbSection(result({}))).toBe(true);
    expect(insideRdbSection(result({ rdb: false }))).toBe(false);
    expect(insideRdbSection(result({ error: null }))).toBe(false);
    expect(insideRdbSection(result({ rdbEnd: 40 }))).toBe(false);
    // The RDB section never ended: every error is inside it.
    expect(insideRdbSection(result({ rdbEnd: null, error: { offset: 90 } }))).toBe(true);
  });
});

describe('lossOf', () => {
  it('is null for a sound file, an unsupported file and a file that is not an AOF', async () => {
    expect(await lossOf(result({ error: null }), {})).toBeNull();
    expect(await lossOf(result({ error: { kind: 'unsupported' } }), {})).toBeNull();
    expect(await lossOf(result({ error: { code: 'not-an-aof' } }), {})).toBeNull();
  });

  it('a cut inside the RDB section loses the bytes from okUpTo, commands unknown', async () => {
    expect(await lossOf(result({}), {})).toEqual({ bytes: 70, commands: 0, approximate: true });
  });
});
