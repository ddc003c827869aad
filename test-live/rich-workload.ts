// A broad seeded workload for rewrite's differential proof: every write command family, colliding keys, encoding growth.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ReplyError, dumpDataset, startRedis, type DatasetDump, type RespClient, type Reply, type ServerFiles } from './redis-server.js';

type Arg = string | number | Buffer;
type Cmd = Arg[];

/** Libraries FUNCTION LOAD installs: each function writes several keys so its effects are MULTI-wrapped. */
function libraryCode(n: number, variant: number): string {
  return [
    `#!lua name=lib${n}`,
    `redis.register_function('f${n}', function(keys, args)`,
    `  redis.call('SET', keys[1], args[1] .. '${variant}')`,
    `  redis.call('INCRBY', keys[2], ${variant + 1})`,
    `  redis.call('RPUSH', keys[3], args[1])`,
    `  return redis.pcall('HINCRBY', keys[4], 'n', 1)`,
    `end)`,
    `redis.register_function{function_name='r${n}', callback=function(keys) return redis.call('GET', keys[1]) end, flags={'no-writes'}}`,
  ].join('\n');
}

/** Scripts for EVAL, with the key family each KEYS[i] is drawn from: several writes (one may still fail on a
 * wrong type after others succeeded), random effects included. */
const SCRIPTS: { code: string; families: string[] }[] = [
  { code: "redis.call('HSET', KEYS[1], ARGV[1], ARGV[2]); redis.call('ZINCRBY', KEYS[2], 1, ARGV[1]); return redis.pcall('LPUSH', KEYS[3], ARGV[2])", families: ['h', 'z', 'l'] },
  { code: "redis.call('SADD', KEYS[1], ARGV[1], ARGV[2]); local m = redis.call('SPOP', KEYS[1]); redis.call('SET', KEYS[2], tostring(m)); return m", families: ['S', 's'] },
  { code: "redis.call('INCRBYFLOAT', KEYS[1], '1.5'); redis.call('EXPIRE', KEYS[1], 100000); return redis.call('INCR', KEYS[2])", families: ['n', 'n'] },
  { code: "redis.call('DEL', KEYS[1]); redis.call('RPUSH', KEYS[1], ARGV[1], ARGV[2]); redis.call('LMOVE', KEYS[1], KEYS[2], 'LEFT', 'RIGHT'); return 1", families: ['l', 'l'] },
  { code: "redis.call('XADD', KEYS[1], '*', 'f', ARGV[1]); return redis.call('SETRANGE', KEYS[2], 3, ARGV[2])", families: ['x', 's'] },
];

class RichGenerator {
  private readonly xids = new Map<string, string[]>();
  private explicitMs = 1;
  private readonly dumps: Buffer[] = [];
  private readonly fnDumps: Buffer[] = [];
  private readonly nowMs = Date.now();

  constructor(private readonly rnd: () => number) {}

  pick(k: number): number {
    return Math.floor(this.rnd() * k);
  }
  chance(p: number): boolean {
    return this.rnd() < p;
  }
  one<T>(items: readonly T[]): T {
    return items[this.pick(items.length)]!;
  }

