// Sets: replies and final data recorded from redis-server 7.0.15.
import { describe, expect, it } from 'vitest';
import { runSteps, snapshot, type Snapshot, type Step } from './replay.js';

const STEPS: Step[] = [
  [['SADD', 's', 'a', 'b', 'c', 'a'], 3],
  [['SADD', 's', 'd'], 1],
  [['SREM', 's', 'a', 'zz'], 1],
  [['SREM', 'nokey', 'a'], 0],
  [['SADD', 't', 'c', 'd', 'e'], 3],
  [['SMOVE', 's', 't', 'b'], 1],
  [['SMOVE', 's', 't', 'zz'], 0],
  [['SMOVE', 's', 's', 'c'], 1],
  [['SMOVE', 's', 's', 'zz'], 0],
  [['SMOVE', 'nokey', 't', 'a'], 0],
  [['SET', 'str', 'x'], '+OK'],
  [['SMOVE', 's', 'str', 'c'], '-WRONGTYPE Operation against a key holding the wrong kind of value'],
  [['SMOVE', 'str', 's', 'c'], '-WRONGTYPE Operation against a key holding the wrong kind of value'],
  [['SADD', 'one', 'x'], 1],
  [['SMOVE', 'one', 't', 'x'], 1],
  [['SINTERSTORE', 'i', 's', 't'], 2],
  [['SINTERSTORE', 'i2', 's', 'nokey'], 0],
  [['SUNIONSTORE', 'u', 's', 't', 'nokey'], 5],
  [['SDIFFSTORE', 'df', 't', 's'], 3],
  [['SDIFFSTORE', 'df2', 's', 's'], 0],
  [['SINTERSTORE', 'u', 't', 'str'], '-WRONGTYPE Operation against a key holding the wrong kind of value'],
  [['SET', 'dst', 'x'], '+OK'],
  [['SUNIONSTORE', 'dst', 's'], 2],
  [['SPOP', 'nokey'], null],
  [['SPOP', 'nokey', '2'], []],
  [['SADD', 'sp', 'a', 'b'], 2],
  [
    ['SPOP', 'sp', '5'],
    ['a', 'b'],
  ],
  [['SADD', 'sp1', 'a'], 1],
  [['SPOP', 'sp1'], 'a'],
  [['SPOP', 's', '0'], []],
  [['SPOP', 's', '-1'], '-ERR value is out of range, must be positive'],
  [['SADD', 'n', '1', '2', '3', '10'], 4],
  [['SREM', 'n', '1', '2', '3', '10'], 4],
];

const FINAL: Snapshot = {
  '0:df': ['set', ['b', 'e', 'x'], -1],
  '0:dst': ['set', ['c', 'd'], -1],
  '0:i': ['set', ['c', 'd'], -1],
  '0:s': ['set', ['c', 'd'], -1],
  '0:str': ['string', 'x', -1],
  '0:t': ['set', ['b', 'c', 'd', 'e', 'x'], -1],
  '0:u': ['set', ['b', 'c', 'd', 'e', 'x'], -1],
};

describe('set commands', () => {
  it('replies and stores as Redis 7.0.15 does', () => {
    expect(snapshot(runSteps(STEPS))).toEqual(FINAL);
  });
});
