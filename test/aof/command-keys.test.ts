// Key positions: answers recorded from redis-server 7.0.15's COMMAND GETKEYS, and where @ioredis/commands falls short.
import { getKeyIndexes } from '@ioredis/commands';
import { describe, expect, it } from 'vitest';
import { argsNeededForKeys, keyPositions } from '../../src/aof/command-keys.js';

/** Splits like redis-cli: words, or "..." for an empty or spaced argument. */
function argv(line: string): Buffer[] {
  return [...line.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => Buffer.from(m[1] ?? m[2]!));
}

function keysOf(line: string): string[] {
  const a = argv(line);
  return keyPositions(a[0]!.toString().toLowerCase(), a, a.length).map((i) => a[i]!.toString());
}

// [command line, the keys COMMAND GETKEYS returned] (an error reply, for keyless commands, recorded as []).
const GETKEYS: Array<[string, string[]]> = [
  ['SET k v', ['k']],
  ['SET k v PXAT 1', ['k']],
  ['GET k', ['k']],
  ['MSET a 1 b 2 c 3', ['a', 'b', 'c']],
  ['MSETNX a 1 b 2', ['a', 'b']],
  ['DEL a b c', ['a', 'b', 'c']],
  ['UNLINK a', ['a']],
  ['RENAME a b', ['a', 'b']],
  ['RENAMENX a b', ['a', 'b']],
  ['COPY a b DB 1 REPLACE', ['a', 'b']],
  ['ZUNIONSTORE d 2 a b WEIGHTS 1 2', ['d', 'a', 'b']],
  ['ZINTERSTORE d 3 a b c', ['d', 'a', 'b', 'c']],
  ['ZDIFFSTORE d 1 a', ['d', 'a']],
  ['ZUNION 2 a b', ['a', 'b']],
  ['ZINTERCARD 2 a b LIMIT 1', ['a', 'b']],
  ['ZMPOP 2 a b MIN', ['a', 'b']],
  ['BZMPOP 0 2 a b MIN', ['a', 'b']],
  ['LMPOP 3 a b c LEFT', ['a', 'b', 'c']],
  ['BLMPOP 0 1 a LEFT COUNT 2', ['a']],
  ['SINTERCARD 2 a b', ['a', 'b']],
  ['EVAL s 2 a b x y', ['a', 'b']],
  ['EVALSHA abc 1 a x', ['a']],
  ['FCALL f 2 a b c', ['a', 'b']],
  ['EVAL s 0', []],
  ['XCLAIM s g c 0 1-0 TIME 1 RETRYCOUNT 1 FORCE JUSTID LASTID 1-0', ['s']],
  ['XAUTOCLAIM s g c 0 0-0', ['s']],
  ['XADD s 1-1 f v', ['s']],
  ['XGROUP CREATE s g $ MKSTREAM', ['s']],
  ['XGROUP SETID s g 0 ENTRIESREAD 1', ['s']],
  ['XGROUP CREATECONSUMER s g c', ['s']],
  ['XGROUP DELCONSUMER s g c', ['s']],
  ['XGROUP DESTROY s g', ['s']],
  ['XSETID s 1-1 ENTRIESADDED 1 MAXDELETEDID 0-0', ['s']],
  ['XTRIM s MAXLEN = 1', ['s']],
  ['XDEL s 1-1', ['s']],
  ['XACK s g 1-1', ['s']],
  ['XREAD COUNT 1 STREAMS a b 0 0', ['a', 'b']],
  ['XREADGROUP GROUP g c COUNT 1 STREAMS a 0', ['a']],
  ['SORT a BY w_* LIMIT 0 1 GET o_* STORE d', ['a', 'd']],
  ['SORT a', ['a']],
  ['SORT_RO a BY x GET y', ['a']],
  ['MIGRATE h 1 k 0 10', ['k']],
  ['MIGRATE h 1 "" 0 10 COPY REPLACE KEYS a b', ['a', 'b']],
  ['GEORADIUS g 1 2 3 m STORE d', ['g', 'd']],
  ['GEORADIUS g 1 2 3 m STOREDIST d', ['g', 'd']],
  ['GEORADIUSBYMEMBER g m 3 km STORE d', ['g', 'd']],
  ['GEOSEARCHSTORE d s FROMMEMBER m BYRADIUS 1 m', ['d', 's']],
  ['GEOADD g 1 2 m', ['g']],
  ['BITOP AND d a b', ['d', 'a', 'b']],
  ['BITFIELD k SET u8 0 1', ['k']],
  ['PFMERGE d a b', ['d', 'a', 'b']],
  ['PFADD h a', ['h']],
  ['LMOVE a b LEFT RIGHT', ['a', 'b']],
  ['RPOPLPUSH a b', ['a', 'b']],
  ['SMOVE a b m', ['a', 'b']],
  ['SUNIONSTORE d a b', ['d', 'a', 'b']],
  ['SDIFFSTORE d a', ['d', 'a']],
  ['SINTERSTORE d a b', ['d', 'a', 'b']],
  ['RESTORE k 0 payload ABSTTL', ['k']],
  ['PEXPIREAT k 1', ['k']],
  ['EXPIRE k 1 NX', ['k']],
  ['PERSIST k', ['k']],
  ['HSET h f v', ['h']],
  ['HMSET h f v f2 v2', ['h']],
  ['HDEL h f', ['h']],
  ['LPUSH l a b', ['l']],
  ['SADD s a', ['s']],
  ['SREM s a', ['s']],
  ['ZADD z 1 a', ['z']],
  ['ZREM z a', ['z']],
  ['ZPOPMIN z 2', ['z']],
  ['INCRBYFLOAT k 1', ['k']],
  ['SETRANGE k 0 v', ['k']],
  ['APPEND k v', ['k']],
  ['GETDEL k', ['k']],
  ['GETEX k PERSIST', ['k']],
  ['LSET l 0 v', ['l']],
  ['LTRIM l 0 1', ['l']],
  ['LINSERT l BEFORE a b', ['l']],
  ['FLUSHALL', []],
  ['FLUSHDB ASYNC', []],
  ['SWAPDB 0 1', []],
  ['SELECT 1', []],
  ['MULTI', []],
  ['EXEC', []],
  ['PUBLISH ch m', []],
  ['SPUBLISH ch m', []],
  ['SSUBSCRIBE ch ch2', []],
  ['SUNSUBSCRIBE ch', []],
  ['FUNCTION LOAD code', []],
  ['SCRIPT FLUSH', []],
  ['MOVE k 1', ['k']],
  ['TOUCH a b', ['a', 'b']],
  ['SETBIT k 1 1', ['k']],
  ['OBJECT ENCODING k', ['k']],
  ['LCS a b', ['a', 'b']],
  ['SPOP s 1', ['s']],
  ['ZRANGESTORE d z 0 1', ['d', 'z']],
  ['ZREMRANGEBYSCORE z 0 1', ['z']],
  ['HINCRBYFLOAT h f 1', ['h']],
  ['GETSET k v', ['k']],
  ['SETEX k 1 v', ['k']],
  ['PSETEX k 1 v', ['k']],
  ['SETNX k v', ['k']],
  ['DECRBY k 1', ['k']],
];