  /** A key of the given family, or (one time in five) a shared key any family may have claimed. */
  key(family: string, pool = 4): string {
    return this.chance(0.2) ? `k${this.pick(8)}` : `${family}${this.pick(pool)}`;
  }
  member(): string {
    if (this.chance(0.1)) return `long-${'m'.repeat(60 + this.pick(20))}-${this.pick(50)}`;
    return this.chance(0.5) ? String(this.pick(800)) : `m${this.pick(300)}`;
  }
  value(i: number): Arg {
    switch (this.pick(6)) {
      case 0: return String(this.pick(2000) - 1000);
      case 1: return Buffer.from([0, 13, 10, 255, this.pick(256)]);
      case 2: return `v${i}-${'x'.repeat(this.pick(100))}`;
      case 3: return (this.rnd() * 1000 - 500).toFixed(this.pick(5));
      default: return `v${i}`;
    }
  }
  members(max: number): string[] {
    return Array.from({ length: 1 + this.pick(max) }, () => this.member());
  }
  score(): string {
    if (this.chance(0.03)) return this.one(['+inf', '-inf', '0', '-0']);
    return this.chance(0.5) ? String(this.pick(100)) : (this.rnd() * 200 - 100).toFixed(3);
  }
  future(unit: 's' | 'ms'): number {
    const ms = this.nowMs + 1_000_000_000 + this.pick(1_000_000) * 1000;
    return unit === 's' ? Math.floor(ms / 1000) : ms;
  }
  relTtl(unit: 's' | 'ms'): number {
    const s = 100_000 + this.pick(100_000);
    return unit === 's' ? s : s * 1000 + this.pick(1000);
  }
  db(): number {
    return this.chance(0.6) ? 0 : this.pick(6);
  }
  lexBound(): string {
    return this.one(['-', '+', `[m${this.pick(300)}`, `(m${this.pick(300)}`, `[${this.pick(800)}`]);
  }
  scoreBound(): string {
    return this.one(['-inf', '+inf', String(this.pick(100)), `(${this.pick(100)}`, `${this.pick(100) - 50}`]);
  }
  bitType(): string {
    return `${this.chance(0.5) ? 'i' : 'u'}${1 + this.pick(this.chance(0.5) ? 8 : 62)}`;
  }
  xid(key: string): string {
    const ids = this.xids.get(key);
    if (!ids?.length || this.chance(0.1)) return `${this.pick(3)}-${this.pick(3)}`;
    return this.one(ids);
  }
  pickIds(key: string, n: number): string[] {
    return Array.from({ length: 1 + this.pick(n) }, () => this.xid(key));
  }

  /** One command (its group of commands for the few that need a DUMP first). */
  next(i: number): Cmd[] {
    const r = this.pick(100);
    if (r < 14) return [this.stringCmd(i)];
    if (r < 20) return [this.bitCmd(i)];
    if (r < 30) return this.keyCmd(i);
    if (r < 40) return [this.listCmd(i)];
    if (r < 46) return [this.hashCmd(i)];
    if (r < 53) return [this.setCmd()];
    if (r < 65) return [this.zsetCmd()];
    if (r < 80) return [this.streamCmd(i)];
    if (r < 84) return [this.hllCmd(i)];
    if (r < 89) return this.scriptCmd(i);
    if (r < 96) return this.multi(i);
    return [['SELECT', this.db()]];
  }

  private multi(i: number): Cmd[] {
    const body: Cmd[] = [];
    const n = 1 + this.pick(6);
    while (body.length < n) {
      const c = this.next(i);
      // MULTI cannot nest: a drawn transaction is skipped inside one.
      if (c.length === 1 && String(c[0]![0]) !== 'MULTI') body.push(c[0]!);
    }
    return [['MULTI'], ...body, ['EXEC']];
  }

  private stringCmd(i: number): Cmd {
    const k = this.key('s');
    const v = this.value(i);
    switch (this.pick(22)) {
      case 0: {
        const opts: Arg[] = [];
        if (this.chance(0.3)) opts.push(this.one(['NX', 'XX']));
        if (this.chance(0.3)) opts.push('GET');
        const t = this.pick(7);
        if (t === 0) opts.push('KEEPTTL');
        else if (t === 1) opts.push('EX', this.relTtl('s'));
        else if (t === 2) opts.push('PX', this.relTtl('ms'));
        else if (t === 3) opts.push('EXAT', this.chance(0.1) ? 1 + this.pick(100) : this.future('s'));
        else if (t === 4) opts.push('PXAT', this.chance(0.1) ? 1 + this.pick(100) : this.future('ms'));
        return ['SET', k, v, ...opts];
      }
      case 1: return ['SETNX', k, v];
      case 2: return ['SETEX', k, this.relTtl('s'), v];
      case 3: return ['PSETEX', k, this.relTtl('ms'), v];
      case 4: return ['MSET', k, v, this.key('s'), this.value(i)];
      case 5: return ['MSETNX', k, v, this.key('s'), this.value(i)];
      case 6: return ['APPEND', k, v];
      case 7: return ['SETRANGE', k, this.pick(this.chance(0.1) ? 2000 : 30), v];
      case 8: return ['INCR', k];
      case 9: return ['DECR', k];
      case 10: return ['INCRBY', k, this.pick(2000) - 1000];
      case 11: return ['DECRBY', k, this.pick(2000) - 1000];
      case 12: return ['INCRBYFLOAT', k, this.one(['1.5', '-0.25', '3e2', '1e-5', (this.rnd() * 100).toFixed(7)])];
      case 13: return ['GETSET', k, v];
      case 14: return ['GETDEL', k];
      case 15: {
        const f = this.pick(5);
        const opt: Arg[][] = [['EX', this.relTtl('s')], ['PX', this.relTtl('ms')], ['EXAT', this.future('s')], ['PXAT', this.future('ms')], ['PERSIST']];
        return ['GETEX', k, ...opt[f]!];
      }
      case 16: return ['SET', k, String(this.pick(100))];
      case 17: return ['SETEX', k, this.chance(0.5) ? -1 : 0, v];
      case 18: return ['GETEX', k];
      case 19: return ['INCRBYFLOAT', k, '1e400'];
      case 20: return ['SET', k, v, 'PX', this.relTtl('ms'), 'GET'];
      default: return ['MSET', k, v];
    }
  }

