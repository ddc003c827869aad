// emitStream against the base file redis-server 7.0.15 wrote (BGREWRITEAOF, aof-use-rdb-preamble no) for the same workload.
import { describe, expect, it } from 'vitest';
import { emitStream } from '../../src/keyspace/stream-emit.js';
import { FakeDb, replay, stripXinfo, toJson, xinfoFull, type Recorded } from './stream-harness.js';
import { streamCommands } from '../../src/keyspace/stream-commands.js';
import { streamFromRdb } from '../../src/keyspace/stream-rdb.js';
import { formatId, MAX_ID } from '../../src/keyspace/stream-id.js';
import { decodeDumpPayload, type RdbStream } from '../../src/rdb/index.js';

/** The workload: entries, XDEL (also of an entry still pending), groups with -1/explicit read counters, consumers. */
const WORKLOAD: Recorded[] = [
  [["FLUSHALL"], {"simple": "OK"}],
  [["XADD", "k1", "1-1", "f", "v1"], "1-1"],
  [["XADD", "k1", "2-1", "f", "v2", "g", "w2"], "2-1"],
  [["XADD", "k1", "3-1", "f", "v3"], "3-1"],
  [["XADD", "k1", "4-1", "h", "v4"], "4-1"],
  [["XADD", "k1", "5-1", "f", "v5"], "5-1"],
  [["XADD", "k1", "6-1", "f", "v6"], "6-1"],
  [["XDEL", "k1", "3-1"], 1],
  [["XGROUP", "CREATE", "k1", "ga", "0"], {"simple": "OK"}],
  [["XGROUP", "CREATE", "k1", "gb", "$", "ENTRIESREAD", "6"], {"simple": "OK"}],
  [["XREADGROUP", "GROUP", "ga", "alice", "COUNT", "2", "STREAMS", "k1", ">"], [["k1", [["1-1", ["f", "v1"]], ["2-1", ["f", "v2", "g", "w2"]]]]]],
  [["XCLAIM", "k1", "ga", "alice", "0", "1-1", "2-1", "TIME", "1700000000000", "RETRYCOUNT", "2", "JUSTID"], ["1-1", "2-1"]],
  [["XGROUP", "CREATECONSUMER", "k1", "ga", "bob"], 1],
  [["XCLAIM", "k1", "ga", "carol \u00e9", "0", "4-1", "FORCE", "TIME", "1700000000500", "RETRYCOUNT", "5", "JUSTID"], ["4-1"]],
  [["XCLAIM", "k1", "ga", "dave", "0", "5-1", "FORCE", "TIME", "1700000000600", "JUSTID"], ["5-1"]],
  [["XDEL", "k1", "5-1"], 1],
  [["XGROUP", "CREATE", "k1", "g c", "2-1", "ENTRIESREAD", "2"], {"simple": "OK"}],
  [["XGROUP", "CREATE", "k1", "A", "4-1"], {"simple": "OK"}],
  [["XADD", "e", "MAXLEN", "0", "1-1", "a", "b"], "1-1"],
  [["XGROUP", "CREATE", "e", "g0", "$"], {"simple": "OK"}],
  [["XGROUP", "CREATE", "empty2", "g", "$", "MKSTREAM"], {"simple": "OK"}],
  [["XADD", "k2", "5-1", "x", "y"], "5-1"],
  [["XSETID", "k2", "9-9", "ENTRIESADDED", "100", "MAXDELETEDID", "7-7"], {"simple": "OK"}],
];

/** appendonly.aof.2.base.aof after BGREWRITEAOF, without its SELECT (keys in Redis's dict order). */
const REDIS_REWRITE: string[][] = [
  ["XADD", "empty2", "MAXLEN", "0", "0-1", "x", "y"],
  ["XSETID", "empty2", "0-0", "ENTRIESADDED", "0", "MAXDELETEDID", "0-0"],
  ["XGROUP", "CREATE", "empty2", "g", "0-0", "ENTRIESREAD", "-1"],
  ["XADD", "k2", "5-1", "x", "y"],
  ["XSETID", "k2", "9-9", "ENTRIESADDED", "100", "MAXDELETEDID", "7-7"],
  ["XADD", "k1", "1-1", "f", "v1"],
  ["XADD", "k1", "2-1", "f", "v2", "g", "w2"],
  ["XADD", "k1", "4-1", "h", "v4"],
  ["XADD", "k1", "6-1", "f", "v6"],
  ["XSETID", "k1", "6-1", "ENTRIESADDED", "6", "MAXDELETEDID", "5-1"],
  ["XGROUP", "CREATE", "k1", "A", "4-1", "ENTRIESREAD", "-1"],
  ["XGROUP", "CREATE", "k1", "g c", "2-1", "ENTRIESREAD", "2"],
  ["XGROUP", "CREATE", "k1", "ga", "2-1", "ENTRIESREAD", "-1"],
  ["XCLAIM", "k1", "ga", "alice", "0", "1-1", "TIME", "1700000000000", "RETRYCOUNT", "2", "JUSTID", "FORCE"],
  ["XCLAIM", "k1", "ga", "alice", "0", "2-1", "TIME", "1700000000000", "RETRYCOUNT", "2", "JUSTID", "FORCE"],
  ["XGROUP", "CREATECONSUMER", "k1", "ga", "bob"],
  ["XCLAIM", "k1", "ga", "carol \u00e9", "0", "4-1", "TIME", "1700000000500", "RETRYCOUNT", "5", "JUSTID", "FORCE"],
  ["XCLAIM", "k1", "ga", "dave", "0", "5-1", "TIME", "1700000000600", "RETRYCOUNT", "1", "JUSTID", "FORCE"],
  ["XGROUP", "CREATE", "k1", "gb", "6-1", "ENTRIESREAD", "6"],
  ["XADD", "e", "MAXLEN", "0", "0-1", "x", "y"],
  ["XSETID", "e", "1-1", "ENTRIESADDED", "1", "MAXDELETEDID", "0-0"],
  ["XGROUP", "CREATE", "e", "g0", "1-1", "ENTRIESREAD", "-1"],
];

