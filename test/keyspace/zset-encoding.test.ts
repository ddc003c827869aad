// Sorted sets where member order and score order disagree, and -0 scores: recorded from redis-server 7.0.15.
import { describe, expect, it } from 'vitest';
import { Keyspace } from '../../src/keyspace/keyspace.js';
import { isIrreproducible } from '../../src/keyspace/core/replies.js';
import { emitValue } from '../../src/keyspace/emit.js';
import { ZSetValue } from '../../src/keyspace/zset/zset-value.js';
import { args, runSteps, snapshot, type Step } from './replay.js';

const LONG = 'l'.repeat(75);

const STEPS: Step[] = [
  [['ZADD', 'm', '-80', '263', '-45', 'm180', '-30', 'l13', '45', 'm88', '58', '730'], 5],
  [['ZADD', 'm2', '-80', '263', '-45', 'm180', '-30', 'l13', '45', 'm88', '58', '730'], 5],
  [['ZADD', 'm3', '-80', '263', '-45', 'm180', '-30', 'l13', '45', 'm88', '58', '730'], 5],
  [['ZREMRANGEBYLEX', 'm', '[m160', '(m4'], 0],
  [['ZRANGESTORE', 'd1', 'm2', '[m160', '(m4', 'BYLEX'], 0],
  [['ZRANGESTORE', 'd2', 'm2', '(m4', '[m160', 'BYLEX', 'REV'], 0],
  [['ZRANGESTORE', 'd3', 'm2', '[a', '+', 'BYLEX', 'LIMIT', '1', '2'], 0],
  [['ZRANGESTORE', 'd4', 'm2', '[m5', '+', 'BYLEX'], 0],
  [['ZREMRANGEBYLEX', 'm3', '[7', '[z'], 4],
  [['ZADD', 'p', '-0', 'a', '0', 'b'], 2],
  [['ZUNIONSTORE', 'u', '1', 'p', 'WEIGHTS', '-1'], 2],
  [['ZADD', 'big', '1', 'x', '-2', 'y'], 2],
  [['ZADD', 'big', '0', LONG], 1],
  [['ZUNIONSTORE', 'bu', '1', 'big', 'WEIGHTS', '0'], 3],
  [['ZADD', 'big', '-0', 'q'], 1],
  [['ZINCRBY', 'big', '-0', 'x'], '1'],
  [['ZADD', 'lp', '-0', 'q'], 1],
  [['ZINCRBY', 'lp', '-2', 'q'], '-2'],
  [['ZINCRBY', 'lp', '2', 'q'], '0'],
  [['ZADD', 'sk', '0', LONG, '-0', 'q'], 2],
  [['ZREM', 'sk', LONG], 1],
  [['ZADD', 'sk', '-0', 'r'], 1],
  [['COPY', 'sk', 'skc'], 1],
  [['ZRANGESTORE', 'rs', 'sk', '0', '-1'], 2],
  [['ZADD', 'm5', '-80', '263', '-45', 'm180', '-30', 'l13', '45', 'm88', '99', 'zz'], 5],
  [['ZRANGESTORE', 'e1', 'm5', '[m160', '(m4', 'BYLEX'], 2],
  [['ZRANGESTORE', 'e2', 'm5', '(m4', '[m160', 'BYLEX', 'REV'], 0],
  [['ZRANGESTORE', 'e3', 'm5', '[a', '+', 'BYLEX', 'LIMIT', '1', '2'], 2],
  [['ZRANGESTORE', 'e4', 'm5', '[z', '-', 'BYLEX', 'REV', 'LIMIT', '1', '5'], 3],
  [['ZREMRANGEBYLEX', 'm5', '[m160', '(m4'], 2],
];

describe('lex ranges over members out of lex order, and where -0 survives', () => {
  it('matches what redis-server 7.0.15 kept', () => {
    const data = snapshot(runSteps(STEPS));
    const zsets = Object.fromEntries(
      Object.entries(data)
        .filter(([, [type]]) => type === 'zset')
        .map(([k, [, d]]) => [k.slice(2), d]),
    );
    expect(zsets).toEqual({
      // The lex range is a run from the first member >= min while <= max, and nothing when the tail is below min.
      m: ['263', '-80', 'm180', '-45', 'l13', '-30', 'm88', '45', '730', '58'],
      m2: ['263', '-80', 'm180', '-45', 'l13', '-30', 'm88', '45', '730', '58'],
      m3: ['263', '-80'],
      e1: ['m180', '-45', 'l13', '-30'],
      e3: ['l13', '-30', 'm88', '45'],
      e4: ['263', '-80', 'm180', '-45', 'l13', '-30'],
      m5: ['263', '-80', 'm88', '45', 'zz', '99'],
      // A listpack stores -0 as the integer 0; a skiplist keeps it; ZUNIONSTORE and ZRANGESTORE results that
      // fit a listpack become one, COPY keeps the encoding.
      p: ['a', '0', 'b', '0'],
      u: ['a', '0', 'b', '0'],
      bu: [LONG, '0', 'x', '0', 'y', '-0'],
      big: ['y', '-2', LONG, '0', 'q', '-0', 'x', '1'],
      lp: ['q', '0'],
      sk: ['q', '-0', 'r', '-0'],
      skc: ['q', '-0', 'r', '-0'],
      rs: ['q', '0', 'r', '0'],
    });
  });

  it.each([
    ['a small zset', 3, false],
    ['one with a member too long for a listpack', 3, true],
    ['one past the listpack size', 200, false],
  ])('rewrites -0 scores of %s so that loading keeps them', (_, size, long) => {
    const z = new ZSetValue(true);
    for (let i = 0; i < size; i++) z.set(`m${i}`, i % 2 ? -0 : i);
    if (long) z.set(LONG, 5);
    const commands: Buffer[][] = [];
    emitValue(Buffer.from('k'), z, (c) => commands.push(c));
    const ks = new Keyspace({ nowMs: 0 });
    for (const c of commands) ks.execute(c);
    const loaded = ks.get(0, Buffer.from('k'))!.value as ZSetValue;
    expect(loaded.sorted()).toEqual(z.sorted());
    expect(loaded.sorted().filter((e) => Object.is(e.score, -0))).toHaveLength(Math.floor(size / 2));
  });

  it('refuses a lex range whose start a skiplist finds through its random levels', () => {
    const ks = new Keyspace({ nowMs: 0 });
    // Score order 263, m180, l13, 5, zz: "l13" lies below "[m" yet comes after "m180", which does not.
    ks.execute(args(['ZADD', 'sk', '0', LONG, '1', '263', '2', 'm180', '3', 'l13', '4', '5', '5', 'zz']));
    ks.execute(args(['ZADD', 'lp', '1', '263', '2', 'm180', '3', 'l13', '4', '5', '5', 'zz']));
    expect(isIrreproducible(ks.execute(args(['ZRANGESTORE', 'o', 'sk', '[m', '+', 'BYLEX'])))).toBe(true);
    expect(isIrreproducible(ks.execute(args(['ZREMRANGEBYLEX', 'sk', '[m', '+'])))).toBe(true);
    // A listpack walks linearly, so the same range is well defined; so is a skiplist range whose other side is clean.
    expect(ks.execute(args(['ZRANGESTORE', 'o', 'lp', '[m', '+', 'BYLEX']))).toBe(4);
    expect(ks.execute(args(['ZRANGESTORE', 'o', 'sk', '[0', '+', 'BYLEX']))).toBe(6);
  });
});
