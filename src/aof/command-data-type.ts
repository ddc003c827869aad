// Which data type a command works on, from the command groups of Redis's command table (src/commands/*.json).

export type DataType = 'string' | 'list' | 'hash' | 'set' | 'zset' | 'stream';

const words = (s: string): string[] => s.split(/\s+/).filter(Boolean);

// Bitmap and HyperLogLog commands work on strings, geo commands on sorted sets. Generic commands
// (DEL, EXPIRE, RENAME, …) work on any type and are not listed. Redis 7.4 groups, plus Redis 8's
// HGETDEL, HGETEX and HSETEX.
const GROUPS: Record<DataType, string[]> = {
  string: words(`append bitcount bitfield bitfield_ro bitop bitpos decr decrby get getbit getdel getex getrange
    getset incr incrby incrbyfloat lcs mget mset msetex msetnx pfadd pfcount pfdebug pfmerge psetex set setbit
    setex setnx setrange strlen substr`),
  list: words(`blmove blmpop blpop brpop brpoplpush lindex linsert llen lmove lmpop lpop lpos lpush lpushx lrange
    lrem lset ltrim rpop rpoplpush rpush rpushx`),
  hash: words(`hdel hexists hexpire hexpireat hexpiretime hget hgetall hgetdel hgetex hincrby hincrbyfloat hkeys
    hlen hmget hmset hpersist hpexpire hpexpireat hpexpiretime hpttl hrandfield hscan hset hsetex hsetnx hstrlen
    httl hvals`),
  set: words(`sadd scard sdiff sdiffstore sinter sintercard sinterstore sismember smembers smismember smove spop
    srandmember srem sscan sunion sunionstore`),
  zset: words(`bzmpop bzpopmax bzpopmin geoadd geodist geohash geopos georadius georadius_ro georadiusbymember
    georadiusbymember_ro geosearch geosearchstore zadd zcard zcount zdiff zdiffstore zincrby zinter zintercard
    zinterstore zlexcount zmpop zmscore zpopmax zpopmin zrandmember zrange zrangebylex zrangebyscore zrangestore
    zrank zrem zremrangebylex zremrangebyrank zremrangebyscore zrevrange zrevrangebylex zrevrangebyscore zrevrank
    zscan zscore zunion zunionstore`),
  stream: words(`xack xadd xautoclaim xclaim xdel xgroup xinfo xlen xpending xrange xread xreadgroup xrevrange
    xsetid xtrim`),
};

const BY_NAME = new Map<string, DataType>((Object.entries(GROUPS) as [DataType, string[]][]).flatMap(([type, names]) => names.map((n) => [n, type] as const)));

/** The data type a command (lower-case name) acts on, or null for generic, server and unknown commands. */
export function commandDataType(name: string): DataType | null {
  return BY_NAME.get(name) ?? null;
}
