// SPOP in an old AOF: replayed only when the outcome does not depend on Redis's random choice.
import { describe, expect, it } from 'vitest';
import { Keyspace } from '../../src/keyspace/keyspace.js';
import { args, plain } from './replay.js';

describe('SPOP', () => {
  it('pops a one-member set and empties a set when count covers it', () => {
    const ks = new Keyspace();
    ks.execute(args(['SADD', 'a', 'x']));
    expect(plain(ks.execute(args(['SPOP', 'a'])))).toBe('x');
    ks.execute(args(['SADD', 'b', 'x', 'y']));
    expect(plain(ks.execute(args(['SPOP', 'b', '2'])))).toEqual(['x', 'y']);
    expect(ks.nonEmptyDbs()).toEqual([]);
  });

  it('marks a random pop as irreproducible', () => {
    const ks = new Keyspace();
    ks.execute(args(['SADD', 's', 'x', 'y', 'z']));
    expect(ks.execute(args(['SPOP', 's']))).toMatchObject({ irreproducible: true });
    expect(ks.execute(args(['SPOP', 's', '2']))).toMatchObject({ irreproducible: true });
    expect(ks.get(0, Buffer.from('s'))?.value.type).toBe('set');
  });
});