  private bitCmd(i: number): Cmd {
    const k = this.key('b');
    switch (this.pick(5)) {
      case 0: return ['SETBIT', k, this.pick(this.chance(0.1) ? 20000 : 200), this.pick(2)];
      case 1: {
        const op = this.one(['AND', 'OR', 'XOR', 'NOT']);
        const srcs = op === 'NOT' ? [this.key('b')] : [this.key('b'), this.key('b'), this.key('s')].slice(0, 1 + this.pick(3));
        return ['BITOP', op, this.key('b'), ...srcs];
      }
      case 2:
      case 3: {
        const parts: Arg[] = [];
        for (let j = 0, n = 1 + this.pick(4); j < n; j++) {
          if (this.chance(0.4)) parts.push('OVERFLOW', this.one(['WRAP', 'SAT', 'FAIL']));
          const type = this.bitType();
          const offset = this.chance(0.5) ? `#${this.pick(20)}` : String(this.pick(300));
          if (this.chance(0.5)) parts.push('SET', type, offset, this.pick(1000) - 500);
          else if (this.chance(0.8)) parts.push('INCRBY', type, offset, this.pick(400) - 200);
          else parts.push('GET', type, offset);
        }
        return ['BITFIELD', k, ...parts];
      }
      default: return ['APPEND', k, this.value(i)];
    }
  }

