// Lists: replies and final data recorded from redis-server 7.0.15.
import { describe, expect, it } from 'vitest';
import { runSteps, snapshot, type Snapshot, type Step } from './replay.js';

const STEPS: Step[] = [
  [['LPUSH', 'l', 'a', 'b', 'c'], 3],
  [['RPUSH', 'l', 'd'], 4],
  [['LPUSHX', 'nl', 'x'], 0],
  [['RPUSHX', 'l', 'e'], 5],
  [['LINSERT', 'l', 'BEFORE', 'a', 'x'], 6],
  [['LINSERT', 'l', 'AFTER', 'e', 'y'], 7],
  [['LINSERT', 'l', 'MIDDLE', 'a', 'x'], '-ERR syntax error'],
  [['LINSERT', 'l', 'AFTER', 'zz', 'q'], -1],
  [['LINSERT', 'nl', 'AFTER', 'a', 'q'], 0],
  [['LSET', 'l', '0', 'C'], '+OK'],
  [['LSET', 'l', '-1', 'Y'], '+OK'],
  [['LSET', 'l', '100', 'z'], '-ERR index out of range'],
  [['LSET', 'nl', '0', 'z'], '-ERR no such key'],
  [['LSET', 'l', 'x', 'z'], '-ERR value is not an integer or out of range'],
  [['RPUSH', 'r', 'a', 'b', 'a', 'c', 'a', 'a'], 6],
  [['LREM', 'r', '2', 'a'], 2],
  [['LREM', 'r', '-1', 'a'], 1],
  [['LREM', 'r', '0', 'zz'], 0],
  [['LREM', 'r', 'x', 'a'], '-ERR value is not an integer or out of range'],
  [['RPUSH', 't', '1', '2', '3', '4', '5', '6'], 6],
  [['LTRIM', 't', '1', '-2'], '+OK'],
  [['LTRIM', 't', 'x', '1'], '-ERR value is not an integer or out of range'],
  [['LTRIM', 't', '5', '10'], '+OK'],
  [['LTRIM', 'nokey', '0', '1'], '+OK'],
  [['RPUSH', 'p', '1', '2', '3', '4', '5'], 5],
  [['LPOP', 'p'], '1'],
  [
    ['RPOP', 'p', '2'],
    ['5', '4'],
  ],
  [['LPOP', 'p', '0'], []],
  [['LPOP', 'p', '-1'], '-ERR value is out of range, must be positive'],
  [['LPOP', 'p', 'x'], '-ERR value is out of range, must be positive'],
  [['LPOP', 'p', '1', '2'], "-ERR wrong number of arguments for 'lpop' command"],
  [['LPOP', 'nokey', '2'], null],
  [['RPOP', 'nokey'], null],
  [
    ['LPOP', 'p', '10'],
    ['2', '3'],
  ],
  [['RPUSH', 'm', 'a', 'b', 'c'], 3],
  [['RPOPLPUSH', 'm', 'm'], 'c'],
  [['RPOPLPUSH', 'm', 'm2'], 'b'],
  [['LMOVE', 'm', 'm2', 'LEFT', 'RIGHT'], 'c'],
  [['LMOVE', 'm', 'm2', 'UP', 'RIGHT'], '-ERR syntax error'],
  [['LMOVE', 'nokey', 'm2', 'LEFT', 'LEFT'], null],
  [['SET', 'str', 'x'], '+OK'],
  [['LMOVE', 'm', 'str', 'LEFT', 'LEFT'], '-WRONGTYPE Operation against a key holding the wrong kind of value'],
  [['LMOVE', 'm', 'm2', 'LEFT', 'LEFT'], 'a'],
  [['LPUSH', 'str', 'x'], '-WRONGTYPE Operation against a key holding the wrong kind of value'],
  [['RPUSH', 'mp', '1', '2', '3'], 3],
  [
    ['LMPOP', '2', 'nokey', 'mp', 'LEFT', 'COUNT', '2'],
    ['mp', ['1', '2']],
  ],
  [
    ['LMPOP', '1', 'mp', 'RIGHT'],
    ['mp', ['3']],
  ],
  [['LMPOP', '0', 'mp', 'LEFT'], '-ERR numkeys should be greater than 0'],
  [['LMPOP', '2', 'mp', 'LEFT'], '-ERR syntax error'],
  [['LMPOP', '1', 'mp', 'LEFT', 'COUNT', '0'], '-ERR count should be greater than 0'],
  [['LMPOP', '1', 'mp', 'LEFT', 'COUNT', '1', 'COUNT', '1'], '-ERR syntax error'],
  [['LMPOP', '1', 'mp', 'LEFT'], null],
  [['RPUSH', 'bl', '1', '2'], 2],
  [
    ['BLPOP', 'nokey', 'bl', '0'],
    ['bl', '1'],
  ],
  [
    ['BRPOP', 'bl', '0.5'],
    ['bl', '2'],
  ],
  [['BLPOP', 'bl', '-1'], '-ERR timeout is negative'],
  [['BLPOP', 'bl', 'abc'], '-ERR timeout is not a float or out of range'],
  [['RPUSH', 'bm', 'a', 'b'], 2],
  [['BLMOVE', 'bm', 'bm2', 'RIGHT', 'LEFT', '0'], 'b'],
  [['BRPOPLPUSH', 'bm', 'bm2', '0'], 'a'],
  [
    ['BLMPOP', '0', '1', 'bm2', 'RIGHT', 'COUNT', '5'],
    ['bm2', ['b', 'a']],
  ],
  [['LPUSH', 'wr', '1'], 1],
  [['BLPOP', 'str', '0'], '-WRONGTYPE Operation against a key holding the wrong kind of value'],
];

const FINAL: Snapshot = {
  '0:l': ['list', ['C', 'b', 'x', 'a', 'd', 'e', 'Y'], -1],
  '0:m2': ['list', ['a', 'b', 'c'], -1],
  '0:r': ['list', ['b', 'c', 'a'], -1],
  '0:str': ['string', 'x', -1],
  '0:wr': ['list', ['1'], -1],
};

describe('list commands', () => {
  it('replies and stores as Redis 7.0.15 does', () => {
    expect(snapshot(runSteps(STEPS))).toEqual(FINAL);
  });
});
