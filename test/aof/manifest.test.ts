// The manifest parser against the rules of redis-server's aofLoadManifestFromFile.
import { describe, expect, it } from 'vitest';
import { parseManifest } from '../../src/aof/manifest.js';
import { splitArgs } from '../../src/aof/split-args.js';

const parse = (text: string) => parseManifest(Buffer.from(text, 'latin1'));

describe('parseManifest', () => {
  it('reads what Redis 7 writes: base, history, incr', () => {
    const m = parse('file appendonly.aof.2.base.rdb seq 2 type b\nfile appendonly.aof.1.incr.aof seq 1 type h\nfile appendonly.aof.2.incr.aof seq 2 type i\n');
    expect(m.problem).toBeNull();
    expect(m.base).toEqual({ name: 'appendonly.aof.2.base.rdb', seq: 2, type: 'base', line: 1 });
    expect(m.history.map((e) => e.name)).toEqual(['appendonly.aof.1.incr.aof']);
    expect(m.incrs.map((e) => e.seq)).toEqual([2]);
  });

  it('accepts comments, CRLF, key order and case, unknown keys, `type incr` (first letter counts)', () => {
    const m = parse('# comment\r\nSEQ 3 TYPE incr FILE a.aof extra 1\r\n');
    expect(m.problem).toBeNull();
    expect(m.incrs).toEqual([{ name: 'a.aof', seq: 3, type: 'incr', line: 2 }]);
    expect(m.warnings.map((w) => w.code)).toEqual(['manifest-key-case', 'manifest-key-case', 'manifest-key-case']);
  });

  it('unquotes names like sdssplitargs', () => {
    expect(parse('file "a b\\x41.aof" seq 1 type b\n').base?.name).toBe('a bA.aof');
    expect(parse("file 'it\\'s.aof' seq 1 type b\n").base?.name).toBe("it's.aof");
  });

  it.each([
    ['', 'manifest-empty'],
    ['file a seq 1 type b', 'manifest-line-unterminated'],
    ['\n', 'manifest-format'],
    ['file a seq 1\n', 'manifest-format'],
    ['file a seq 1 type b extra\n', 'manifest-format'],
    ['file a seq 0 type b\n', 'manifest-format'],
    ['file a seq x type b\n', 'manifest-format'],
    ['file "a seq 1 type b\n', 'manifest-format'],
    ['file dir/a seq 1 type b\n', 'manifest-path'],
    ['file a seq 1 type x\n', 'manifest-type'],
    ['file a seq 1 type b\nfile b seq 2 type b\n', 'manifest-duplicate-base'],
    ['file a seq 2 type i\nfile b seq 2 type i\n', 'manifest-seq'],
    [`file ${'x'.repeat(1100)} seq 1 type b\n`, 'manifest-line-unterminated'],
  ])('rejects case %# with %s', (text, code) => {
    expect(parse(text).problem?.code).toBe(code);
  });

  it('accepts a comments-only manifest (no files: the server starts empty)', () => {
    const m = parse('# nothing\n');
    expect(m.problem).toBeNull();
    expect(m.base).toBeNull();
  });
});

describe('splitArgs', () => {
  it('splits like sdssplitargs', () => {
    const words = (s: string) => splitArgs(Buffer.from(s, 'latin1'))?.map((w) => w.toString('latin1'));
    expect(words('  a  "b c"  \'d\' e"f"')).toEqual(['a', 'b c', 'd', 'ef']);
    expect(words('"\\n\\t\\\\"')).toEqual(['\n\t\\']);
    expect(words('"a"b')).toBeUndefined();
    expect(words("'a")).toBeUndefined();
  });
});