  private keyCmd(i: number): Cmd[] {
    const k = this.key(this.one(['s', 'l', 'h', 'S', 'z', 'x', 'b', 'p']));
    const k2 = this.key(this.one(['s', 'l', 'h', 'S', 'z', 'x', 'b', 'p']));
    const cond = (): Arg[] => (this.chance(0.4) ? [this.one(['NX', 'XX', 'GT', 'LT'])] : []);
    switch (this.pick(24)) {
      case 0: return [['DEL', k, k2]];
      case 1: return [['UNLINK', k]];
      case 2: return [['EXPIRE', k, this.chance(0.1) ? -this.pick(10) : this.relTtl('s'), ...cond()]];
      case 3: return [['PEXPIRE', k, this.chance(0.1) ? 0 : this.relTtl('ms'), ...cond()]];
      case 4: return [['EXPIREAT', k, this.chance(0.1) ? 1 + this.pick(1000) : this.future('s'), ...cond()]];
      case 5: return [['PEXPIREAT', k, this.chance(0.1) ? 1 + this.pick(1000) : this.future('ms'), ...cond()]];
      case 6: return [['PERSIST', k]];
      case 7: return [['RENAME', k, k2]];
      case 8: return [['RENAMENX', k, k2]];
      case 9: return [['MOVE', k, this.db()]];
      case 10: {
        const opts: Arg[] = [];
        if (this.chance(0.5)) opts.push('DB', this.db());
        if (this.chance(0.5)) opts.push('REPLACE');
        return [['COPY', k, k2, ...opts]];
      }
      case 11:
      case 12: {
        if (this.dumps.length === 0 || this.chance(0.3)) return [['DUMP', k]];
        const opts: Arg[] = [];
        if (this.chance(0.5)) opts.push('REPLACE');
        let ttl: number = 0;
        if (this.chance(0.5)) {
          opts.push('ABSTTL');
          ttl = this.chance(0.2) ? 1 + this.pick(1000) : this.future('ms');
        } else if (this.chance(0.5)) ttl = this.relTtl('ms');
        return [['RESTORE', k2, ttl, this.one(this.dumps), ...opts]];
      }
      case 13: return this.chance(0.15) ? [['SWAPDB', this.db(), this.db()]] : [['SELECT', this.db()]];
      case 14: return this.chance(0.05) ? [['FLUSHDB']] : [['DEL', k]];
      case 15: return this.chance(0.01) ? [['FLUSHALL']] : [['UNLINK', k2]];
      case 16: return [['SELECT', this.db()]];
      case 17: {
        const opts: Arg[] = [];
        if (this.chance(0.5)) opts.push('ALPHA');
        if (this.chance(0.3)) opts.push('DESC');
        if (this.chance(0.3)) opts.push('LIMIT', this.pick(5), this.pick(20));
        return [['SORT', this.key(this.one(['l', 'S', 'z'])), ...opts, 'STORE', this.key(this.one(['l', 's']))]];
      }
      case 18: return [['EXPIRE', k, this.relTtl('s'), ...cond()]];
      case 19: return [['PEXPIREAT', k, this.future('ms'), ...cond()]];
      case 20: return [['SET', `k${this.pick(8)}`, this.value(i)]];
      case 21: return [['COPY', k, k2, 'DB', this.db(), 'REPLACE']];
      case 22: return [['RESTORE', k2, 0, this.dumps.length ? this.one(this.dumps) : 'bad', 'REPLACE']];
      default: return [['MOVE', k2, this.db()]];
    }
  }

  private listCmd(i: number): Cmd {
    const k = this.key('l');
    const elems = () => Array.from({ length: 1 + this.pick(this.chance(0.2) ? 40 : 4) }, () => this.member());
    const side = () => this.one(['LEFT', 'RIGHT']);
    switch (this.pick(20)) {
      case 0:
      case 1: return ['RPUSH', k, ...elems()];
      case 2: return ['LPUSH', k, ...elems()];
      case 3: return ['LPUSHX', k, ...elems()];
      case 4: return ['RPUSHX', k, ...elems()];
      case 5: return ['LINSERT', k, this.one(['BEFORE', 'AFTER']), this.member(), this.value(i)];
      case 6: return ['LSET', k, this.pick(20) - 10, this.value(i)];
      case 7: return ['LREM', k, this.pick(5) - 2, this.member()];
      case 8: return ['LTRIM', k, this.pick(10) - 3, this.chance(0.7) ? -1 - this.pick(3) : this.pick(200)];
      case 9: return this.chance(0.5) ? ['LPOP', k, ...(this.chance(0.5) ? [this.pick(5)] : [])] : ['RPOP', k, ...(this.chance(0.5) ? [this.pick(5)] : [])];
      case 10: return ['RPOPLPUSH', k, this.key('l')];
      case 11: return ['LMOVE', k, this.key('l'), side(), side()];
      case 12: return ['LMPOP', 2, k, this.key('l'), side(), ...(this.chance(0.5) ? ['COUNT', 1 + this.pick(5)] : [])];
      case 13: return [this.one(['BLPOP', 'BRPOP']), k, this.key('l'), '0.01'];
      case 14: return ['BLMOVE', k, this.key('l'), side(), side(), '0.01'];
      case 15: return ['BLMPOP', '0.01', 2, k, this.key('l'), side(), 'COUNT', 1 + this.pick(3)];
      case 16: return ['RPUSH', k, `${'L'.repeat(100)}${i}`, ...elems()];
      default: return ['RPUSH', k, ...elems(), ...elems()];
    }
  }

