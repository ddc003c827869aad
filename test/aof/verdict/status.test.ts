// aofStatus: the one-word verdict from the manifest's problems and the files' first errors (unit level, so each rule is pinned).
import { describe, expect, it } from 'vitest';
import type { AofLayout } from '../../../src/aof/layout.js';
import type { AofProblem } from '../../../src/aof/problem.js';
import type { FileResult } from '../../../src/aof/verdict/file-verdict.js';
import { aofStatus, loads } from '../../../src/aof/verdict/status.js';

function problem(over: Partial<AofProblem>): AofProblem {
  return { severity: 'error', code: 'bad-format', kind: 'corrupt', file: 'a.aof', offset: 0, line: null, message: 'm', ...over };
}

function result(path: string, error: AofProblem | null): FileResult {
  return { file: { path }, error } as unknown as FileResult;
}

function layout(over: Partial<AofLayout> = {}): AofLayout {
  return { path: 'd', kind: 'single', manifestPath: null, manifest: null, files: [], problems: [], ...over } as AofLayout;
}

describe('aofStatus', () => {
  it('a manifest warning does not stop loading; a manifest error does', () => {
    const warn = problem({ severity: 'warning', file: 'm' });
    expect(loads(layout({ problems: [warn] }), [result('a.aof', null)])).toBe(true);
    expect(aofStatus(layout({ problems: [warn] }), [result('a.aof', null)])).toBe('valid');
    expect(loads(layout({ problems: [problem({ file: 'm' })] }), [result('a.aof', null)])).toBe(false);
    expect(aofStatus(layout({ problems: [problem({ file: 'm' })] }), [result('a.aof', null)])).toBe('invalid');
  });

  it('a file error stops loading', () => {
    expect(loads(layout(), [result('a.aof', problem({}))])).toBe(false);
  });

  it('an empty multi-part directory (no manifest) is empty, a single file is valid', () => {
    expect(aofStatus(layout({ kind: 'multi-part' }), [])).toBe('empty');
    const manifest = {} as AofLayout['manifest'];
    expect(aofStatus(layout({ kind: 'multi-part', manifest }), [result('b.aof', null)])).toBe('valid');
    expect(aofStatus(layout(), [result('a.aof', null)])).toBe('valid');
  });

  it('unsupported wins when any error is unsupported, not only when all are', () => {
    const errors = [result('b.aof', problem({ file: 'b.aof' })), result('i.aof', problem({ kind: 'unsupported', file: 'i.aof' }))];
    expect(aofStatus(layout({ kind: 'multi-part' }), errors)).toBe('unsupported');
  });

  it('a manifest error counts with the file errors', () => {
    const lay = layout({ problems: [problem({ file: 'm' })] });
    expect(aofStatus(lay, [result('a.aof', problem({ kind: 'truncated' }))])).toBe('invalid');
  });

  it('not-an-aof only for a single file whose first error says so', () => {
    expect(aofStatus(layout(), [result('a.aof', problem({ code: 'not-an-aof' }))])).toBe('not-aof');
    const two = [result('b.aof', problem({ code: 'not-an-aof', file: 'b.aof' })), result('i.aof', null)];
    expect(aofStatus(layout({ kind: 'multi-part' }), two)).toBe('invalid');
    expect(aofStatus(layout(), [result('a.aof', problem({ code: 'bad-format' }))])).toBe('invalid');
  });

  it('truncated only for one cut in the last file', () => {
    const cut = (file: string) => problem({ kind: 'truncated', file });
    expect(aofStatus(layout(), [result('a.aof', cut('a.aof'))])).toBe('truncated');
    // The server cuts only the last file's tail: a cut base is refused.
    const cutBase = [result('b.aof', cut('b.aof')), result('i.aof', null)];
    expect(aofStatus(layout({ kind: 'multi-part' }), cutBase)).toBe('invalid');
    expect(aofStatus(layout(), [result('a.aof', problem({ kind: 'corrupt' }))])).toBe('invalid');
    // Sound files and manifest warnings before the cut do not count against it.
    const cutLast = [result('b.aof', null), result('i.aof', cut('i.aof'))];
    expect(aofStatus(layout({ kind: 'multi-part' }), cutLast)).toBe('truncated');
    const warned = layout({ kind: 'multi-part', problems: [problem({ severity: 'warning', file: 'm' })] });
    expect(aofStatus(warned, cutLast)).toBe('truncated');
  });
});
