// Values the keyspace keeps are its own bytes: packed hash values survive overwrites and compaction, and caller buffers can be reused.
import { describe, expect, it } from 'vitest';
import { HashValue } from '../../src/keyspace/hash/hash-value.js';
import { COPYING_HANDLERS, Keyspace } from '../../src/keyspace/keyspace.js';
import { emitValue } from '../../src/keyspace/emit.js';
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

  it('ends, for every command that runs on the caller buffers, with the dataset private copies give', () => {
    // Each name of COPYING_HANDLERS writes, then later commands read and change what it stored.
    // Long values too: a value past the arena's largest slot is kept apart, and must be a copy as well.
    const long = (c: string) => c.repeat(600);
    const script = [
      'SELECT 0',
      'SET s value1',
      `SET sl ${long('s')}`,
      `MSET m1 ${long('1')} m2 two`,
      `MSETNX m3 ${long('3')} m4 four`,
      'SET n 10',
      'INCR n',
      'INCRBY n 5',
      'DECR n',
      'DECRBY n 2',
      `HSET h f1 v1 f2 v2 f3 ${long('h')}`,
      `HMSET h f4 ${long('m')}`,
      'HDEL h f2',
      `SADD st m1 m2 m3 ${long('a')}`,
      'SREM st m2',
      `ZADD z 1 a 2 b 3 c 4 ${long('z')}`,
      'ZREM z b',
      'RPUSH l i1 i2 i3 i4',
      'LPUSH l i0',
      'LPOP l',
      'RPOP l',
      'LTRIM l 0 1',
      `RPUSH lr x ${long('r')} y`,
      `LPUSH lr ${long('p')}`,
      'SET e ev',
      'PEXPIREAT e 99999999999999',
      'EXPIRE s 1000',
      'PEXPIRE n 100000',
      'EXPIREAT h 99999999999',
      'SET d1 x',
      'SET d2 y',
      'DEL d1',
      'UNLINK d2',
      'HSET h f5 v5',
      'SADD st m4',
      'ZADD z 5 d',
      'RPUSH l i5',
    ].map((line) => line.split(' '));
    const run = (scratch: Buffer | null) => {
      const ks = new Keyspace({ nowMs: 1_700_000_000_000 });
      for (const words of script) {
        let at = 0;
        const args = words.map((w) => {
          if (scratch === null) return Buffer.from(w, 'latin1');
          const n = scratch.write(w, at, 'latin1');
          return scratch.subarray(at, (at += n));
        });
        ks.execute(args, words[0]!.toLowerCase());
        // What a reader reusing its chunk does: the next bytes overwrite these.
        scratch?.fill(0x23);
      }
      const lines: string[] = [];
      for (const { key, value, expireAtMs } of ks.keys(0)) {
        emitValue(key, value, (argv) => lines.push(argv.map((a) => a.toString('latin1')).join(' ')));
        lines.push(`ttl ${expireAtMs ?? 'none'}`);
      }
      return lines;
    };
    const named = new Set(script.map((w) => w[0]!.toLowerCase()));
    expect([...COPYING_HANDLERS].filter((n) => !named.has(n))).toEqual([]);
    expect(run(Buffer.alloc(4096))).toEqual(run(null));
  });
});
