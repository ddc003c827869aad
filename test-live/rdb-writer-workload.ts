// Live-suite data for the RDB writer: every type at and around the server's encoding limits, built by commands.
import type { RespClient, Reply } from './redis-server.js';
import { random } from './workload.js';

/** What the server under test supports beyond Redis 7.0. */
export interface WorkloadFeatures {
  /** HPEXPIREAT (Redis 7.4). */
  readonly fieldTtl: boolean;
}

/** Keys whose layout depends on history the data does not carry (tombstones, dict order): compared by value only. */
export const BY_VALUE_ONLY = 'by-value:';

type Arg = string | Buffer | number;

const INTEGERS = ['0', '1', '-1', '12', '13', '127', '-128', '128', '-129', '4095', '-4096', '32767', '-32768', '32768', '8388607', '-8388608', '2147483647', '-2147483648', '2147483648', '9223372036854775807', '-9223372036854775808'];
const NEAR_INTEGERS = ['-0', '007', '+1', ' 1', '1e3', '9223372036854775808', '3.14', ''];
/** Scores whose shortest digits are also fpconv_dtoa's, so 7.2+ listpacks match byte for byte. */
const SCORES = ['0', '-0', '1', '-1', '1.5', '0.1', '0.25', '3.14', '1e-7', '2.5e-300', '1e300', '123456.789', '-42.125', 'inf', '-inf', '9007199254740993', '4611686018427387904'];

/** Sends every command without waiting, then fails on the first error reply. */
async function pipeline(c: RespClient, commands: Arg[][]): Promise<void> {
  const replies = await Promise.all(commands.map((cmd) => c.send(...cmd)));
  const bad = replies.findIndex((r: Reply) => r instanceof Error);
  if (bad >= 0) throw new Error(`${String(commands[bad]![0])} ${String(commands[bad]![1])}: ${(replies[bad] as Error).message}`);
}

