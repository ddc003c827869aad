// Hashes: replies and final data recorded from redis-server 7.0.15.
import { describe, expect, it } from 'vitest';
import { runSteps, snapshot, type Snapshot, type Step } from './replay.js';

const STEPS: Step[] = [
  [['HSET', 'h', 'a', '1', 'b', '2'], 2],
  [['HSET', 'h', 'a', '3', 'c', '4'], 1],
  [['HSET', 'h', 'a'], "-ERR wrong number of arguments for 'hset' command"],
  [['HMSET', 'h', 'd', '5'], '+OK'],
  [['HMSET', 'h', 'd'], "-ERR wrong number of arguments for 'hmset' command"],
  [['HSETNX', 'h', 'a', '9'], 0],
  [['HSETNX', 'h', 'e', '9'], 1],
  [['HSETNX', 'h2', 'e', '9'], 1],
  [['HDEL', 'h', 'a', 'zz', 'b'], 2],
  [['HDEL', 'nokey', 'a'], 0],
  [['HINCRBY', 'h', 'c', '10'], 14],
  [['HINCRBY', 'h', 'n', '-3'], -3],
  [['HINCRBY', 'h', 'c', 'x'], '-ERR value is not an integer or out of range'],
  [['HSET', 'h', 's', 'abc'], 1],
  [['HINCRBY', 'h', 's', '1'], '-ERR hash value is not an integer'],
  [['HSET', 'h', 'big', '9223372036854775807'], 1],
  [['HINCRBY', 'h', 'big', '1'], '-ERR increment or decrement would overflow'],
  [['HINCRBYFLOAT', 'h', 'f', '0.1'], '0.1'],
  [['HINCRBYFLOAT', 'h', 'f', '0.2'], '0.3'],
  [['HINCRBYFLOAT', 'h', 's', '1'], '-ERR hash value is not a float'],
  [['HINCRBYFLOAT', 'h', 'f', 'inf'], '-ERR value is NaN or Infinity'],
  [['HINCRBYFLOAT', 'h', 'f', 'x'], '-ERR value is not a valid float'],
  [['HINCRBYFLOAT', 'h', 'c', '1.5'], '15.5'],
  [['HSET', 'h', 'fi', '1e5000'], 1],
  [['HINCRBYFLOAT', 'h', 'fi', '1'], '-ERR hash value is not a float'],
  [['HSET', 'h', 'fj', 'inf'], 1],
  [['HINCRBYFLOAT', 'h', 'fj', '1'], '-ERR increment would produce NaN or Infinity'],
  [['HINCRBYFLOAT', 'h3', 'x', '-1.5'], '-1.5'],
  [['SET', 'str', 'x'], '+OK'],
  [['HSET', 'str', 'a', '1'], '-WRONGTYPE Operation against a key holding the wrong kind of value'],
  [['HINCRBY', 'str', 'a', '1'], '-WRONGTYPE Operation against a key holding the wrong kind of value'],
  [['HSET', 'd', 'a', '1'], 1],
  [['HDEL', 'd', 'a'], 1],
  [['HSETNX', 'str', 'a', '1'], '-WRONGTYPE Operation against a key holding the wrong kind of value'],
];

const FINAL: Snapshot = {
  '0:h': ['hash', ['big', '9223372036854775807', 'c', '15.5', 'd', '5', 'e', '9', 'f', '0.3', 'fi', '1e5000', 'fj', 'inf', 'n', '-3', 's', 'abc'], -1],
  '0:h2': ['hash', ['e', '9'], -1],
  '0:h3': ['hash', ['x', '-1.5'], -1],
  '0:str': ['string', 'x', -1],
};

describe('hash commands', () => {
  it('replies and stores as Redis 7.0.15 does', () => {
    expect(snapshot(runSteps(STEPS))).toEqual(FINAL);
  });
});