/** XINFO STREAM FULL after loading REDIS_REWRITE into an empty 7.0.15: dave, whose only entry was deleted, is gone. */
const AFTER_RELOAD: Record<string, unknown> = {
  "k1": ["length", 4, "radix-tree-keys", 1, "radix-tree-nodes", 2, "last-generated-id", "6-1", "max-deleted-entry-id", "5-1", "entries-added", 6, "recorded-first-entry-id", "1-1", "entries", [["1-1", ["f", "v1"]], ["2-1", ["f", "v2", "g", "w2"]], ["4-1", ["h", "v4"]], ["6-1", ["f", "v6"]]], "groups", [["name", "A", "last-delivered-id", "4-1", "entries-read", null, "lag", null, "pel-count", 0, "pending", [], "consumers", []], ["name", "g c", "last-delivered-id", "2-1", "entries-read", 2, "lag", null, "pel-count", 0, "pending", [], "consumers", []], ["name", "ga", "last-delivered-id", "2-1", "entries-read", null, "lag", null, "pel-count", 3, "pending", [["1-1", "alice", 1700000000000, 2], ["2-1", "alice", 1700000000000, 2], ["4-1", "carol \u00e9", 1700000000500, 5]], "consumers", [["name", "alice", "seen-time", 1795313274986, "pel-count", 2, "pending", [["1-1", 1700000000000, 2], ["2-1", 1700000000000, 2]]], ["name", "bob", "seen-time", 1795313274986, "pel-count", 0, "pending", []], ["name", "carol \u00e9", "seen-time", 1795313274986, "pel-count", 1, "pending", [["4-1", 1700000000500, 5]]]]], ["name", "gb", "last-delivered-id", "6-1", "entries-read", 6, "lag", 0, "pel-count", 0, "pending", [], "consumers", []]]],
  "e": ["length", 0, "radix-tree-keys", 0, "radix-tree-nodes", 1, "last-generated-id", "1-1", "max-deleted-entry-id", "0-0", "entries-added", 1, "recorded-first-entry-id", "0-0", "entries", [], "groups", [["name", "g0", "last-delivered-id", "1-1", "entries-read", null, "lag", 0, "pel-count", 0, "pending", [], "consumers", []]]],
  "empty2": ["length", 0, "radix-tree-keys", 0, "radix-tree-nodes", 1, "last-generated-id", "0-0", "max-deleted-entry-id", "0-0", "entries-added", 0, "recorded-first-entry-id", "0-0", "entries", [], "groups", [["name", "g", "last-delivered-id", "0-0", "entries-read", null, "lag", 0, "pel-count", 0, "pending", [], "consumers", []]]],
  "k2": ["length", 1, "radix-tree-keys", 1, "radix-tree-nodes", 2, "last-generated-id", "9-9", "max-deleted-entry-id", "7-7", "entries-added", 100, "recorded-first-entry-id", "5-1", "entries", [["5-1", ["x", "y"]]], "groups", []],
};

/** The key an emitted stream command is about. */
function keyOf(args: readonly string[]): string {
  return args[0] === 'XGROUP' ? args[2]! : args[1]!;
}

function emitted(db: FakeDb, key: string): string[][] {
  const out: string[][] = [];
  emitStream(Buffer.from(key, 'latin1'), db.stream(key), (args) => out.push(args.map((a) => a.toString('latin1'))));
  return out;
}

describe('emitStream (rewriteStreamObject, 7.0.15)', () => {
  const { db, results } = replay(WORKLOAD, 1_800_000_000_000);

  it('replays the workload with the replies Redis gave', () => {
    results.forEach(([actual, expected], i) => expect(actual, JSON.stringify(WORKLOAD[i]![0])).toEqual(expected));
  });

  it('emits, key by key, exactly the commands Redis wrote', () => {
    for (const key of ['empty2', 'k2', 'k1', 'e']) {
      expect(emitted(db, key), key).toEqual(REDIS_REWRITE.filter((args) => keyOf(args) === key));
    }
  });

  it('loading the emitted commands gives what Redis gives after loading its own rewrite', () => {
    const reloaded = new FakeDb();
    for (const key of Object.keys(AFTER_RELOAD)) {
      for (const args of emitted(db, key)) {
        const reply = streamCommands[args[0]!.toLowerCase()]!({ db: reloaded, nowMs: 1_900_000_000_000 }, args.map((a) => Buffer.from(a, 'latin1')));
        expect(toJson(reply), args.join(' ')).not.toHaveProperty('error');
      }
      expect(xinfoFull(reloaded.stream(key)), key).toEqual(stripXinfo(AFTER_RELOAD[key]));
    }
  });
});

