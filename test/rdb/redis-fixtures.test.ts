// Decodes every RDB written by a real redis-server (fixtures/rdb, the RDB part of fixtures/preamble, and
// fixtures/rdb-handmade) and compares with what the server itself reported (the .keys.json / .expect.json sidecars).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeDumpPayload, decodeFunctionDump, type RdbRecord, type RdbValue, type StreamId } from '../../src/rdb/index.js';
import { collect, plain } from './helpers/collect.js';
import type { SidecarKey } from '../helpers/sidecar.js';

const root = join(import.meta.dirname, '../../fixtures');
const b64 = (b: Buffer) => b.toString('base64');
const idText = (id: StreamId) => `${id.ms}-${id.seq}`;
const sorted = <T>(xs: T[], key: (x: T) => string) => [...xs].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));

/** The value in the sidecar's shape (base64 strings, sets and hashes sorted: the server lists them in dict order). */
function asSidecar(v: RdbValue): Record<string, unknown> {
  switch (v.type) {
    case 'string':
      return { type: 'string', value: b64(v.value) };
    case 'list':
      return { type: 'list', elements: v.items.map(b64) };
    case 'set':
      return { type: 'set', members: v.members.map(b64).sort() };
    case 'zset':
      return {
        type: 'zset',
        members: sorted(
          v.entries.map((e) => ({ member: b64(e.member), score: e.score })),
          (e) => e.member,
        ),
      };
    case 'hash':
      return {
        type: 'hash',
        fields: sorted(
          v.entries.map((e) => ({ field: b64(e.field), value: b64(e.value) })),
          (e) => e.field,
        ),
      };
    case 'stream':
      return {
        type: 'stream',
        length: v.length,
        'last-generated-id': idText(v.lastId),
        'max-deleted-entry-id': v.maxDeletedId && idText(v.maxDeletedId),
        'entries-added': v.entriesAdded,
        entries: v.entries.map((e) => ({ id: idText(e.id), fields: e.fields.map(b64) })),
        groups: v.groups.map((g) => ({
          name: b64(g.name),
          'last-delivered-id': idText(g.lastId),
          'entries-read': g.entriesRead,
          pending: g.pending.map((p) => ({ id: idText(p.id), consumer: b64(p.consumer), deliveryTime: p.deliveryTimeMs, deliveryCount: p.deliveryCount })),
          consumers: g.consumers.map((c) => ({ name: b64(c.name), 'seen-time': c.seenTimeMs })),
        })),
      };
    default:
      return { type: v.type };
  }
}

/** The server's score text: "inf" and "-inf" besides plain numbers. */
function scoreNumber(text: string): number {
  if (text === 'inf') return Infinity;
  if (text === '-inf') return -Infinity;
  return Number(text);
}

/** XINFO STREAM FULL lists at most COUNT (10) entries and PEL entries: compare that many. */
function limitStreamLists(got: Record<string, unknown>, want: Record<string, unknown>): void {
  if (got.type !== 'stream') return;
  const wantEntries = want.entries as unknown[];
  got.entries = (got.entries as unknown[]).slice(0, wantEntries.length);
  const wantGroups = want.groups as Array<{ pending: unknown[] }>;
  (got.groups as Array<{ pending: unknown[] }>).forEach((g, i) => {
    if (wantGroups[i]) g.pending = g.pending.slice(0, wantGroups[i]!.pending.length);
  });
}

function expectedFromSidecar(k: SidecarKey): Record<string, unknown> {
  switch (k.type) {
    case 'string':
      return { type: 'string', value: k.value };
    case 'list':
      return { type: 'list', elements: k.elements };
    case 'set':
      return { type: 'set', members: [...(k.members as string[])].sort() };
    case 'zset':
      return {
        type: 'zset',
        members: sorted(
          (k.members as Array<{ member: string; score: string }>).map((m) => ({ member: m.member, score: scoreNumber(m.score) })),
          (e) => e.member,
        ),
      };
    case 'hash':
      return { type: 'hash', fields: sorted(k.fields!, (e) => e.field) };
    case 'stream': {
      const x = k.xinfo as Record<string, unknown> & { groups: Array<Record<string, unknown> & { consumers: Array<Record<string, unknown>> }> };
      return {
        type: 'stream',
        length: x.length,
        'last-generated-id': x['last-generated-id'],
        'max-deleted-entry-id': x['max-deleted-entry-id'],
        'entries-added': x['entries-added'],
        entries: x.entries,
        groups: x.groups.map((g) => ({
          name: g.name,
          'last-delivered-id': g['last-delivered-id'],
          'entries-read': g['entries-read'],
          pending: g.pending,
          consumers: sorted(
            g.consumers.map((c) => ({ name: c.name as string, 'seen-time': c['seen-time'] })),
            (c) => Buffer.from(c.name, 'base64').toString('latin1'),
          ),
        })),
      };
    }
    default:
      return { type: k.type };
  }
}