  private hashCmd(i: number): Cmd {
    const k = this.key('h');
    const f = () => (this.chance(0.05) ? `long-${'f'.repeat(70)}` : `f${this.pick(200)}`);
    switch (this.pick(8)) {
      case 0:
      case 1: return ['HSET', k, f(), this.value(i), ...(this.chance(0.3) ? Array.from({ length: 20 }, (_, j) => [`g${this.pick(300)}`, `${j}`]).flat() : [])];
      case 2: return ['HMSET', k, f(), this.value(i), f(), this.value(i)];
      case 3: return ['HSETNX', k, f(), this.value(i)];
      case 4: return ['HDEL', k, f(), f()];
      case 5: return ['HINCRBY', k, `n${this.pick(5)}`, this.pick(200) - 100];
      case 6: return ['HINCRBYFLOAT', k, `n${this.pick(5)}`, this.one(['1.5', '-2.25', '1e3', '0.1'])];
      default: return ['HSET', k, f(), `${'H'.repeat(this.pick(100))}`];
    }
  }

  private setCmd(): Cmd {
    const k = this.key('S');
    const ints = () => Array.from({ length: 1 + this.pick(60) }, () => String(this.pick(3000)));
    switch (this.pick(11)) {
      case 0:
      case 1: return ['SADD', k, ...(this.chance(0.6) ? ints() : this.members(10))];
      case 2: return ['SREM', k, ...this.members(5)];
      case 3: return ['SMOVE', k, this.key('S'), this.member()];
      case 4: return ['SPOP', k];
      case 5: return ['SPOP', k, this.pick(this.chance(0.2) ? 700 : 10)];
      case 6: return ['SINTERSTORE', this.key('S'), k, this.key('S')];
      case 7: return ['SUNIONSTORE', this.key('S'), k, this.key('S')];
      case 8: return ['SDIFFSTORE', this.key('S'), k, this.key('S')];
      case 9: return ['SADD', k, ...ints(), ...ints(), ...ints()];
      default: return ['SADD', k, 'x', String(this.pick(10))];
    }
  }

