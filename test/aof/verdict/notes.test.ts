// The verdict's own findings and notes: their codes, kinds, offsets and the server behaviour each message names.
import { describe, expect, it } from 'vitest';
import type { AofProblem } from '../../../src/aof/problem.js';
import { fromResp, multiUnterminated, notLastFile, transactionWarning, withRdbWipeNote, withSuspectNote } from '../../../src/aof/verdict/notes.js';
import type { CommandFrame, RespProblem } from '../../../src/resp/index.js';

const base: AofProblem = { severity: 'error', code: 'bad-format', kind: 'truncated', file: 'a.aof', offset: 7, line: 2, message: 'cut' };

describe('verdict notes', () => {
  it('fromResp keeps the kind of an error and drops it from a warning', () => {
    const err = { severity: 'error', kind: 'corrupt', code: 'c', offset: 1, line: 1, message: 'm' } as unknown as RespProblem;
    expect(fromResp(err, 'a.aof')).toMatchObject({ kind: 'corrupt', file: 'a.aof', offset: 1 });
    const warn = { severity: 'warning', kind: 'corrupt', code: 'w', offset: 1, line: 1, message: 'm' } as unknown as RespProblem;
    expect(fromResp(warn, 'a.aof').kind).toBeUndefined();
  });

  it('the suspect note names the offset the fix cuts from', () => {
    expect(withSuspectNote(base, 3).message).toMatch(/^cut\. The command at offset 3 .*damaged too: a fix cuts from there$/);
  });

  it('the RDB wipe note warns that the server cuts at offset 0', () => {
    expect(withRdbWipeNote(base).message).toMatch(
      /^cut\. Do not let redis-server repair this: .*cuts the file at offset 0.*aof fix cuts after the RDB section$/,
    );
  });

  it('a cut file that is not the last one is corrupt, and says why', () => {
    const p = notLastFile(base);
    expect(p.kind).toBe('corrupt');
    expect(p.message).toMatch(/^cut\. This is not the last file of the AOF: .*\("the truncated file is not the last file"\), after cutting it on disk$/);
  });

  it('an unterminated MULTI is a truncation at the MULTI', () => {
    const p = multiUnterminated('a.aof', 40, 9);
    expect(p).toMatchObject({ severity: 'error', code: 'multi-unterminated', kind: 'truncated', offset: 40, line: 9 });
    expect(p.message).toContain('opened by MULTI at offset 40');
    expect(p.message).toContain('Revert incomplete MULTI/EXEC transaction');
  });

  it('nested MULTI and EXEC without MULTI are warnings with their own codes and messages', () => {
    const frame = { start: 50, line: 12 } as CommandFrame;
    const nested = transactionWarning('nested-multi', 'a.aof', frame, 40);
    expect(nested).toMatchObject({ severity: 'warning', code: 'multi-nested', offset: 50, line: 12 });
    expect(nested.message).toMatch(/^MULTI inside the transaction opened at offset 40: .*MULTI calls can not be nested/);
    const exec = transactionWarning('exec-without-multi', 'a.aof', frame, null);
    expect(exec.code).toBe('exec-without-multi');
    expect(exec.message).toMatch(/^EXEC without MULTI: redis-server loads it .*redis-check-aof rejects the file$/);
  });
});
