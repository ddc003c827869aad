// Values the keyspace keeps are its own bytes: packed hash values survive overwrites and compaction, and caller buffers can be reused.
import { describe, expect, it } from 'vitest';
import { HashValue } from '../../src/keyspace/hash/hash-value.js';
import { Keyspace } from '../../src/keyspace/keyspace.js';
import { isHashValue } from '../../src/keyspace/hash/hash-value.js';
import { isListValue } from '../../src/keyspace/list/list-value.js';
import { isStringValue } from '../../src/keyspace/core/string-value.js';

const b = (s: string) => Buffer.from(s, 'latin1');

function contents(h: HashValue): [string, string][] {
  return [...h.entries()].map(([f, v]) => [f.toString('latin1'), v.toString('latin1')]);
}

describe('HashValue packed storage', () => {
  it('keeps insertion order and the latest value through growing, shrinking, deletes and re-adds', () => {
    const h = new HashValue();
    const model = new Map<string, string>();
    let seed = 1;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    for (let i = 0; i < 5000; i++) {
      const field = `f${next() % 40}`;
      if (next() % 5 === 0) {
        expect(h.delete(b(field))).toBe(model.delete(field));
      } else {
        const value = 'v'.repeat(next() % 90) + i;
        expect(h.set(b(field), b(value))).toBe(!model.has(field));
        model.set(field, value);
      }
      expect(h.size).toBe(model.size);
    }
    expect(contents(h)).toEqual([...model]);
    for (const [f, v] of model) expect(h.get(b(f))?.toString('latin1')).toBe(v);
    expect(h.get(b('absent'))).toBeUndefined();
  });

  it('copies what it stores, and dup is independent', () => {
    const h = new HashValue();
    const value = b('abc');
    h.set(b('f'), value);
    value.fill(0x7a);
    expect(h.get(b('f'))!.toString()).toBe('abc');
    const d = h.dup();
    h.set(b('f'), b('a much longer value than before'));
    expect(d.get(b('f'))!.toString()).toBe('abc');
    h.set(b(''), b(''));
    expect(contents(h)).toEqual([
      ['f', 'a much longer value than before'],
      ['', ''],
    ]);
  });
});

describe('Keyspace.execute with reused buffers', () => {
  it('keeps no view of the caller arguments for commands run without a copy', () => {
    const ks = new Keyspace();
    const scratch = Buffer.alloc(64);
    const run = (...words: string[]) => {
      // Every argument is a view of one scratch buffer, overwritten by the next command.
      let at = 0;
      const args = words.map((w) => {
        const n = scratch.write(w, at, 'latin1');
        const view = scratch.subarray(at, at + n);
        at += n;
        return view;
      });
      return ks.execute(args, words[0]!.toLowerCase());
    };
    run('SET', 'k', 'value1');
    run('HSET', 'h', 'field', 'hv');
    run('RPUSH', 'l', 'item');
    run('INCRBY', 'c', '5');
    run('SET', 'zzzzzzzzzzzzzzzzzzzzzzzz', 'yyyyyyyyyyyyyyyyyyyyyyyyyy');
    const s = ks.get(0, b('k'))!.value;
    const h = ks.get(0, b('h'))!.value;
    const l = ks.get(0, b('l'))!.value;
    const c = ks.get(0, b('c'))!.value;
    expect(isStringValue(s) && s.bytes.toString()).toBe('value1');
    expect(isHashValue(h) && h.get(b('field'))!.toString()).toBe('hv');
    expect(isListValue(l) && l.get(0).toString()).toBe('item');
    expect(isStringValue(c) && c.bytes.toString()).toBe('5');
    expect(ks.dbSize(0)).toBe(5);
  });
});