describe('keyPositions', () => {
  it.each(GETKEYS)('%s → %j, as COMMAND GETKEYS', (line, keys) => {
    expect(keysOf(line).sort()).toEqual([...keys].sort());
  });

  it('finds no keys in commands no table knows (typos), nor in FT indexes', () => {
    expect(keysOf('NOSUCHCOMMAND a b')).toEqual([]);
    expect(keysOf('FT.CREATE idx ON HASH PREFIX 1 doc: SCHEMA t TEXT')).toEqual([]);
    expect(keysOf('NOSUCH.MODULE a b')).toEqual([]);
  });

  it("finds the keys of the bundled modules' commands", () => {
    expect(keysOf('JSON.SET k $ 1')).toEqual(['k']);
    expect(keysOf('JSON.MSET a $ 1 b $ 2')).toEqual(['a', 'b']);
    expect(keysOf('JSON.MGET a b $')).toEqual(['a', 'b']);
    expect(keysOf('TS.ADD t 1 2')).toEqual(['t']);
    expect(keysOf('TS.MADD t 1 2 u 1 3')).toEqual(['t', 'u']);
    expect(keysOf('TS.CREATERULE src dst AGGREGATION avg 60000')).toEqual(['src', 'dst']);
    expect(keysOf('TS.MRANGE - + FILTER a=b')).toEqual([]);
    expect(keysOf('BF.ADD bf x')).toEqual(['bf']);
    expect(keysOf('CMS.MERGE d 2 s1 s2 WEIGHTS 1 2')).toEqual(['d', 's1', 's2']);
    expect(keysOf('TDIGEST.MERGE d 1 s1')).toEqual(['d', 's1']);
    expect(keysOf('FT.SUGADD sug hello 1')).toEqual(['sug']);
  });

  it('stops at the arguments a command actually has', () => {
    expect(keysOf('ZUNIONSTORE d 5 a b')).toEqual(['d', 'a', 'b']);
    expect(keysOf('EVAL s x a')).toEqual([]); // numkeys not a number: Redis rejects the command
  });

  it('says how many leading arguments must be kept to find the keys', () => {
    expect(argsNeededForKeys('set')).toBe(2);
    expect(argsNeededForKeys('lmove')).toBe(3);
    expect(argsNeededForKeys('xgroup')).toBe(3);
    expect(argsNeededForKeys('select')).toBe(1);
    expect(argsNeededForKeys('del')).toBe(Number.POSITIVE_INFINITY);
    expect(argsNeededForKeys('zunionstore')).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('@ioredis/commands getKeyIndexes, which this module does not rely on', () => {
  const ioredis = (line: string) => {
    const a = argv(line);
    return getKeyIndexes(a[0]!.toString().toLowerCase(), a.slice(1)).map((i) => a[i + 1]!.toString());
  };

  it('agrees on table-driven and numkeys commands', () => {
    for (const line of ['MSET a 1 b 2', 'DEL a b c', 'RENAME a b', 'ZUNIONSTORE d 2 a b', 'XCLAIM s g c 0 1-0', 'XGROUP CREATE s g $']) {
      expect(ioredis(line)).toEqual(keysOf(line));
    }
  });

  it('misses SORT … STORE and MIGRATE … KEYS when arguments are Buffers, as they are in an AOF', () => {
    expect(ioredis('SORT a STORE d')).toEqual(['a']);
    expect(keysOf('SORT a STORE d')).toEqual(['a', 'd']);
    expect(ioredis('MIGRATE h 1 "" 0 10 KEYS a b')).toEqual(['']);
    expect(keysOf('MIGRATE h 1 "" 0 10 KEYS a b')).toEqual(['a', 'b']);
  });

  it('throws on commands it does not know, where an AOF reader must go on', () => {
    expect(() => ioredis('JSON.SET k $ 1')).toThrow();
  });
});
