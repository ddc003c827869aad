// Rewrite emission: per-type commands batched 64 items per command, scores as shortest round-trip text.
import { describe, expect, it } from 'vitest';
import { emitValue } from '../../src/keyspace/emit.js';
import { Keyspace } from '../../src/keyspace/keyspace.js';
import { args } from './replay.js';

function emitted(ks: Keyspace, key: string): string[][] {
  const out: string[][] = [];
  const rec = ks.get(0, Buffer.from(key))!;
  emitValue(rec.key, rec.value, (argv) => out.push(argv.map((a) => a.toString('latin1'))));
  return out;
}

describe('emitValue', () => {
  it('writes a string as one SET', () => {
    const ks = new Keyspace();
    ks.execute(args(['SET', 's', 'v', 'PXAT', '123']));
    expect(emitted(ks, 's')).toEqual([['SET', 's', 'v']]);
    expect(ks.get(0, Buffer.from('s'))?.expireAtMs).toBe(123);
  });

  it('splits 70 list elements into RPUSH commands of 64 and 6, head to tail', () => {
    const ks = new Keyspace();
    const items = Array.from({ length: 70 }, (_, i) => `e${i}`);
    ks.execute(args(['RPUSH', 'l', ...items]));
    const cmds = emitted(ks, 'l');
    expect(cmds.map((c) => c.length)).toEqual([66, 8]);
    expect(cmds.flatMap((c) => c.slice(2))).toEqual(items);
    expect(cmds[0]!.slice(0, 2)).toEqual(['RPUSH', 'l']);
  });

  it('writes hashes with HMSET pairs and sets with SADD', () => {
    const ks = new Keyspace();
    ks.execute(args(['HSET', 'h', 'f', '1', 'g', '2']));
    ks.execute(args(['SADD', 's', 'b', 'a']));
    expect(emitted(ks, 'h')).toEqual([['HMSET', 'h', 'f', '1', 'g', '2']]);
    expect(emitted(ks, 's')).toEqual([['SADD', 's', 'b', 'a']]);
  });

  it('writes zset scores ascending in a form strtod reads back exactly', () => {
    const ks = new Keyspace();
    ks.execute(args(['ZADD', 'z', '0.1', 'a', '-inf', 'b', '1e21', 'c', '3', 'd', '1e-7', 'e']));
    expect(emitted(ks, 'z')).toEqual([['ZADD', 'z', '-inf', 'b', '1e-7', 'e', '0.1', 'a', '3', 'd', '1e+21', 'c']]);
  });

  it('batches 130 zset pairs as 64 + 64 + 2', () => {
    const ks = new Keyspace();
    const pairs = Array.from({ length: 130 }, (_, i) => [String(i), `m${String(i).padStart(3, '0')}`]).flat();
    ks.execute(args(['ZADD', 'z', ...pairs]));
    expect(emitted(ks, 'z').map((c) => (c.length - 2) / 2)).toEqual([64, 64, 2]);
  });
});