function listFixtures(dir: string, suffix: string): string[] {
  const path = join(root, dir);
  if (!existsSync(path)) return [];
  return readdirSync(path)
    .filter((f) => f.endsWith(suffix))
    .map((f) => join(path, f));
}

const rdbFixtures = listFixtures('rdb', '.rdb').filter((f) => existsSync(`${f}.keys.json`));

describe.skipIf(rdbFixtures.length === 0)('RDB files written by redis-server, against the server sidecars', () => {
  for (const file of rdbFixtures) {
    it(file.slice(root.length + 1), () => {
      const { records, summary } = collect(readFileSync(file));
      const sidecar = JSON.parse(readFileSync(`${file}.keys.json`, 'utf8')) as { keys: SidecarKey[]; functions: Array<{ library_code: string }> };
      const expect_ = JSON.parse(readFileSync(`${file}.expect.json`, 'utf8')) as { checkRdb: { stdout: string } };
      expect(summary.problem).toBeNull();
      const checkOut = expect_.checkRdb.stdout;
      // redis-check-rdb prints the offset where it finished: our end.
      const endMatch = /\[offset (\d+)\] (Checksum OK|RDB file was saved with checksum disabled)/.exec(checkOut)!;
      expect(summary.end).toBe(Number(endMatch[1]));
      expect(summary.checksum.status).toBe(endMatch[2] === 'Checksum OK' ? 'ok' : 'disabled');
      // It prints "Selecting DB ID n" just after the 2-byte SELECTDB record.
      const selects = [...checkOut.matchAll(/\[offset (\d+)\] Selecting DB ID (\d+)/g)].map((m) => ({ db: Number(m[2]), offset: Number(m[1]) - 2 }));
      expect(records.filter((r) => r.type === 'select-db').map((r) => ({ db: (r as { db: number }).db, offset: r.offset }))).toEqual(selects);

      const keyRecords = records.filter((r): r is Extract<RdbRecord, { type: 'key' }> => r.type === 'key');
      const got = sorted(
        keyRecords.map((r) => ({ db: r.db, key: b64(r.key), expire: r.expireAtMs ?? -1, value: asSidecar(r.value) })),
        (k) => `${k.db}:${k.key}`,
      );
      const want = sorted(
        sidecar.keys.map((k) => ({ db: k.db, key: k.key, expire: k.pexpiretime, value: expectedFromSidecar(k) })),
        (k) => `${k.db}:${k.key}`,
      );
      got.forEach((g, i) => want[i] && limitStreamLists(g.value, want[i]!.value));
      expect(got).toEqual(want);
      const functions = records.filter((r) => r.type === 'function').map((r) => (r as { code: Buffer }).code.toString('utf8'));
      expect(functions).toEqual(sidecar.functions.map((f) => f.library_code));
    });
  }
});

const preambles = listFixtures('preamble', '.aof');

describe.skipIf(preambles.length === 0)('the RDB part of preamble AOFs written by redis-server', () => {
  for (const file of preambles) {
    it(file.slice(root.length + 1), () => {
      const { summary } = collect(readFileSync(file));
      const out = (JSON.parse(readFileSync(`${file}.expect.json`, 'utf8')) as { checkAof: { stdout: string } }).checkAof.stdout;
      const endMatch = /\[offset (\d+)\] Checksum OK/.exec(out)!;
      expect(summary).toMatchObject({ problem: null, end: Number(endMatch[1]), checksum: { status: 'ok' } });
    });
  }
});

const handmade = join(root, 'rdb-handmade');