  private zsetCmd(): Cmd {
    const k = this.key(this.chance(0.15) ? 'g' : 'z');
    const pairs = (n: number) => Array.from({ length: 1 + this.pick(n) }, () => [this.score(), this.member()]).flat();
    const src = () => this.key(this.one(['z', 'z', 'S', 'g']));
    // Lex ranges mostly over equal scores: over a skiplist whose members are out of lex order Redis's answer
    // depends on random levels (rewrite refuses such input), so mixed scores come only now and then.
    const lexKey = () => (this.chance(0.9) ? this.key('L', 2) : k);
    const agg = (): Arg[] => [
      ...(this.chance(0.5) ? ['WEIGHTS', this.one(['1', '2', '0.5', '-1']), this.one(['1', '3', '0'])] : []),
      ...(this.chance(0.5) ? ['AGGREGATE', this.one(['SUM', 'MIN', 'MAX'])] : []),
    ];
    switch (this.pick(22)) {
      case 0:
      case 1: {
        const opts: Arg[] = [];
        if (this.chance(0.3)) opts.push(this.one(['NX', 'XX']));
        if (this.chance(0.3) && !opts.includes('NX')) opts.push(this.one(['GT', 'LT']));
        if (this.chance(0.3)) opts.push('CH');
        if (this.chance(0.2)) return ['ZADD', k, ...opts, 'INCR', this.score(), this.member()];
        return ['ZADD', k, ...opts, ...pairs(this.chance(0.2) ? 50 : 5)];
      }
      case 2: return ['ZINCRBY', k, this.score(), this.member()];
      case 3: return ['ZREM', k, ...this.members(4)];
      case 4: return ['ZREMRANGEBYSCORE', k, this.scoreBound(), this.scoreBound()];
      case 5: return ['ZREMRANGEBYRANK', k, this.pick(10) - 5, this.pick(10) - 3];
      case 6: return ['ZREMRANGEBYLEX', lexKey(), this.lexBound(), this.lexBound()];
      case 7: return [this.one(['ZPOPMIN', 'ZPOPMAX']), k, ...(this.chance(0.5) ? [this.pick(6)] : [])];
      case 8: return [this.one(['BZPOPMIN', 'BZPOPMAX']), k, this.key('z'), '0.01'];
      case 9: return ['ZMPOP', 2, k, this.key('z'), this.one(['MIN', 'MAX']), ...(this.chance(0.5) ? ['COUNT', 1 + this.pick(5)] : [])];
      case 10: return ['ZUNIONSTORE', this.key('z'), 2, src(), src(), ...agg()];
      case 11: return ['ZINTERSTORE', this.key('z'), 2, src(), src(), ...agg()];
      case 12: return ['ZDIFFSTORE', this.key('z'), 2, src(), src()];
      case 13: {
        const by = this.pick(3);
        let source = src();
        const opts: Arg[] = [];
        let min: Arg = this.pick(10) - 3;
        let max: Arg = this.pick(20) - 5;
        if (by === 1) {
          opts.push('BYSCORE');
          min = this.scoreBound();
          max = this.scoreBound();
        } else if (by === 2) {
          opts.push('BYLEX');
          source = lexKey();
          min = this.lexBound();
          max = this.lexBound();
        }
        if (this.chance(0.3)) opts.push('REV');
        if (by !== 0 && this.chance(0.4)) opts.push('LIMIT', this.pick(4), this.pick(10) - 1);
        return ['ZRANGESTORE', this.key('z'), source, min, max, ...opts];
      }
      case 14:
      case 15: {
        const opts: Arg[] = [];
        if (this.chance(0.3)) opts.push(this.one(['NX', 'XX']));
        if (this.chance(0.3)) opts.push('CH');
        const pts = Array.from({ length: 1 + this.pick(6) }, () => [(this.rnd() * 360 - 180).toFixed(6), (this.rnd() * 170 - 85).toFixed(6), `p${this.pick(100)}`]).flat();
        return ['GEOADD', this.key('g'), ...opts, ...pts];
      }
      // GEOSEARCHSTORE / GEORADIUS … STORE are left out: the scratch keyspace does not replay them yet.
      case 16: return ['ZADD', k, 'XX', 'CH', ...pairs(4)];
      case 17: return ['ZADD', k, 'GT', 'CH', ...pairs(5)];
      case 18: return ['ZADD', lexKey(), ...Array.from({ length: 10 }, () => ['0', this.member()]).flat()];
      case 19: return ['ZINCRBY', k, '+inf', this.member()];
      default: return ['ZADD', k, 'LT', ...pairs(3)];
    }
  }

