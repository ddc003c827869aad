// ZADD score texts accepted and refused as strtod-based getDoubleFromObject does: replies and final data recorded from redis-server 7.0.15.
import { describe, expect, it } from 'vitest';
import { runSteps, snapshot, type Snapshot, type Step } from './replay.js';

const STEPS: Step[] = [
  [["ZADD","z"," 1","m0"],"-ERR value is not a valid float"],
  [["ZADD","z","1 ","m1"],"-ERR value is not a valid float"],
  [["ZADD","z","+1","m2"],1],
  [["ZADD","z","1e","m3"],"-ERR value is not a valid float"],
  [["ZADD","z",".5","m4"],1],
  [["ZADD","z","5.","m5"],1],
  [["ZADD","z","0x1p3","m6"],1],
  [["ZADD","z","0X1P-2","m7"],1],
  [["ZADD","z","infinity","m8"],1],
  [["ZADD","z","-Infinity","m9"],1],
  [["ZADD","z","INF","m10"],1],
  [["ZADD","z","+inf","m11"],1],
  [["ZADD","z","nan","m12"],"-ERR value is not a valid float"],
  [["ZADD","z","-nan","m13"],"-ERR value is not a valid float"],
  [["ZADD","z","1e-320","m14"],1],
  [["ZADD","z","4.9e-324","m15"],1],
  [["ZADD","z","2e-324","m16"],"-ERR value is not a valid float"],
  [["ZADD","z","1e-400","m17"],"-ERR value is not a valid float"],
  [["ZADD","z","1e309","m18"],"-ERR value is not a valid float"],
  [["ZADD","z","1_0","m19"],"-ERR value is not a valid float"],
  [["ZADD","z","","m20"],"-ERR value is not a valid float"],
  [["ZADD","z","0x","m21"],"-ERR value is not a valid float"],
  [["ZADD","z","1.5e+3","m22"],1],
  [["ZADD","z","+.5e-1","m23"],1],
  [["ZADD","z","0x.8","m24"],1],
  [["ZADD","z","0x1.8p1","m25"],1],
  [["ZADD","z","1e5000","m26"],"-ERR value is not a valid float"],
  [["ZADD","z","0x1p-1074","m27"],1],
  [["ZADD","z","0x1p-1080","m28"],"-ERR value is not a valid float"],
  [["ZADD","z","0x1p1024","m29"],"-ERR value is not a valid float"],
  [["ZADD","z","00012","m30"],1],
  [["ZADD","z","1.7976931348623157e308","m32"],1],
  [["ZADD","z","1.7976931348623159e308","m33"],"-ERR value is not a valid float"],
  [["ZADD","z","\t1","m34"],"-ERR value is not a valid float"],
  [["ZADD","z","1\u0000","m35"],"-ERR value is not a valid float"],
];

const FINAL: Snapshot = {
  "0:z": ["zset",["m9","-inf","m15","4.9406564584124654e-324","m27","4.9406564584124654e-324","m14","9.9998886718268301e-321","m23","0.050000000000000003","m7","0.25","m24","0.5","m4","0.5","m2","1","m25","3","m5","5","m6","8","m30","12","m22","1500","m32","1.7976931348623157e+308","m10","inf","m11","inf","m8","inf"],-1],
};

describe('score parsing', () => {
  it('replies and stores as Redis 7.0.15 does', () => {
    expect(snapshot(runSteps(STEPS))).toEqual(FINAL);
  });
});
