// RESTORE of DUMP payloads made by Redis 7.0.15: replies and final data recorded from redis-server 7.0.15.
import { describe, expect, it } from 'vitest';
import { runSteps, snapshot, type Snapshot, type Step } from './replay.js';

const STEPS: Step[] = [
  [['RESTORE', 'r_s', '0', '\u0000\u0005hello\n\u0000crßve4 \n'], '+OK'],
  [['RESTORE', 'r_i', '0', "\u0000Á90\n\u0000ê'ü\b¹"], '+OK'],
  [['RESTORE', 'r_l', '0', '\u0012\u0001\u0002\u0010\u0010\u0000\u0000\u0000\u0003\u0000a\u0002b\u0002c\u0002ÿ\n\u0000È\u0018¹\f3R'], '+OK'],
  [['RESTORE', 'r_st', '0', '\u0002\u0003À\u0001\u0001y\u0001x\n\u0000=a\u0006x\u000f\u0019ÍÎ'], '+OK'],
  [
    ['RESTORE', 'r_si', '0', '\u000b\u000e\u0002\u0000\u0000\u0000\u0003\u0000\u0000\u0000\u0001\u0000\u0002\u0000\u0003\u0000\n\u0000¥\u0002\\âmnM\u001b'],
    '+OK',
  ],
  [['RESTORE', 'r_z', '0', '\u0011\u0014\u0014\u0000\u0000\u0000\u0004\u0000a\u00021.5\u0004b\u0002\u0002\u0001ÿ\n\u0000ú\u0002´%¯\u0018c'], '+OK'],
  [['RESTORE', 'r_h', '0', '\u0010\u0013\u0013\u0000\u0000\u0000\u0004\u0000f\u0002v\u0002g\u0002w\u0002ÿ\n\u0000ÙÞÅÉ\u0016\u000f²5'], '+OK'],
  [['RESTORE', 'r_s', '0', '\u0000\u0005hello\n\u0000crßve4 \n'], '-BUSYKEY Target key name already exists.'],
  [['RESTORE', 'r_s', '0', '\u0012\u0001\u0002\u0010\u0010\u0000\u0000\u0000\u0003\u0000a\u0002b\u0002c\u0002ÿ\n\u0000È\u0018¹\f3R', 'REPLACE'], '+OK'],
  [['RESTORE', 'r_x', '-1', '\u0000\u0005hello\n\u0000crßve4 \n'], '-ERR Invalid TTL value, must be >= 0'],
  [['RESTORE', 'r_x', '0', '\u0000\u0005hello\n\u0000crßve4 X'], '-ERR DUMP payload version or checksum are wrong'],
  [['RESTORE', 'r_x', '0', '\u0000\u0005hello\n\u0000crßve4 \n', 'IDLETIME', '-1'], '-ERR Invalid IDLETIME value, must be >= 0'],
  [['RESTORE', 'r_x', '0', '\u0000\u0005hello\n\u0000crßve4 \n', 'FREQ', '256'], '-ERR Invalid FREQ value, must be >= 0 and <= 255'],
  [['RESTORE', 'r_x', '0', '\u0000\u0005hello\n\u0000crßve4 \n', 'FOO'], '-ERR syntax error'],
  [
    [
      'RESTORE',
      'r_t',
      '99999999999000',
      '\u0011\u0014\u0014\u0000\u0000\u0000\u0004\u0000a\u00021.5\u0004b\u0002\u0002\u0001ÿ\n\u0000ú\u0002´%¯\u0018c',
      'ABSTTL',
      'IDLETIME',
      '10',
    ],
    '+OK',
  ],
];

const FINAL: Snapshot = {
  '0:r_h': ['hash', ['f', 'v', 'g', 'w'], -1],
  '0:r_i': ['string', '12345', -1],
  '0:r_l': ['list', ['a', 'b', 'c'], -1],
  '0:r_s': ['list', ['a', 'b', 'c'], -1],
  '0:r_si': ['set', ['1', '2', '3'], -1],
  '0:r_st': ['set', ['1', 'x', 'y'], -1],
  '0:r_t': ['zset', ['a', '1.5', 'b', '2'], 99999999999000],
  '0:r_z': ['zset', ['a', '1.5', 'b', '2'], -1],
};

describe('RESTORE', () => {
  it('replies and stores as Redis 7.0.15 does', () => {
    expect(snapshot(runSteps(STEPS))).toEqual(FINAL);
  });
});