  private streamCmd(i: number): Cmd {
    const explicit = this.chance(0.4);
    const k = explicit ? this.key('X', 2) : this.key('x', 3);
    const g = `g${this.pick(2)}`;
    const c = `c${this.pick(4)}`;
    const trim = (): Arg[] => {
      if (!this.chance(0.25)) return [];
      const approx = this.one(['=', '~', '']);
      const limit = approx === '~' && this.chance(0.5) ? ['LIMIT', this.pick(200)] : [];
      if (this.chance(0.6)) return ['MAXLEN', ...(approx ? [approx] : []), this.pick(150), ...limit];
      return ['MINID', ...(approx ? [approx] : []), this.xid(k), ...limit];
    };
    switch (this.pick(26)) {
      case 0: case 1: case 2: case 3: case 4: case 5: {
        let id = '*';
        if (explicit) {
          this.explicitMs += this.pick(3);
          id = this.chance(0.3) ? `${this.explicitMs}-*` : `${this.explicitMs}-${this.pick(5)}`;
        }
        const fields = Array.from({ length: 1 + this.pick(3) }, (_, j) => [`f${j}`, this.value(i)]).flat();
        return ['XADD', k, ...(this.chance(0.1) ? ['NOMKSTREAM'] : []), ...trim(), id, ...fields];
      }
      case 6: return ['XDEL', k, ...this.pickIds(k, 3)];
      case 7: {
        const approx = this.one(['=', '~', '']);
        const limit = approx === '~' && this.chance(0.5) ? ['LIMIT', this.pick(200)] : [];
        const strat = this.chance(0.5) ? ['MAXLEN', ...(approx ? [approx] : []), this.pick(150)] : ['MINID', ...(approx ? [approx] : []), this.xid(k)];
        return ['XTRIM', k, ...strat, ...limit];
      }
      case 8: {
        const ids = this.xids.get(k) ?? [];
        const last = ids.length ? ids[ids.length - 1]! : '0-1';
        const [ms, seq] = last.split('-').map(Number) as [number, number];
        const id = this.chance(0.5) ? `${ms}-${seq + this.pick(5)}` : `${ms + this.pick(1000)}-0`;
        const opts: Arg[] = [];
        if (this.chance(0.5)) opts.push('ENTRIESADDED', 1000 + this.pick(1000));
        if (this.chance(0.5)) opts.push('MAXDELETEDID', this.chance(0.7) ? last : `${ms}-${seq + 100}`);
        return ['XSETID', k, id, ...opts];
      }
      case 9: case 10: {
        const opts: Arg[] = [];
        if (this.chance(0.8)) opts.push('MKSTREAM');
        if (this.chance(0.3)) opts.push('ENTRIESREAD', this.pick(20));
        return ['XGROUP', 'CREATE', k, g, this.one(['$', '0', this.xid(k)]), ...opts];
      }
      case 11: return ['XGROUP', 'SETID', k, g, this.one(['$', '0', this.xid(k)]), ...(this.chance(0.4) ? ['ENTRIESREAD', this.pick(30)] : [])];
      case 12: return this.chance(0.3) ? ['XGROUP', 'DESTROY', k, g] : ['XGROUP', 'CREATECONSUMER', k, g, c];
      case 13: return ['XGROUP', 'DELCONSUMER', k, g, c];
      case 14: case 15: case 16: case 17: {
        const opts: Arg[] = ['COUNT', 1 + this.pick(5)];
        if (this.chance(0.3)) opts.push('NOACK');
        return ['XREADGROUP', 'GROUP', g, c, ...opts, 'STREAMS', k, this.chance(0.85) ? '>' : '0'];
      }
      case 18: case 19: {
        const opts: Arg[] = [];
        if (this.chance(0.3)) opts.push('IDLE', this.pick(100000));
        else if (this.chance(0.3)) opts.push('TIME', this.nowMs - this.pick(1_000_000));
        if (this.chance(0.3)) opts.push('RETRYCOUNT', this.pick(10));
        if (this.chance(0.3)) opts.push('FORCE');
        if (this.chance(0.3)) opts.push('JUSTID');
        if (this.chance(0.2)) opts.push('LASTID', this.xid(k));
        return ['XCLAIM', k, g, c, this.pick(2) * 1000, ...this.pickIds(k, 3), ...opts];
      }
      case 20: return ['XAUTOCLAIM', k, g, c, 0, this.chance(0.5) ? '0-0' : this.xid(k), 'COUNT', 1 + this.pick(5), ...(this.chance(0.3) ? ['JUSTID'] : [])];
      case 21: case 22: return ['XACK', k, g, ...this.pickIds(k, 4)];
      case 23: return ['XGROUP', 'CREATE', k, g, this.one(['0', '$']), 'MKSTREAM'];
      default: return ['XADD', k, 'MAXLEN', '~', 20, '*', 'f', this.value(i)];
    }
  }

  private hllCmd(i: number): Cmd {
    const k = this.key('p', 3);
    switch (this.pick(5)) {
      case 0: case 1: return ['PFADD', k, ...Array.from({ length: 1 + this.pick(this.chance(0.3) ? 300 : 10) }, () => `e${this.pick(100000)}`)];
      case 2: return ['PFMERGE', this.key('p', 3), k, this.key('p', 3)];
      case 3: return ['PFCOUNT', k];
      default: return ['PFADD', k, `x${i}`];
    }
  }

