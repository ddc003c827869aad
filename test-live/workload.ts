// Seeded random workloads for the live suite: the same commands on every run, every data type.
import type { RespClient } from './redis-server.js';

/** mulberry32: a small seeded generator, so spoils and workloads repeat exactly. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** n writes over strings, lists, hashes, sets, zsets, streams, TTLs, transactions and databases. */
export async function workload(c: RespClient, rnd: () => number, n: number, rich = false): Promise<void> {
  const pick = (k: number) => Math.floor(rnd() * k);
  const kinds = rich ? 24 : 12;
  for (let i = 0; i < n; i++) {
    const key = `k:${pick(50)}`;
    switch (pick(kinds)) {
      case 0: await c.call('SET', key, `v${i}\r\n${'x'.repeat(pick(40))}`); break;
      case 1: await c.call('INCRBY', `n:${pick(10)}`, pick(100)); break;
      case 2: await c.call('RPUSH', `l:${pick(10)}`, `a${i}`, `b${i}`); break;
      case 3: await c.call('HSET', `h:${pick(10)}`, `f${pick(20)}`, `${i}`); break;
      case 4: await c.call('SADD', `s:${pick(10)}`, `${pick(1000)}`); break;
      case 5: await c.call('ZADD', `z:${pick(10)}`, pick(1000) / 7, `m${pick(50)}`); break;
      case 6: await c.call('MULTI'); await c.call('INCR', 'tx'); await c.call('SET', key, 'in-tx'); await c.call('EXEC'); break;
      case 7: await c.call('EXPIRE', key, 1000 + pick(1000)); break;
      case 8: await c.call('SELECT', pick(3)); break;
      case 9: await c.call('XADD', `x:${pick(3)}`, '*', 'f', `${i}`); break;
      case 10: await c.call('DEL', `k:${pick(50)}`); break;
      case 11: await c.call('SET', `bin:${pick(5)}`, Buffer.from([0, 13, 10, 255, pick(256)])); break;
      // The rich cases exercise the commands Redis rewrites as effects.
      case 12: await c.send('LPOP', `l:${pick(10)}`, 1 + pick(3)); break;
      case 13: await c.send('SPOP', `s:${pick(10)}`); break;
      case 14: await c.send('ZPOPMIN', `z:${pick(10)}`); break;
      case 15: await c.send('INCRBYFLOAT', `f:${pick(5)}`, (pick(1000) / 13).toFixed(3)); break;
      case 16: await c.send('HINCRBYFLOAT', `h:${pick(10)}`, 'fl', '1.5'); break;
      case 17: await c.send('SET', key, `e${i}`, 'EX', 500 + pick(500)); break;
      case 18: await c.send('GETEX', key, 'PERSIST'); break;
      case 19: await c.send('PFADD', `hll:${pick(3)}`, `e${pick(5000)}`, `e${pick(5000)}`); break;
      case 20: await c.send('XTRIM', `x:${pick(3)}`, 'MAXLEN', '~', 5); break;
      case 21: await c.send('SETRANGE', key, pick(20), 'patch'); break;
      case 22: await c.send('ZINCRBY', `z:${pick(10)}`, 2.5, `m${pick(50)}`); break;
      default: await c.send('LMOVE', `l:${pick(10)}`, `l:${pick(10)}`, 'LEFT', 'RIGHT'); break;
    }
  }
}
