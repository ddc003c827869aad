// SORT … STORE: replies and stored lists recorded from redis-server 7.0.15.
import { expect, it } from 'vitest';
import { runSteps, snapshot, type Step } from './replay.js';

const STEPS: Step[] = [
  [['RPUSH', 'l', '3', '10', '2', '1.5', '-1', '10'], 6],
  [['SORT', 'l', 'STORE', 'o1'], 6],
  [['SORT', 'l', 'DESC', 'LIMIT', '1', '3', 'STORE', 'o2'], 3],
  [['SORT', 'l', 'ALPHA', 'STORE', 'o3'], 6],
  [['RPUSH', 'w', 'b', 'a', 'c'], 3],
  [['SORT', 'w', 'STORE', 'o4'], "-ERR One or more scores can't be converted into double"],
  [['SADD', 's', 'b', 'a', 'c', '10', '9'], 5],
  [['SORT', 's', 'ALPHA', 'STORE', 'o5'], 5],
  [['SORT', 's', 'BY', 'nosort', 'STORE', 'o6'], 5],
  [['SORT', 'w', 'BY', 'nosort', 'DESC', 'LIMIT', '0', '2', 'STORE', 'o7'], 2],
  [['MSET', 'wt_a', '3', 'wt_b', '1', 'wt_c', '2'], '+OK'],
  [['HSET', 'h_a', 'f', 'x'], 1],
  [['HSET', 'h_c', 'f', 'z'], 1],
  [['SORT', 'w', 'BY', 'wt_*', 'GET', '#', 'GET', 'h_*->f', 'STORE', 'o8'], 6],
  [['SORT', 'w', 'BY', 'h_*->f', 'ALPHA', 'STORE', 'o9'], 3],
  [['SORT', 'nokey', 'STORE', 'o1'], 0],
  [['SORT', 'l', 'LIMIT', '10', '5', 'STORE', 'o2'], 0],
  [['ZADD', 'z', '3', 'a', '1', 'b', '2', 'c'], 3],
  [['SORT', 'z', 'BY', 'nosort', 'STORE', 'o10'], 3],
  [['SORT', 'z', 'ALPHA', 'DESC', 'STORE', 'o11'], 3],
  [['SORT', 'h_a', 'STORE', 'o12'], '-WRONGTYPE Operation against a key holding the wrong kind of value'],
  [['SORT', 'l', 'LIMIT', 'x', '1', 'STORE', 'o12'], '-ERR value is not an integer or out of range'],
  [['SORT', 'l', 'FOO'], '-ERR syntax error'],
  [['RPUSH', 'n', '1', '1.0', '01', ' 2'], 4],
  [['SORT', 'n', 'STORE', 'o14'], 4],
  [['RPUSH', 'n', 'x'], 5],
  [['SORT', 'n', 'STORE', 'o12'], "-ERR One or more scores can't be converted into double"],
  [['SET', 'o13', 'old'], '+OK'],
  [['EXPIRE', 'o13', '100'], 1],
  [['SORT', 'l', 'STORE', 'o13'], 6],
];

it('SORT … STORE stores what redis-server 7.0.15 stores', () => {
  const stored = Object.fromEntries(Object.entries(snapshot(runSteps(STEPS))).filter(([k]) => /^0:o\d+$/.test(k)));
  expect(stored).toEqual({
    // o1, o2 emptied by a SORT with nothing to store; o4, o12 never written (errors).
    '0:o3': ['list', ['-1', '1.5', '10', '10', '2', '3'], -1],
    '0:o5': ['list', ['10', '9', 'a', 'b', 'c'], -1],
    // BY nosort on a set with STORE is sorted anyway, for determinism.
    '0:o6': ['list', ['10', '9', 'a', 'b', 'c'], -1],
    '0:o7': ['list', ['c', 'a'], -1],
    '0:o8': ['list', ['b', '', 'c', 'z', 'a', 'x'], -1],
    '0:o9': ['list', ['b', 'a', 'c'], -1],
    '0:o10': ['list', ['b', 'c', 'a'], -1],
    '0:o11': ['list', ['c', 'b', 'a'], -1],
    // Equal scores are ordered by their bytes; strtod takes leading space.
    '0:o14': ['list', ['01', '1', '1.0', ' 2'], -1],
    // STORE replaces the value and its TTL.
    '0:o13': ['list', ['-1', '1.5', '2', '3', '10', '10'], -1],
  });
});