  private scriptCmd(i: number): Cmd[] {
    // FCALL's f<n>: SET, INCRBY, RPUSH, HINCRBY.
    const keys = ['s', 'c', 'l', 'h'].map((f) => this.key(f, 3));
    switch (this.pick(9)) {
      case 0: case 1: case 2: {
        const { code, families } = this.one(SCRIPTS);
        return [['EVAL', code, families.length, ...families.map((f) => this.key(f, 3)), this.member(), this.member()]];
      }
      case 3: case 4: return [['FCALL', `f${this.pick(3)}`, 4, ...keys, `a${i}`]];
      case 5: return [['FUNCTION', 'LOAD', ...(this.chance(0.5) ? ['REPLACE'] : []), libraryCode(this.pick(3), this.pick(3))]];
      case 6: return [this.chance(0.5) ? ['FUNCTION', 'DELETE', `lib${this.pick(3)}`] : ['FCALL_RO', `r${this.pick(3)}`, 1, keys[0]!]];
      case 7: {
        if (this.fnDumps.length === 0 || this.chance(0.3)) return [['FUNCTION', 'DUMP']];
        return [['FUNCTION', 'RESTORE', this.one(this.fnDumps), this.one(['APPEND', 'REPLACE', 'FLUSH'])]];
      }
      default: return [this.chance(0.1) ? ['FUNCTION', 'FLUSH'] : ['FCALL', `f${this.pick(3)}`, 4, ...keys, `b${i}`]];
    }
  }

  /** Learns from replies: DUMP payloads for RESTORE, stream IDs for XDEL/XCLAIM/XACK. */
  observe(cmd: Cmd, reply: Reply): void {
    const name = String(cmd[0]).toUpperCase();
    if (name === 'DUMP' && Buffer.isBuffer(reply)) this.dumps.push(reply);
    else if (name === 'FUNCTION' && cmd[1] === 'DUMP' && Buffer.isBuffer(reply)) this.fnDumps.push(reply);
    else if (name === 'XADD' && Buffer.isBuffer(reply)) {
      const key = String(cmd[1]);
      const ids = this.xids.get(key) ?? [];
      ids.push(reply.toString());
      if (ids.length > 60) ids.shift();
      this.xids.set(key, ids);
    }
    if (this.dumps.length > 30) this.dumps.shift();
  }
}

/** Polls INFO until no AOF rewrite runs or waits to run. */
export async function waitForRewrite(c: RespClient): Promise<void> {
  for (let i = 0; i < 400; i++) {
    const info = String(await c.call('INFO', 'persistence'));
    if (info.includes('aof_rewrite_in_progress:0') && info.includes('aof_rewrite_scheduled:0')) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('BGREWRITEAOF did not finish');
}

/** Drives n commands (groups count once) through c; a BGREWRITEAOF after the first half makes the AOF multi-part. */
export async function richWorkload(c: RespClient, rnd: () => number, n: number): Promise<{ errors: number }> {
  const gen = new RichGenerator(rnd);
  let errors = 0;
  for (let i = 0; i < n; i++) {
    if (i === Math.floor(n / 2)) {
      await c.call('BGREWRITEAOF');
      await waitForRewrite(c);
    }
    for (const cmd of gen.next(i)) {
      const reply = await c.send(...cmd);
      if (reply instanceof ReplyError) errors++;
      else gen.observe(cmd, reply);
    }
  }
  await c.send('SELECT', 0);
  return { errors };
}

/** The dataset a server holds after loading files, and the size of its own RESP rewrite (BGREWRITEAOF base) of it. */
export async function loadAndDump(files: ServerFiles): Promise<{ dump: DatasetDump; ownRewriteBytes: number }> {
  const rdb = 'rdb' in files;
  const server = await startRedis(files, { 'aof-use-rdb-preamble': 'no', ...(rdb ? {} : { appendonly: 'yes' }) });
  try {
    if (!server.loaded) throw new Error(`redis-server did not load: ${server.log()}`);
    const c = await server.client();
    const dump = await dumpDataset(c);
    // Turning AOF on (RDB input) starts a rewrite by itself.
    await c.call(...(rdb ? ['CONFIG', 'SET', 'appendonly', 'yes'] : ['BGREWRITEAOF']));
    await waitForRewrite(c);
    const dir = join(server.dir, 'appendonlydir');
    const base = readdirSync(dir).filter((n) => n.includes('.base.')).sort().at(-1);
    c.close();
    return { dump, ownRewriteBytes: base ? statSync(join(dir, base)).size : 0 };
  } finally {
    await server.stop();
  }
}
