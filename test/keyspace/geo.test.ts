// GEOADD geohash scores (the ZSCOREs): replies and final data recorded from redis-server 7.0.15.
import { describe, expect, it } from 'vitest';
import { runSteps, snapshot, type Snapshot, type Step } from './replay.js';

const STEPS: Step[] = [
  [['GEOADD', 'g', '13.361389', '38.115556', 'Palermo', '15.087269', '37.502669', 'Catania'], 2],
  [['GEOADD', 'g', 'NX', 'CH', '0', '0', 'origin', '180', '85.05112878', 'ne', '-180', '-85.05112878', 'sw'], 3],
  [['GEOADD', 'g', 'XX', 'CH', '13.361390', '38.115556', 'Palermo', '1', '1', 'newone'], 0],
  [['GEOADD', 'g', '200', '10', 'bad'], '-ERR invalid longitude,latitude pair 200.000000,10.000000'],
  [['GEOADD', 'g', '10', '-86', 'bad'], '-ERR invalid longitude,latitude pair 10.000000,-86.000000'],
  [['GEOADD', 'g', 'NX', 'XX', '1', '1', 'm'], '-ERR syntax error'],
  [['GEOADD', 'g', '1', '1'], "-ERR wrong number of arguments for 'geoadd' command"],
  [['GEOADD', 'g', 'x', '1', 'm'], '-ERR value is not a valid float'],
  [['GEOADD', 'g', '-0.0001', '51.5', 'greenwich'], 1],
  [['GEOADD', 'g', '179.9999999', '-85', 'edge'], 1],
  [['GEOADD', 'g', '-122.4194', '37.7749', 'sf', '139.6917', '35.6895', 'tokyo', '0.000001', '0.000001', 'tiny'], 3],
  [['SET', 's', 'x'], '+OK'],
  [['GEOADD', 's', '1', '1', 'm'], '-WRONGTYPE Operation against a key holding the wrong kind of value'],
];

const FINAL: Snapshot = {
  '0:g': [
    'zset',
    [
      'sw',
      '0',
      'sf',
      '1367859919124626',
      'greenwich',
      '2163558280248802',
      'edge',
      '3002400025541359',
      'origin',
      '3377699720527872',
      'tiny',
      '3377699720527872',
      'Palermo',
      '3479099956230698',
      'Catania',
      '3479447370796909',
      'tokyo',
      '4171231230197045',
      'ne',
      '13510798882111488',
    ],
    -1,
  ],
  '0:s': ['string', 'x', -1],
};

describe('GEOADD', () => {
  it('replies and stores as Redis 7.0.15 does', () => {
    expect(snapshot(runSteps(STEPS))).toEqual(FINAL);
  });
});