/** DUMP of each key after the workload (RDB 10, STREAM_LISTPACKS_2), base64. */
const DUMPS: Record<string, string> = {
  k1: 'EwEQAAAAAAAAAAEAAAAAAAAAAcNAZEBrD2sAAAApAAQBAgEBAYFmAgAgCAAAIAEEgnYxAwQgBwABIAMAAkAYDYJ2MgOBZwKCdzIDCAEDIBNAIwAzYCMAAyALIDwAaCAjAjQDBiAOQDgCgnY1IBwCAgEFIBwCgnY2IAsA/wQGAQEBBQEGBAFBBAGB//////////8AAANnIGMCAQIAAAJnYQIBgf//////////BAAAAAAAAAABAAAAAAAAAAEAaOXPiwEAAAIAAAAAAAAAAgAAAAAAAAABAGjlz4sBAAACAAAAAAAAAAQAAAAAAAAAAfRp5c+LAQAABQAAAAAAAAAFAAAAAAAAAAFYauXPiwEAAAEEBWFsaWNlaLACAaIBAAACAAAAAAAAAAEAAAAAAAAAAQAAAAAAAAACAAAAAAAAAAEDYm9iaLACAaIBAAAAB2Nhcm9sIOlosAIBogEAAAEAAAAAAAAABAAAAAAAAAABBGRhdmVosAIBogEAAAEAAAAAAAAABQAAAAAAAAABAmdiBgEGAAAKAG7o8lGCgaIa',
  e: 'EwAAAQEAAAAAAQECZzABAYH//////////wAACgCPnrJb+ew25Q==',
  empty2: 'EwAAAAAAAAAAAAEBZwAAgf//////////AAAKAKAalT37nN3e',
  k2: 'EwEQAAAAAAAAAAUAAAAAAAAAAR0dAAAACgABAQABAQGBeAIAAQIBAAEAAYF5AgQB/wEJCQUBBwdAZAAKAH7hNvtUMc0M',
};

describe('streamFromRdb', () => {
  it('a stream decoded from the DUMP Redis gives emits the commands its rewrite wrote', () => {
    for (const [key, payload] of Object.entries(DUMPS)) {
      const decoded = decodeDumpPayload(Buffer.from(payload, 'base64'));
      if (!('value' in decoded) || decoded.value.type !== 'stream') throw new Error(`DUMP of ${key} did not decode`);
      const out: string[][] = [];
      emitStream(Buffer.from(key), streamFromRdb(decoded.value), (args) => out.push(args.map((a) => a.toString('latin1'))));
      expect(out, key).toEqual(REDIS_REWRITE.filter((args) => keyOf(args) === key));
    }
  });

  it('fills what a pre-7.0 RDB lacks as rdbLoadObject does', () => {
    const id = (ms: number, seq: number) => ({ ms: BigInt(ms), seq: BigInt(seq) });
    const old: RdbStream = {
      type: 'stream',
      encoding: 'listpacks',
      entries: [
        { id: id(5, 0), fields: [Buffer.from('a'), Buffer.from('1')] },
        { id: id(7, 0), fields: [Buffer.from('b'), Buffer.from('2')] },
      ],
      length: 2,
      lastId: id(9, 0),
      firstId: null,
      maxDeletedId: null,
      entriesAdded: null,
      groups: [
        { name: Buffer.from('before'), lastId: id(1, 0), entriesRead: null, pending: [], consumers: [] },
        { name: Buffer.from('first'), lastId: id(5, 0), entriesRead: null, pending: [], consumers: [] },
        { name: Buffer.from('middle'), lastId: id(6, 0), entriesRead: null, pending: [], consumers: [] },
        { name: Buffer.from('last'), lastId: id(9, 0), entriesRead: null, pending: [], consumers: [] },
      ],
    };
    const stream = streamFromRdb(old);
    expect(stream.entriesAdded).toBe(2n);
    expect(formatId(stream.firstId)).toBe('5-0');
    expect(formatId(stream.maxDeletedId)).toBe('0-0');
    // streamEstimateDistanceFromFirstEverEntry for each group's last ID.
    expect(stream.groups().map((g) => [g.name.toString(), g.entriesRead])).toEqual([
      ['before', 0n],
      ['first', 1n],
      ['last', 2n],
      ['middle', -1n],
    ]);
    const empty = streamFromRdb({ ...old, entries: [], length: 0, groups: [] });
    expect(empty.firstId).toBe(MAX_ID); // streamGetEdgeID on an empty stream
  });
});
