// RDB writer speed: a synthetic mixed dataset written with the RdbWriter to a file; redis-server's own SAVE of it for reference.
// Run after `npm run build`: node scripts/bench-rdb-write.mjs   (BENCH_WRITE_KEYS, BENCH_WRITE_VERSION to change the size and target)
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { devNull } from 'node:os';
import { join } from 'node:path';
import { fdConsumer, RdbWriter } from '../dist/rdb/write/index.js';
import { rng } from './bench/generate.mjs';
import { haveCommand, redisSaveTime } from './bench/redis.mjs';

const KEYS = Number(process.env.BENCH_WRITE_KEYS ?? 3_000_000);
const VERSION = Number(process.env.BENCH_WRITE_VERSION ?? 10);
const DATA = 'bench-data';
const next = rng(7);
const pick = (n) => next() % n;
const word = (n) => Buffer.from(Array.from({ length: n }, () => 97 + pick(26)));
const pool = (n, make) => Array.from({ length: n }, make);

// Pools of values, reused under different keys so that building the data costs little next to writing it.
const strings = pool(4000, (_, i) => (i % 10 === 0 ? Buffer.from(String(pick(1e9))) : word(1 + pick(300))));
const hashes = pool(500, () => ({ type: 'hash', entries: pool(5 + pick(25), (_, i) => ({ field: Buffer.from(`field:${i}`), value: word(1 + pick(40)) })) }));
const lists = pool(500, () => ({ type: 'list', items: pool(5 + pick(95), () => word(1 + pick(60))) }));
const sets = pool(500, (_, k) => ({ type: 'set', members: pool(10 + pick(50), (_, i) => Buffer.from(k % 2 ? String(i * 7) : `m:${i}`)) }));
const zsets = pool(500, () => ({ type: 'zset', entries: pool(5 + pick(55), (_, i) => ({ member: Buffer.from(`member:${i}`), score: pick(100000) / 7 })) }));
const bigHashes = pool(20, () => ({ type: 'hash', entries: pool(1000, (_, i) => ({ field: Buffer.from(`f${i}`), value: word(20) })) }));
const bigLists = pool(20, () => ({ type: 'list', items: pool(2000, () => word(1 + pick(80))) }));
const id = (ms, seq = 0n) => ({ ms: BigInt(ms), seq });
const streams = pool(50, () => {
  const entries = pool(100, (_, i) => ({
    id: id(1_700_000_000_000 + i),
    fields: [Buffer.from('sensor'), Buffer.from(String(pick(50))), Buffer.from('value'), word(8)],
  }));
  const consumer = Buffer.from('worker');
  return {
    type: 'stream',
    entries,
    lastId: entries.at(-1).id,
    groups: [
      {
        name: Buffer.from('g'),
        lastId: entries[9].id,
        entriesRead: 10,
        pending: entries.slice(0, 10).map((e) => ({ id: e.id, deliveryTimeMs: 1, deliveryCount: 1, consumer })),
        consumers: [{ name: consumer, seenTimeMs: 1, activeTimeMs: 1 }],
      },
    ],
  };
});

function valueFor(i) {
  const r = i % 100;
  if (r < 75) return { type: 'string', value: strings[i % strings.length] };
  if (r < 83) return hashes[i % hashes.length];
  if (r < 89) return lists[i % lists.length];
  if (r < 93) return sets[i % sets.length];
  if (r < 97) return zsets[i % zsets.length];
  // One key in a thousand is a 1000-field hash or a 2000-item list; one in a hundred a stream.
  if (r === 97) return i % 1000 === 97 ? bigHashes[i % bigHashes.length] : hashes[i % hashes.length];
  if (r === 98) return i % 1000 === 98 ? bigLists[i % bigLists.length] : lists[i % lists.length];
  return streams[i % streams.length];
}

function write(path, compression, checkDuplicates = true) {
  const where = path === devNull ? 'to the null device' : 'to a file';
  const fd = openSync(path, 'w');
  const started = process.hrtime.bigint();
  const w = new RdbWriter(fdConsumer(fd), { version: VERSION, compression, checkDuplicates, reuseChunks: true, chunkSize: 1 << 20 });
  w.begin();
  w.selectDb(0, { keys: KEYS, expires: Math.floor(KEYS / 5) });
  for (let i = 0; i < KEYS; i++) {
    const refused = w.writeKey({ db: 0, key: Buffer.from(`key:${i}`), expireAtMs: i % 5 === 0 ? 4_000_000_000_000 + i : null, value: valueFor(i) });
    if (refused) throw new Error(refused.message);
  }
  const summary = w.end();
  closeSync(fd);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  console.log(
    `  aof RdbWriter ${where}, compression ${compression ? 'on ' : 'off'}${checkDuplicates ? '' : ', no dup search'} ${seconds.toFixed(2).padStart(7)} s ${(summary.bytes / 1e6 / seconds).toFixed(0).padStart(5)} MB/s ${(KEYS / seconds / 1e3).toFixed(0).padStart(6)}k keys/s  ${(summary.bytes / 1e6).toFixed(0)} MB`,
  );
}

mkdirSync(DATA, { recursive: true });
console.log(`RDB ${VERSION}, ${KEYS} keys (75% strings, 10% hashes, 7% lists, 4% sets, 4% zsets, 1% streams with a group, 0.2% large; 20% with a TTL)`);
const path = join(DATA, `written-${VERSION}.rdb`);
// The null device shows the writer's own speed; the file run and redis-server's SAVE include the disk.
write(devNull, false);
write(devNull, true, false);
write(devNull, true);
write(path, true);
if (haveCommand('redis-server')) {
  const { seconds, bytes } = await redisSaveTime(path);
  console.log(
    `  redis-server SAVE to a file, rdbcompression yes ${seconds.toFixed(2).padStart(5)} s ${(bytes / 1e6 / seconds).toFixed(0).padStart(5)} MB/s ${(KEYS / seconds / 1e3).toFixed(0).padStart(6)}k keys/s  ${(bytes / 1e6).toFixed(0)} MB`,
  );
}