export async function writerWorkload(c: RespClient, features: WorkloadFeatures): Promise<void> {
  const rnd = random(15);
  const pick = (n: number) => Math.floor(rnd() * n);
  const text = (n: number) => Array.from({ length: n }, () => String.fromCharCode(97 + pick(26))).join('');
  const bytes = (n: number) => Buffer.from(Array.from({ length: n }, () => pick(256)));
  const cmds: Arg[][] = [];
  const far = 4_000_000_000_000;

  // Strings: every integer width, near-integers, the 20/21-byte LZF edge, compressible and random, large.
  INTEGERS.forEach((v, i) => cmds.push(['SET', `str:int:${i}`, v]));
  NEAR_INTEGERS.forEach((v, i) => cmds.push(['SET', `str:near:${i}`, v]));
  cmds.push(['SET', 'str:20', 'a'.repeat(20)], ['SET', 'str:21', 'a'.repeat(21)], ['SET', 'str:text', 'hello '.repeat(300)]);
  cmds.push(['SET', 'str:random', bytes(500)], ['SET', 'str:big', 'abcdefgh'.repeat(256 * 1024)], ['SET', 'str:bigrandom', bytes(200_000)]);
  cmds.push(['SET', 'str:ttl', 'v', 'PXAT', far], ['SET', 'str:ttl2', 'w', 'PXAT', far + 12345]);

  // Lists, one RPUSH per item (how the node layout is built): small, around the 8 KB listpack limit,
  // many nodes, and items past 8 KB (plain nodes in 7.4).
  const rpush = (key: string, items: Arg[]) => items.forEach((it) => cmds.push(['RPUSH', key, it]));
  rpush('list:small', ['a', '1', '-300', 'x'.repeat(70), '']);
  for (const n of [78, 79, 80, 81]) rpush(`list:edge:${n}`, Array.from({ length: n }, (_, i) => `${String(i).padStart(3, '0')}${'v'.repeat(97)}`));
  rpush('list:many', Array.from({ length: 20000 }, (_, i) => (i % 5 === 0 ? INTEGERS[i % INTEGERS.length]! : text(1 + pick(40)))));
  rpush('list:plain', ['a', 'p'.repeat(9000), 'b', 'q'.repeat(8192), 'r'.repeat(8193), 'c']);
  rpush('list:firstbig', ['s'.repeat(8190), 'after']);
  cmds.push(['PEXPIREAT', 'list:small', far]);

  // Sets: intsets up to and past 512, 64-bit members, listpacks around 128 members and 64 bytes, mixed, large.
  for (const n of [1, 511, 512, 513]) cmds.push(['SADD', `set:int:${n}`, ...Array.from({ length: n }, (_, i) => String(i * 37 - 5000))]);
  cmds.push(['SADD', 'set:int64', '9223372036854775807', '-9223372036854775808', '1', '-5000000000']);
  for (const n of [127, 128, 129]) cmds.push(['SADD', `set:str:${n}`, ...Array.from({ length: n }, (_, i) => `m${i}:${text(pick(20))}`)]);
  cmds.push(['SADD', 'set:len64', 'a', 'x'.repeat(64)], ['SADD', 'set:len65', 'a', 'x'.repeat(65)]);
  cmds.push(['SADD', 'set:mixed', '1', '2', '3'], ['SADD', 'set:mixed', 'text', ...NEAR_INTEGERS.filter((s) => s !== '')]);
  cmds.push(['SADD', 'set:big', ...Array.from({ length: 20000 }, (_, i) => `member:${i}`)]);

  // Sorted sets: listpacks around 128 members and 64 bytes, every score shape, a large skiplist.
  for (const n of [127, 128, 129]) cmds.push(['ZADD', `zset:${n}`, ...Array.from({ length: n }, (_, i) => [SCORES[i % SCORES.length]!, `m${i}`]).flat()]);
  cmds.push(['ZADD', 'zset:scores', ...SCORES.flatMap((s, i) => [s, `member-${i}`])]);
  cmds.push(['ZADD', 'zset:len64', '1', 'x'.repeat(64)], ['ZADD', 'zset:len65', '1', 'x'.repeat(65)]);
  cmds.push(['ZADD', 'zset:big', ...Array.from({ length: 20000 }, (_, i) => [String(i % 1000), `member:${i}`]).flat()]);

  // Hashes: listpacks around 512 fields and 64-byte fields and values, integer values, a large hashtable.
  for (const n of [511, 512, 513]) cmds.push(['HSET', `hash:${n}`, ...Array.from({ length: n }, (_, i) => [`f${i}`, i % 3 ? text(pick(30)) : String(i)]).flat()]);
  cmds.push(['HSET', 'hash:value64', 'f', 'v'.repeat(64)], ['HSET', 'hash:value65', 'f', 'v'.repeat(65)], ['HSET', 'hash:field65', 'f'.repeat(65), 'v']);
  cmds.push(['HSET', 'hash:big', ...Array.from({ length: 20000 }, (_, i) => [`field:${i}`, `value:${i}`]).flat()]);
  if (features.fieldTtl) {
    // 7.4 field TTLs: a listpack-ex hash (TTLs out of field order), and hashtables with metadata.
    cmds.push(['HSET', 'hfe:small', ...Array.from({ length: 10 }, (_, i) => [`f${i}`, `v${i}`]).flat()]);
    cmds.push(['HPEXPIREAT', 'hfe:small', far + 500, 'FIELDS', 2, 'f7', 'f1'], ['HPEXPIREAT', 'hfe:small', far + 100, 'FIELDS', 1, 'f4']);
    cmds.push(['HSET', 'hfe:big', ...Array.from({ length: 600 }, (_, i) => [`f${i}`, `v${i}`]).flat()]);
    cmds.push(['HPEXPIREAT', 'hfe:big', far + 7, 'FIELDS', 3, 'f1', 'f100', 'f599']);
    cmds.push(['HSET', 'hfe:long', 'a', '1', 'b', 'w'.repeat(65)], ['HPEXPIREAT', 'hfe:long', far, 'FIELDS', 1, 'a']);
  }

  // Streams: over 100 entries (node splits), values past 4 KB (byte splits), changing fields, big IDs,
  // consumer groups with PELs, an emptied stream, XSETID metadata; one with tombstones (value only).
  for (let i = 1; i <= 250; i++) {
    const fields = i % 9 === 0 ? ['other', String(i)] : ['a', String(i * 1000), 'b', text(pick(12))];
    cmds.push(['XADD', 'stream:basic', `${1_700_000_000_000 + i * 3}-${i % 4}`, ...fields]);
  }
  for (let i = 1; i <= 5000; i++) cmds.push(['XADD', 'stream:large', '*', 'sensor', String(i % 17), 'reading', String(rnd()), ...(i % 100 === 0 ? ['note', text(200)] : [])]);
  for (let i = 1; i <= 12; i++) cmds.push(['XADD', 'stream:bigvalues', `${i}-0`, 'payload', text(1500 + pick(1000))]);
  cmds.push(['XADD', 'stream:bigid', '18446744073709551614-5', 'f', 'v'], ['XADD', 'stream:bigid', '18446744073709551615-0', 'f', 'w']);
  for (let i = 1; i <= 40; i++) cmds.push(['XADD', 'stream:groups', `${1000 + i}-1`, 'field', String(i)]);
  cmds.push(['XGROUP', 'CREATE', 'stream:groups', 'g1', '0'], ['XGROUP', 'CREATE', 'stream:groups', 'g2', '$', 'ENTRIESREAD', '3']);
  cmds.push(['XREADGROUP', 'GROUP', 'g1', 'alice', 'COUNT', '7', 'STREAMS', 'stream:groups', '>']);
  cmds.push(['XREADGROUP', 'GROUP', 'g1', 'bob', 'COUNT', '5', 'STREAMS', 'stream:groups', '>']);
  cmds.push(['XACK', 'stream:groups', 'g1', '1002-1', '1010-1'], ['XGROUP', 'CREATECONSUMER', 'stream:groups', 'g1', 'carol']);
  cmds.push(['XADD', 'stream:emptied', '5-5', 'f', 'v'], ['XDEL', 'stream:emptied', '5-5']);
  cmds.push(['XADD', 'stream:setid', '10-1', 'f', 'v'], ['XSETID', 'stream:setid', '20-0', 'ENTRIESADDED', '50', 'MAXDELETEDID', '15-0']);
  for (let i = 1; i <= 30; i++) cmds.push(['XADD', `${BY_VALUE_ONLY}stream:tombstones`, `${i}-0`, 'f', String(i)]);
  cmds.push(['XDEL', `${BY_VALUE_ONLY}stream:tombstones`, '1-0', '7-0', '30-0']);
  cmds.push(['PEXPIREAT', 'stream:basic', far]);

  // Another database, and a function library.
  cmds.push(['SELECT', '3'], ['SET', 'db3:key', 'x'], ['RPUSH', 'db3:list', 'a', 'b'], ['SELECT', '0']);
  cmds.push(['FUNCTION', 'LOAD', "#!lua name=writerlib\nredis.register_function('writerfn', function(keys, args) return 1 end)"]);
  await pipeline(c, cmds);
}