describe.skipIf(!existsSync(join(handmade, 'redis-7.0-types.rdb')))('fixtures/rdb-handmade made by make.sh with redis-server 7.0', () => {
  it('decodes every key of redis-7.0-types.rdb as written', () => {
    const { records, summary } = collect(readFileSync(join(handmade, 'redis-7.0-types.rdb')));
    expect(summary).toMatchObject({ version: 10, problem: null, checksum: { status: 'ok' } });
    const byKey = new Map(records.flatMap((r) => (r.type === 'key' ? [[r.key.toString(), r] as const] : [])));
    const value = (k: string) => plain(byKey.get(k)!.value);
    expect(value('str:raw')).toEqual({ type: 'string', encoding: 'string', value: 'hello' });
    expect(value('str:int')).toEqual({ type: 'string', encoding: 'string', value: '12345' });
    expect(value('str:neg')).toEqual({ type: 'string', encoding: 'string', value: '-9000000' });
    expect(value('str:lzf')).toEqual({ type: 'string', encoding: 'string', value: 'abcdefghij'.repeat(20) });
    expect(byKey.get('str:exp')!.expireAtMs).toBe(4102444800123);
    expect(value('list:lp')).toEqual({ type: 'list', encoding: 'quicklist-v2', items: ['a', 'b', '1', '-2', '300', '70000', '4294967296'] });
    expect(value('list:plain')).toEqual({ type: 'list', encoding: 'quicklist-v2', items: ['small', 'x'.repeat(150), 'tail'] });
    expect(value('set:int')).toEqual({ type: 'set', encoding: 'set-intset', members: ['-5', '1', '2', '3'] });
    expect((value('set:ht') as { members: string[] }).members.sort()).toEqual(['apple', 'banana']);
    expect(value('zset:lp')).toEqual({
      type: 'zset',
      encoding: 'zset-listpack',
      entries: [
        { member: 'c', score: -3 },
        { member: 'a', score: 1 },
        { member: 'b', score: 2.5 },
      ],
    });
    expect(sorted((value('zset:sl') as { entries: Array<{ member: string; score: number }> }).entries, (e) => e.member)).toEqual([
      { member: 'x', score: 1.5 },
      { member: 'y', score: Infinity },
      { member: 'z', score: -Infinity },
    ]);
    expect(value('hash:lp')).toEqual({
      type: 'hash',
      encoding: 'hash-listpack',
      entries: [
        { field: 'f1', value: 'v1' },
        { field: 'n', value: '5' },
      ],
    });
    const stream = byKey.get('stream')!.value;
    expect(stream.type === 'stream' && stream.entries.map((e) => [idText(e.id), e.fields.map(String)])).toEqual([
      ['1000-0', ['name', 'alice', 'age', '30']],
      ['1002-0', ['city', 'paris']],
      ['1003-5', ['name', 'carol', 'age', '50']],
    ]);
    expect(stream).toMatchObject({ encoding: 'stream-v2', length: 3, entriesAdded: 4, maxDeletedId: { ms: 1000n, seq: 1n } });
    const g1 = stream.type === 'stream' ? stream.groups.find((g) => g.name.toString() === 'g1')! : null;
    expect(g1!.pending.map((p) => [idText(p.id), p.consumer.toString(), p.deliveryCount])).toEqual([
      ['1000-0', 'amy', 1],
      ['1002-0', 'zed', 1],
    ]);
    expect(g1!.consumers.map((c) => c.name.toString())).toEqual(['amy', 'idle', 'zed']);
    expect(g1!.entriesRead).toBeNull(); // XINFO GROUPS shows entries-read nil after the XDEL
    expect(byKey.get('db2:key')).toMatchObject({ db: 2, expireAtMs: 4102444800000 });
    const fn = records.find((r) => r.type === 'function');
    expect(fn && plain(fn)).toMatchObject({ code: "#!lua name=mylib\nredis.register_function('myfunc', function(keys, args) return 1 end)" });
  });

  it('decodes DUMP and FUNCTION DUMP payloads from the same server', () => {
    const dump = (name: string) => plain(decodeDumpPayload(readFileSync(join(handmade, name))));
    expect(dump('dump-str-raw.bin')).toEqual({ value: { type: 'string', encoding: 'string', value: 'hello' } });
    expect(dump('dump-list-lp.bin')).toMatchObject({ value: { type: 'list', items: ['a', 'b', '1', '-2', '300', '70000', '4294967296'] } });
    expect(dump('dump-zset-sl.bin')).toMatchObject({ value: { type: 'zset', encoding: 'zset-v2' } });
    expect(dump('dump-stream.bin')).toMatchObject({ value: { type: 'stream', length: 3 } });
    expect(plain(decodeFunctionDump(readFileSync(join(handmade, 'function-dump.bin'))))).toEqual({
      libraries: ["#!lua name=mylib\nredis.register_function('myfunc', function(keys, args) return 1 end)"],
    });
  });
});
