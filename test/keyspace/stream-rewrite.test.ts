// rewriteStream against redis-server 7.0.15: its own rewrite of the same workload, and what loading ours gives back.
import { describe, expect, it } from 'vitest';
import { emitValue } from '../../src/keyspace/emit.js';
import { FakeDb, replay, stripXinfo, toJson, xinfoFull, type Recorded } from './stream-harness.js';
import { streamCommands } from '../../src/keyspace/stream/stream-commands.js';
import { streamFromRdb } from '../../src/keyspace/stream/stream-rdb.js';
import { formatId, MAX_ID } from '../../src/keyspace/stream/stream-id.js';
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
  [["XINFO", "STREAM", "k1", "FULL"], ["length", 4, "radix-tree-keys", 1, "radix-tree-nodes", 2, "last-generated-id", "6-1", "max-deleted-entry-id", "5-1", "entries-added", 6, "recorded-first-entry-id", "1-1", "entries", [["1-1", ["f", "v1"]], ["2-1", ["f", "v2", "g", "w2"]], ["4-1", ["h", "v4"]], ["6-1", ["f", "v6"]]], "groups", [["name", "A", "last-delivered-id", "4-1", "entries-read", null, "lag", null, "pel-count", 0, "pending", [], "consumers", []], ["name", "g c", "last-delivered-id", "2-1", "entries-read", 2, "lag", null, "pel-count", 0, "pending", [], "consumers", []], ["name", "ga", "last-delivered-id", "2-1", "entries-read", null, "lag", null, "pel-count", 4, "pending", [["1-1", "alice", 1700000000000, 2], ["2-1", "alice", 1700000000000, 2], ["4-1", "carol \u00e9", 1700000000500, 5], ["5-1", "dave", 1700000000600, 1]], "consumers", [["name", "alice", "seen-time", 1795314662476, "pel-count", 2, "pending", [["1-1", 1700000000000, 2], ["2-1", 1700000000000, 2]]], ["name", "bob", "seen-time", 1795314662477, "pel-count", 0, "pending", []], ["name", "carol \u00e9", "seen-time", 1795314662477, "pel-count", 1, "pending", [["4-1", 1700000000500, 5]]], ["name", "dave", "seen-time", 1795314662477, "pel-count", 1, "pending", [["5-1", 1700000000600, 1]]]]], ["name", "gb", "last-delivered-id", "6-1", "entries-read", 6, "lag", 0, "pel-count", 0, "pending", [], "consumers", []]]]],
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

/**
 * What we emit for k1, whose PEL keeps dave's 5-1 after XDEL: the ghost 5-1 is XADDed among the live
 * entries, claimed, XDELed, and XSETID comes last (the other keys get Redis's lines above).
 */
const K1_REWRITE: string[][] = [
  ["XADD", "k1", "1-1", "f", "v1"],
  ["XADD", "k1", "2-1", "f", "v2", "g", "w2"],
  ["XADD", "k1", "4-1", "h", "v4"],
  ["XADD", "k1", "5-1", "", ""],
  ["XADD", "k1", "6-1", "f", "v6"],
  ["XGROUP", "CREATE", "k1", "A", "4-1", "ENTRIESREAD", "-1"],
  ["XGROUP", "CREATE", "k1", "g c", "2-1", "ENTRIESREAD", "2"],
  ["XGROUP", "CREATE", "k1", "ga", "2-1", "ENTRIESREAD", "-1"],
  ["XCLAIM", "k1", "ga", "alice", "0", "1-1", "2-1", "TIME", "1700000000000", "RETRYCOUNT", "2", "JUSTID", "FORCE"],
  ["XGROUP", "CREATECONSUMER", "k1", "ga", "bob"],
  ["XCLAIM", "k1", "ga", "carol \u00e9", "0", "4-1", "TIME", "1700000000500", "RETRYCOUNT", "5", "JUSTID", "FORCE"],
  ["XCLAIM", "k1", "ga", "dave", "0", "5-1", "TIME", "1700000000600", "RETRYCOUNT", "1", "JUSTID", "FORCE"],
  ["XGROUP", "CREATE", "k1", "gb", "6-1", "ENTRIESREAD", "6"],
  ["XDEL", "k1", "5-1"],
  ["XSETID", "k1", "6-1", "ENTRIESADDED", "6", "MAXDELETEDID", "5-1"],
];

/** XINFO STREAM FULL after loading our emission into an empty 7.0.15: k1 as XINFO showed it before (dave kept). */
const AFTER_RELOAD: Record<string, unknown> = {
  "k1": ["length", 4, "radix-tree-keys", 1, "radix-tree-nodes", 2, "last-generated-id", "6-1", "max-deleted-entry-id", "5-1", "entries-added", 6, "recorded-first-entry-id", "1-1", "entries", [["1-1", ["f", "v1"]], ["2-1", ["f", "v2", "g", "w2"]], ["4-1", ["h", "v4"]], ["6-1", ["f", "v6"]]], "groups", [["name", "A", "last-delivered-id", "4-1", "entries-read", null, "lag", null, "pel-count", 0, "pending", [], "consumers", []], ["name", "g c", "last-delivered-id", "2-1", "entries-read", 2, "lag", null, "pel-count", 0, "pending", [], "consumers", []], ["name", "ga", "last-delivered-id", "2-1", "entries-read", null, "lag", null, "pel-count", 4, "pending", [["1-1", "alice", 1700000000000, 2], ["2-1", "alice", 1700000000000, 2], ["4-1", "carol \u00e9", 1700000000500, 5], ["5-1", "dave", 1700000000600, 1]], "consumers", [["name", "alice", "seen-time", 1795314703200, "pel-count", 2, "pending", [["1-1", 1700000000000, 2], ["2-1", 1700000000000, 2]]], ["name", "bob", "seen-time", 1795314703200, "pel-count", 0, "pending", []], ["name", "carol \u00e9", "seen-time", 1795314703201, "pel-count", 1, "pending", [["4-1", 1700000000500, 5]]], ["name", "dave", "seen-time", 1795314703202, "pel-count", 1, "pending", [["5-1", 1700000000600, 1]]]]], ["name", "gb", "last-delivered-id", "6-1", "entries-read", 6, "lag", 0, "pel-count", 0, "pending", [], "consumers", []]]],
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
  emitValue(Buffer.from(key, 'latin1'), db.stream(key), (args) => out.push(args.map((a) => a.toString('latin1'))));
  return out;
}

describe('rewriteStream (rewriteStreamObject, 7.0.15)', () => {
  const { db, results } = replay(WORKLOAD, 1_800_000_000_000);

  it('replays the workload with the replies Redis gave', () => {
    results.forEach(([actual, expected], i) => expect(actual, JSON.stringify(WORKLOAD[i]![0])).toEqual(expected));
  });

  it('emits, key by key, exactly the commands Redis wrote for streams whose PEL entries all exist', () => {
    for (const key of ['empty2', 'k2', 'e']) {
      expect(emitted(db, key), key).toEqual(REDIS_REWRITE.filter((args) => keyOf(args) === key));
    }
  });

  it('emits a ghost entry for the PEL entry whose stream entry was deleted', () => {
    expect(emitted(db, 'k1')).toEqual(K1_REWRITE);
  });

  it('loading the emitted commands gives back every stream as it was (k1 as Redis showed it before the rewrite)', () => {
    expect(stripXinfo(AFTER_RELOAD.k1)).toEqual(stripXinfo(WORKLOAD.at(-1)![1]));
    const keys = Object.keys(AFTER_RELOAD);
    const reloaded = load(keys.flatMap((key) => emitted(db, key)));
    for (const key of keys) expect(xinfoFull(reloaded.stream(key)), key).toEqual(stripXinfo(AFTER_RELOAD[key]));
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
  it('a stream decoded from the DUMP Redis gives emits what the replayed stream emits', () => {
    for (const [key, payload] of Object.entries(DUMPS)) {
      const decoded = decodeDumpPayload(Buffer.from(payload, 'base64'));
      if (!('value' in decoded) || decoded.value.type !== 'stream') throw new Error(`DUMP of ${key} did not decode`);
      const out: string[][] = [];
      emitValue(Buffer.from(key), streamFromRdb(decoded.value), (args) => out.push(args.map((a) => a.toString('latin1'))));
      expect(out, key).toEqual(key === 'k1' ? K1_REWRITE : REDIS_REWRITE.filter((args) => keyOf(args) === key));
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

/**
 * PEL entries whose stream entry is gone ("ghosts"), each key a way to get there; every delivery is
 * XCLAIMed with a fixed TIME so the recorded XINFO does not depend on the clock. k1: XDEL between live
 * entries (alice keeps live and ghost entries, bob only ghosts, carol none); k2: XTRIM of the head with
 * max-deleted-entry-id 0-0; k3: trimmed empty; k4: XDELed empty, then XSETID; k5: trimmed head plus an
 * XDEL; k6: XDEL of the top entry, then XSETID lowering last ID and max-deleted ID below the ghost.
 */
const GHOST_WORKLOAD: Recorded[] = [
  [["FLUSHALL"], {"simple": "OK"}],
  [["XADD", "k1", "1-1", "f", "v1"], "1-1"],
  [["XADD", "k1", "2-1", "f", "v2"], "2-1"],
  [["XADD", "k1", "3-1", "f", "v3"], "3-1"],
  [["XADD", "k1", "4-1", "f", "v4"], "4-1"],
  [["XADD", "k1", "5-1", "f", "v5"], "5-1"],
  [["XADD", "k1", "6-1", "f", "v6"], "6-1"],
  [["XGROUP", "CREATE", "k1", "ga", "0"], {"simple": "OK"}],
  [["XREADGROUP", "GROUP", "ga", "alice", "COUNT", "3", "STREAMS", "k1", ">"], [["k1", [["1-1", ["f", "v1"]], ["2-1", ["f", "v2"]], ["3-1", ["f", "v3"]]]]]],
  [["XCLAIM", "k1", "ga", "alice", "0", "1-1", "2-1", "3-1", "TIME", "1700000002000", "JUSTID"], ["1-1", "2-1", "3-1"]],
  [["XREADGROUP", "GROUP", "ga", "bob", "COUNT", "2", "STREAMS", "k1", ">"], [["k1", [["4-1", ["f", "v4"]], ["5-1", ["f", "v5"]]]]]],
  [["XCLAIM", "k1", "ga", "bob", "0", "4-1", "5-1", "TIME", "1700000003000", "JUSTID"], ["4-1", "5-1"]],
  [["XCLAIM", "k1", "ga", "bob", "0", "4-1", "5-1", "TIME", "1700000000000", "RETRYCOUNT", "4", "JUSTID"], ["4-1", "5-1"]],
  [["XCLAIM", "k1", "ga", "alice", "0", "2-1", "TIME", "1700000000100", "RETRYCOUNT", "7", "JUSTID"], ["2-1"]],
  [["XGROUP", "CREATECONSUMER", "k1", "ga", "carol"], 1],
  [["XGROUP", "CREATE", "k1", "gb", "0"], {"simple": "OK"}],
  [["XREADGROUP", "GROUP", "gb", "zed", "COUNT", "1", "STREAMS", "k1", ">"], [["k1", [["1-1", ["f", "v1"]]]]]],
  [["XCLAIM", "k1", "gb", "zed", "0", "1-1", "TIME", "1700000004000", "JUSTID"], ["1-1"]],
  [["XDEL", "k1", "2-1", "4-1", "5-1"], 3],
  [["XGROUP", "CREATE", "k1", "gc", "$"], {"simple": "OK"}],
  [["XADD", "k2", "1-1", "a", "1"], "1-1"],
  [["XADD", "k2", "2-1", "a", "2"], "2-1"],
  [["XADD", "k2", "3-1", "a", "3"], "3-1"],
  [["XADD", "k2", "4-1", "a", "4"], "4-1"],
  [["XADD", "k2", "5-1", "a", "5"], "5-1"],
  [["XADD", "k2", "6-1", "a", "6"], "6-1"],
  [["XGROUP", "CREATE", "k2", "g", "0"], {"simple": "OK"}],
  [["XREADGROUP", "GROUP", "g", "c1", "COUNT", "2", "STREAMS", "k2", ">"], [["k2", [["1-1", ["a", "1"]], ["2-1", ["a", "2"]]]]]],
  [["XCLAIM", "k2", "g", "c1", "0", "1-1", "2-1", "TIME", "1700000005000", "JUSTID"], ["1-1", "2-1"]],
  [["XREADGROUP", "GROUP", "g", "c2", "COUNT", "3", "STREAMS", "k2", ">"], [["k2", [["3-1", ["a", "3"]], ["4-1", ["a", "4"]], ["5-1", ["a", "5"]]]]]],
  [["XCLAIM", "k2", "g", "c2", "0", "3-1", "4-1", "5-1", "TIME", "1700000006000", "JUSTID"], ["3-1", "4-1", "5-1"]],
  [["XCLAIM", "k2", "g", "c1", "0", "1-1", "TIME", "1700000000200", "RETRYCOUNT", "2", "JUSTID"], ["1-1"]],
  [["XTRIM", "k2", "MAXLEN", "2"], 4],
  [["XADD", "k3", "1-1", "a", "1"], "1-1"],
  [["XADD", "k3", "2-1", "a", "2"], "2-1"],
  [["XADD", "k3", "3-1", "a", "3"], "3-1"],
  [["XGROUP", "CREATE", "k3", "g", "0", "ENTRIESREAD", "0"], {"simple": "OK"}],
  [["XREADGROUP", "GROUP", "g", "c", "STREAMS", "k3", ">"], [["k3", [["1-1", ["a", "1"]], ["2-1", ["a", "2"]], ["3-1", ["a", "3"]]]]]],
  [["XCLAIM", "k3", "g", "c", "0", "1-1", "2-1", "3-1", "TIME", "1700000007000", "JUSTID"], ["1-1", "2-1", "3-1"]],
  [["XTRIM", "k3", "MAXLEN", "0"], 3],
  [["XADD", "k4", "1-1", "a", "1"], "1-1"],
  [["XADD", "k4", "2-1", "a", "2"], "2-1"],
  [["XGROUP", "CREATE", "k4", "g", "0"], {"simple": "OK"}],
  [["XREADGROUP", "GROUP", "g", "c", "COUNT", "1", "STREAMS", "k4", ">"], [["k4", [["1-1", ["a", "1"]]]]]],
  [["XCLAIM", "k4", "g", "c", "0", "1-1", "TIME", "1700000008000", "JUSTID"], ["1-1"]],
  [["XDEL", "k4", "1-1", "2-1"], 2],
  [["XSETID", "k4", "5-5", "ENTRIESADDED", "10", "MAXDELETEDID", "3-3"], {"simple": "OK"}],
  [["XADD", "k5", "1-1", "a", "1"], "1-1"],
  [["XADD", "k5", "2-1", "a", "2"], "2-1"],
  [["XADD", "k5", "3-1", "a", "3"], "3-1"],
  [["XADD", "k5", "4-1", "a", "4"], "4-1"],
  [["XADD", "k5", "5-1", "a", "5"], "5-1"],
  [["XGROUP", "CREATE", "k5", "g", "0"], {"simple": "OK"}],
  [["XREADGROUP", "GROUP", "g", "c", "STREAMS", "k5", ">"], [["k5", [["1-1", ["a", "1"]], ["2-1", ["a", "2"]], ["3-1", ["a", "3"]], ["4-1", ["a", "4"]], ["5-1", ["a", "5"]]]]]],
  [["XCLAIM", "k5", "g", "c", "0", "1-1", "2-1", "3-1", "4-1", "5-1", "TIME", "1700000009000", "JUSTID"], ["1-1", "2-1", "3-1", "4-1", "5-1"]],
  [["XTRIM", "k5", "MAXLEN", "4"], 1],
  [["XDEL", "k5", "3-1"], 1],
  [["XADD", "k6", "1-1", "a", "1"], "1-1"],
  [["XADD", "k6", "2-1", "a", "2"], "2-1"],
  [["XADD", "k6", "3-1", "a", "3"], "3-1"],
  [["XGROUP", "CREATE", "k6", "g", "0"], {"simple": "OK"}],
  [["XREADGROUP", "GROUP", "g", "c", "STREAMS", "k6", ">"], [["k6", [["1-1", ["a", "1"]], ["2-1", ["a", "2"]], ["3-1", ["a", "3"]]]]]],
  [["XCLAIM", "k6", "g", "c", "0", "1-1", "2-1", "3-1", "TIME", "1700000010000", "JUSTID"], ["1-1", "2-1", "3-1"]],
  [["XDEL", "k6", "3-1"], 1],
  [["XSETID", "k6", "2-5", "MAXDELETEDID", "2-2"], {"simple": "OK"}],
  [["XINFO", "STREAM", "k1", "FULL"], ["length", 3, "radix-tree-keys", 1, "radix-tree-nodes", 2, "last-generated-id", "6-1", "max-deleted-entry-id", "5-1", "entries-added", 6, "recorded-first-entry-id", "1-1", "entries", [["1-1", ["f", "v1"]], ["3-1", ["f", "v3"]], ["6-1", ["f", "v6"]]], "groups", [["name", "ga", "last-delivered-id", "5-1", "entries-read", 5, "lag", null, "pel-count", 5, "pending", [["1-1", "alice", 1700000002000, 1], ["2-1", "alice", 1700000000100, 7], ["3-1", "alice", 1700000002000, 1], ["4-1", "bob", 1700000000000, 4], ["5-1", "bob", 1700000000000, 4]], "consumers", [["name", "alice", "seen-time", 1795314547552, "pel-count", 3, "pending", [["1-1", 1700000002000, 1], ["2-1", 1700000000100, 7], ["3-1", 1700000002000, 1]]], ["name", "bob", "seen-time", 1795314547551, "pel-count", 2, "pending", [["4-1", 1700000000000, 4], ["5-1", 1700000000000, 4]]], ["name", "carol", "seen-time", 1795314547552, "pel-count", 0, "pending", []]]], ["name", "gb", "last-delivered-id", "1-1", "entries-read", 1, "lag", null, "pel-count", 1, "pending", [["1-1", "zed", 1700000004000, 1]], "consumers", [["name", "zed", "seen-time", 1795314547555, "pel-count", 1, "pending", [["1-1", 1700000004000, 1]]]]], ["name", "gc", "last-delivered-id", "6-1", "entries-read", null, "lag", 0, "pel-count", 0, "pending", [], "consumers", []]]]],
  [["XINFO", "STREAM", "k2", "FULL"], ["length", 2, "radix-tree-keys", 1, "radix-tree-nodes", 2, "last-generated-id", "6-1", "max-deleted-entry-id", "0-0", "entries-added", 6, "recorded-first-entry-id", "5-1", "entries", [["5-1", ["a", "5"]], ["6-1", ["a", "6"]]], "groups", [["name", "g", "last-delivered-id", "5-1", "entries-read", 5, "lag", 1, "pel-count", 5, "pending", [["1-1", "c1", 1700000000200, 2], ["2-1", "c1", 1700000005000, 1], ["3-1", "c2", 1700000006000, 1], ["4-1", "c2", 1700000006000, 1], ["5-1", "c2", 1700000006000, 1]], "consumers", [["name", "c1", "seen-time", 1795314547557, "pel-count", 2, "pending", [["1-1", 1700000000200, 2], ["2-1", 1700000005000, 1]]], ["name", "c2", "seen-time", 1795314547557, "pel-count", 3, "pending", [["3-1", 1700000006000, 1], ["4-1", 1700000006000, 1], ["5-1", 1700000006000, 1]]]]]]]],
  [["XINFO", "STREAM", "k3", "FULL"], ["length", 0, "radix-tree-keys", 0, "radix-tree-nodes", 1, "last-generated-id", "3-1", "max-deleted-entry-id", "0-0", "entries-added", 3, "recorded-first-entry-id", "0-0", "entries", [], "groups", [["name", "g", "last-delivered-id", "3-1", "entries-read", 3, "lag", 0, "pel-count", 3, "pending", [["1-1", "c", 1700000007000, 1], ["2-1", "c", 1700000007000, 1], ["3-1", "c", 1700000007000, 1]], "consumers", [["name", "c", "seen-time", 1795314547558, "pel-count", 3, "pending", [["1-1", 1700000007000, 1], ["2-1", 1700000007000, 1], ["3-1", 1700000007000, 1]]]]]]]],
  [["XINFO", "STREAM", "k4", "FULL"], ["length", 0, "radix-tree-keys", 0, "radix-tree-nodes", 1, "last-generated-id", "5-5", "max-deleted-entry-id", "3-3", "entries-added", 10, "recorded-first-entry-id", "0-0", "entries", [], "groups", [["name", "g", "last-delivered-id", "1-1", "entries-read", 1, "lag", 9, "pel-count", 1, "pending", [["1-1", "c", 1700000008000, 1]], "consumers", [["name", "c", "seen-time", 1795314547560, "pel-count", 1, "pending", [["1-1", 1700000008000, 1]]]]]]]],
  [["XINFO", "STREAM", "k5", "FULL"], ["length", 3, "radix-tree-keys", 1, "radix-tree-nodes", 2, "last-generated-id", "5-1", "max-deleted-entry-id", "3-1", "entries-added", 5, "recorded-first-entry-id", "2-1", "entries", [["2-1", ["a", "2"]], ["4-1", ["a", "4"]], ["5-1", ["a", "5"]]], "groups", [["name", "g", "last-delivered-id", "5-1", "entries-read", 5, "lag", 0, "pel-count", 5, "pending", [["1-1", "c", 1700000009000, 1], ["2-1", "c", 1700000009000, 1], ["3-1", "c", 1700000009000, 1], ["4-1", "c", 1700000009000, 1], ["5-1", "c", 1700000009000, 1]], "consumers", [["name", "c", "seen-time", 1795314547562, "pel-count", 5, "pending", [["1-1", 1700000009000, 1], ["2-1", 1700000009000, 1], ["3-1", 1700000009000, 1], ["4-1", 1700000009000, 1], ["5-1", 1700000009000, 1]]]]]]]],
  [["XINFO", "STREAM", "k6", "FULL"], ["length", 2, "radix-tree-keys", 1, "radix-tree-nodes", 2, "last-generated-id", "2-5", "max-deleted-entry-id", "2-2", "entries-added", 3, "recorded-first-entry-id", "1-1", "entries", [["1-1", ["a", "1"]], ["2-1", ["a", "2"]]], "groups", [["name", "g", "last-delivered-id", "3-1", "entries-read", 3, "lag", 0, "pel-count", 3, "pending", [["1-1", "c", 1700000010000, 1], ["2-1", "c", 1700000010000, 1], ["3-1", "c", 1700000010000, 1]], "consumers", [["name", "c", "seen-time", 1795314547564, "pel-count", 3, "pending", [["1-1", 1700000010000, 1], ["2-1", 1700000010000, 1], ["3-1", 1700000010000, 1]]]]]]]],
];

/** What we emit after GHOST_WORKLOAD, verified by loading it into redis-server 7.0.15 (no command failed). */
const GHOST_REWRITE: string[][] = [
  ["XADD", "k1", "1-1", "f", "v1"],
  ["XADD", "k1", "2-1", "", ""],
  ["XADD", "k1", "3-1", "f", "v3"],
  ["XADD", "k1", "4-1", "", ""],
  ["XADD", "k1", "5-1", "", ""],
  ["XADD", "k1", "6-1", "f", "v6"],
  ["XGROUP", "CREATE", "k1", "ga", "5-1", "ENTRIESREAD", "5"],
  ["XCLAIM", "k1", "ga", "alice", "0", "1-1", "TIME", "1700000002000", "RETRYCOUNT", "1", "JUSTID", "FORCE"],
  ["XCLAIM", "k1", "ga", "alice", "0", "2-1", "TIME", "1700000000100", "RETRYCOUNT", "7", "JUSTID", "FORCE"],
  ["XCLAIM", "k1", "ga", "alice", "0", "3-1", "TIME", "1700000002000", "RETRYCOUNT", "1", "JUSTID", "FORCE"],
  ["XCLAIM", "k1", "ga", "bob", "0", "4-1", "5-1", "TIME", "1700000000000", "RETRYCOUNT", "4", "JUSTID", "FORCE"],
  ["XGROUP", "CREATECONSUMER", "k1", "ga", "carol"],
  ["XGROUP", "CREATE", "k1", "gb", "1-1", "ENTRIESREAD", "1"],
  ["XCLAIM", "k1", "gb", "zed", "0", "1-1", "TIME", "1700000004000", "RETRYCOUNT", "1", "JUSTID", "FORCE"],
  ["XGROUP", "CREATE", "k1", "gc", "6-1", "ENTRIESREAD", "-1"],
  ["XDEL", "k1", "2-1", "4-1", "5-1"],
  ["XSETID", "k1", "6-1", "ENTRIESADDED", "6", "MAXDELETEDID", "5-1"],
  ["XADD", "k2", "1-1", "", ""],
  ["XADD", "k2", "2-1", "", ""],
  ["XADD", "k2", "3-1", "", ""],
  ["XADD", "k2", "4-1", "", ""],
  ["XGROUP", "CREATE", "k2", "g", "5-1", "ENTRIESREAD", "5"],
  ["XCLAIM", "k2", "g", "c1", "0", "1-1", "TIME", "1700000000200", "RETRYCOUNT", "2", "JUSTID", "FORCE"],
  ["XCLAIM", "k2", "g", "c1", "0", "2-1", "TIME", "1700000005000", "RETRYCOUNT", "1", "JUSTID", "FORCE"],
  ["XCLAIM", "k2", "g", "c2", "0", "3-1", "4-1", "TIME", "1700000006000", "RETRYCOUNT", "1", "JUSTID", "FORCE"],
  ["XTRIM", "k2", "MAXLEN", "0"],
  ["XADD", "k2", "5-1", "a", "5"],
  ["XADD", "k2", "6-1", "a", "6"],
  ["XCLAIM", "k2", "g", "c2", "0", "5-1", "TIME", "1700000006000", "RETRYCOUNT", "1", "JUSTID", "FORCE"],
  ["XSETID", "k2", "6-1", "ENTRIESADDED", "6", "MAXDELETEDID", "0-0"],
  ["XADD", "k3", "1-1", "", ""],
  ["XADD", "k3", "2-1", "", ""],
  ["XADD", "k3", "3-1", "", ""],
  ["XGROUP", "CREATE", "k3", "g", "3-1", "ENTRIESREAD", "3"],
  ["XCLAIM", "k3", "g", "c", "0", "1-1", "2-1", "3-1", "TIME", "1700000007000", "RETRYCOUNT", "1", "JUSTID", "FORCE"],
  ["XTRIM", "k3", "MAXLEN", "0"],
  ["XSETID", "k3", "3-1", "ENTRIESADDED", "3", "MAXDELETEDID", "0-0"],
  ["XADD", "k4", "1-1", "", ""],
  ["XGROUP", "CREATE", "k4", "g", "1-1", "ENTRIESREAD", "1"],
  ["XCLAIM", "k4", "g", "c", "0", "1-1", "TIME", "1700000008000", "RETRYCOUNT", "1", "JUSTID", "FORCE"],
  ["XTRIM", "k4", "MAXLEN", "0"],
  ["XSETID", "k4", "5-5", "ENTRIESADDED", "10", "MAXDELETEDID", "3-3"],
  ["XADD", "k5", "1-1", "", ""],
  ["XADD", "k5", "2-1", "a", "2"],
  ["XADD", "k5", "3-1", "", ""],
  ["XADD", "k5", "4-1", "a", "4"],
  ["XADD", "k5", "5-1", "a", "5"],
  ["XGROUP", "CREATE", "k5", "g", "5-1", "ENTRIESREAD", "5"],
  ["XCLAIM", "k5", "g", "c", "0", "1-1", "2-1", "3-1", "4-1", "5-1", "TIME", "1700000009000", "RETRYCOUNT", "1", "JUSTID", "FORCE"],
  ["XDEL", "k5", "1-1", "3-1"],
  ["XSETID", "k5", "5-1", "ENTRIESADDED", "5", "MAXDELETEDID", "3-1"],
  ["XADD", "k6", "1-1", "a", "1"],
  ["XADD", "k6", "2-1", "a", "2"],
  ["XADD", "k6", "3-1", "", ""],
  ["XGROUP", "CREATE", "k6", "g", "3-1", "ENTRIESREAD", "3"],
  ["XCLAIM", "k6", "g", "c", "0", "1-1", "2-1", "3-1", "TIME", "1700000010000", "RETRYCOUNT", "1", "JUSTID", "FORCE"],
  ["XDEL", "k6", "3-1"],
  ["XSETID", "k6", "2-5", "ENTRIESADDED", "3", "MAXDELETEDID", "2-2"],
];

/** XINFO STREAM FULL after loading GHOST_REWRITE into an empty 7.0.15 (DEBUG DIGEST-VALUE also matched). */
const GHOST_AFTER_RELOAD: Record<string, unknown> = {
  "k1": ["length", 3, "radix-tree-keys", 1, "radix-tree-nodes", 2, "last-generated-id", "6-1", "max-deleted-entry-id", "5-1", "entries-added", 6, "recorded-first-entry-id", "1-1", "entries", [["1-1", ["f", "v1"]], ["3-1", ["f", "v3"]], ["6-1", ["f", "v6"]]], "groups", [["name", "ga", "last-delivered-id", "5-1", "entries-read", 5, "lag", null, "pel-count", 5, "pending", [["1-1", "alice", 1700000002000, 1], ["2-1", "alice", 1700000000100, 7], ["3-1", "alice", 1700000002000, 1], ["4-1", "bob", 1700000000000, 4], ["5-1", "bob", 1700000000000, 4]], "consumers", [["name", "alice", "seen-time", 1795314702505, "pel-count", 3, "pending", [["1-1", 1700000002000, 1], ["2-1", 1700000000100, 7], ["3-1", 1700000002000, 1]]], ["name", "bob", "seen-time", 1795314702506, "pel-count", 2, "pending", [["4-1", 1700000000000, 4], ["5-1", 1700000000000, 4]]], ["name", "carol", "seen-time", 1795314702506, "pel-count", 0, "pending", []]]], ["name", "gb", "last-delivered-id", "1-1", "entries-read", 1, "lag", null, "pel-count", 1, "pending", [["1-1", "zed", 1700000004000, 1]], "consumers", [["name", "zed", "seen-time", 1795314702506, "pel-count", 1, "pending", [["1-1", 1700000004000, 1]]]]], ["name", "gc", "last-delivered-id", "6-1", "entries-read", null, "lag", 0, "pel-count", 0, "pending", [], "consumers", []]]],
  "k2": ["length", 2, "radix-tree-keys", 1, "radix-tree-nodes", 2, "last-generated-id", "6-1", "max-deleted-entry-id", "0-0", "entries-added", 6, "recorded-first-entry-id", "5-1", "entries", [["5-1", ["a", "5"]], ["6-1", ["a", "6"]]], "groups", [["name", "g", "last-delivered-id", "5-1", "entries-read", 5, "lag", 1, "pel-count", 5, "pending", [["1-1", "c1", 1700000000200, 2], ["2-1", "c1", 1700000005000, 1], ["3-1", "c2", 1700000006000, 1], ["4-1", "c2", 1700000006000, 1], ["5-1", "c2", 1700000006000, 1]], "consumers", [["name", "c1", "seen-time", 1795314702509, "pel-count", 2, "pending", [["1-1", 1700000000200, 2], ["2-1", 1700000005000, 1]]], ["name", "c2", "seen-time", 1795314702510, "pel-count", 3, "pending", [["3-1", 1700000006000, 1], ["4-1", 1700000006000, 1], ["5-1", 1700000006000, 1]]]]]]],
  "k3": ["length", 0, "radix-tree-keys", 0, "radix-tree-nodes", 1, "last-generated-id", "3-1", "max-deleted-entry-id", "0-0", "entries-added", 3, "recorded-first-entry-id", "0-0", "entries", [], "groups", [["name", "g", "last-delivered-id", "3-1", "entries-read", 3, "lag", 0, "pel-count", 3, "pending", [["1-1", "c", 1700000007000, 1], ["2-1", "c", 1700000007000, 1], ["3-1", "c", 1700000007000, 1]], "consumers", [["name", "c", "seen-time", 1795314702511, "pel-count", 3, "pending", [["1-1", 1700000007000, 1], ["2-1", 1700000007000, 1], ["3-1", 1700000007000, 1]]]]]]],
  "k4": ["length", 0, "radix-tree-keys", 0, "radix-tree-nodes", 1, "last-generated-id", "5-5", "max-deleted-entry-id", "3-3", "entries-added", 10, "recorded-first-entry-id", "0-0", "entries", [], "groups", [["name", "g", "last-delivered-id", "1-1", "entries-read", 1, "lag", 9, "pel-count", 1, "pending", [["1-1", "c", 1700000008000, 1]], "consumers", [["name", "c", "seen-time", 1795314702511, "pel-count", 1, "pending", [["1-1", 1700000008000, 1]]]]]]],
  "k5": ["length", 3, "radix-tree-keys", 1, "radix-tree-nodes", 2, "last-generated-id", "5-1", "max-deleted-entry-id", "3-1", "entries-added", 5, "recorded-first-entry-id", "2-1", "entries", [["2-1", ["a", "2"]], ["4-1", ["a", "4"]], ["5-1", ["a", "5"]]], "groups", [["name", "g", "last-delivered-id", "5-1", "entries-read", 5, "lag", 0, "pel-count", 5, "pending", [["1-1", "c", 1700000009000, 1], ["2-1", "c", 1700000009000, 1], ["3-1", "c", 1700000009000, 1], ["4-1", "c", 1700000009000, 1], ["5-1", "c", 1700000009000, 1]], "consumers", [["name", "c", "seen-time", 1795314702512, "pel-count", 5, "pending", [["1-1", 1700000009000, 1], ["2-1", 1700000009000, 1], ["3-1", 1700000009000, 1], ["4-1", 1700000009000, 1], ["5-1", 1700000009000, 1]]]]]]],
  "k6": ["length", 2, "radix-tree-keys", 1, "radix-tree-nodes", 2, "last-generated-id", "2-5", "max-deleted-entry-id", "2-2", "entries-added", 3, "recorded-first-entry-id", "1-1", "entries", [["1-1", ["a", "1"]], ["2-1", ["a", "2"]]], "groups", [["name", "g", "last-delivered-id", "3-1", "entries-read", 3, "lag", 0, "pel-count", 3, "pending", [["1-1", "c", 1700000010000, 1], ["2-1", "c", 1700000010000, 1], ["3-1", "c", 1700000010000, 1]], "consumers", [["name", "c", "seen-time", 1795314702514, "pel-count", 3, "pending", [["1-1", 1700000010000, 1], ["2-1", 1700000010000, 1], ["3-1", 1700000010000, 1]]]]]]],
};

/** Loads commands into an empty keyspace through our handlers, failing on any error reply. */
function load(commands: readonly string[][]): FakeDb {
  const db = new FakeDb();
  for (const args of commands) {
    const reply = streamCommands[args[0]!.toLowerCase()]!({ db, nowMs: 1_900_000_000_000 }, args.map((a) => Buffer.from(a, 'latin1')));
    expect(toJson(reply), args.join(' ')).not.toHaveProperty('error');
  }
  return db;
}

describe('rewriteStream keeps PEL entries whose stream entry is gone', () => {
  const { db, results } = replay(GHOST_WORKLOAD, 1_800_000_000_000);
  const keys = Object.keys(GHOST_AFTER_RELOAD);
  const before = (key: string): unknown => GHOST_WORKLOAD.find(([args]) => args[0] === 'XINFO' && args[2] === key)![1];

  it('replays the ghost workload with the replies Redis gave', () => {
    results.forEach(([actual, expected], i) => expect(actual, JSON.stringify(GHOST_WORKLOAD[i]![0])).toEqual(expected));
  });

  it('emits ghosts, their XCLAIMs, one XDEL or XTRIM, then XSETID, as verified against 7.0.15', () => {
    for (const key of keys) expect(emitted(db, key), key).toEqual(GHOST_REWRITE.filter((args) => keyOf(args) === key));
  });

  it('Redis holds after loading them exactly what it held before the rewrite', () => {
    for (const key of keys) expect(stripXinfo(GHOST_AFTER_RELOAD[key]), key).toEqual(stripXinfo(before(key)));
  });

  it('loading them through our handlers gives the same XINFO STREAM FULL', () => {
    const reloaded = load(GHOST_REWRITE);
    for (const key of keys) expect(xinfoFull(reloaded.stream(key)), key).toEqual(stripXinfo(GHOST_AFTER_RELOAD[key]));
  });
});

/**
 * A stream DUMPed by 7.0.15 after XADD 1-1 2-1 3-1, groups g (c read all) and h (d read 1-1), XDEL 2-1,
 * re-encoded as RDB_TYPE_STREAM_LISTPACKS (what 6.2 writes): RESTORE loads max-deleted-entry-id 0-0
 * (rdbLoadObject), so the ghost 2-1 between live entries cannot be XDELed (XSETID cannot set 0-0 back).
 */
const PRE_70_DUMP = 'DwEQAAAAAAAAAAEAAAAAAAAAATAwAAAAFAACAQEBAQGBYQIAAQIBAAEAAQEBBAEDAQEBAAECAQQBAgECAQABAwEEAf8CAwECAWcDAQMAAAAAAAAAAQAAAAAAAAAB6Gvlz4sBAAABAAAAAAAAAAIAAAAAAAAAAehr5c+LAQAAAQAAAAAAAAADAAAAAAAAAAHoa+XPiwEAAAEBAWPcLhcBogEAAAMAAAAAAAAAAQAAAAAAAAABAAAAAAAAAAIAAAAAAAAAAQAAAAAAAAADAAAAAAAAAAEBaAEBAQAAAAAAAAABAAAAAAAAAAHQb+XPiwEAAAMBAWTdLhcBogEAAAEAAAAAAAAAAQAAAAAAAAABCgCP6K6TIQ/Mpw==';

/** XINFO STREAM FULL after RESTORE o 0 PRE_70_DUMP on 7.0.15. */
const PRE_70_RESTORED: unknown = ["length", 2, "radix-tree-keys", 1, "radix-tree-nodes", 2, "last-generated-id", "3-1", "max-deleted-entry-id", "0-0", "entries-added", 2, "recorded-first-entry-id", "1-1", "entries", [["1-1", ["a", "1"]], ["3-1", ["a", "3"]]], "groups", [["name", "g", "last-delivered-id", "3-1", "entries-read", 2, "lag", 0, "pel-count", 3, "pending", [["1-1", "c", 1700000001000, 1], ["2-1", "c", 1700000001000, 1], ["3-1", "c", 1700000001000, 1]], "consumers", [["name", "c", "seen-time", 1795314626268, "pel-count", 3, "pending", [["1-1", 1700000001000, 1], ["2-1", 1700000001000, 1], ["3-1", 1700000001000, 1]]]]], ["name", "h", "last-delivered-id", "1-1", "entries-read", 1, "lag", 1, "pel-count", 1, "pending", [["1-1", "d", 1700000002000, 3]], "consumers", [["name", "d", "seen-time", 1795314626269, "pel-count", 1, "pending", [["1-1", 1700000002000, 3]]]]]]];

/** Ghosts first, XTRIM MAXLEN 0 (leaves max-deleted-entry-id alone), XSETID 0-0, then the live entries. */
const PRE_70_REWRITE: string[][] = [
  ["XADD", "o", "2-1", "", ""],
  ["XGROUP", "CREATE", "o", "g", "3-1", "ENTRIESREAD", "2"],
  ["XCLAIM", "o", "g", "c", "0", "2-1", "TIME", "1700000001000", "RETRYCOUNT", "1", "JUSTID", "FORCE"],
  ["XGROUP", "CREATE", "o", "h", "1-1", "ENTRIESREAD", "1"],
  ["XTRIM", "o", "MAXLEN", "0"],
  ["XSETID", "o", "0-0"],
  ["XADD", "o", "1-1", "a", "1"],
  ["XADD", "o", "3-1", "a", "3"],
  ["XCLAIM", "o", "g", "c", "0", "1-1", "3-1", "TIME", "1700000001000", "RETRYCOUNT", "1", "JUSTID", "FORCE"],
  ["XCLAIM", "o", "h", "d", "0", "1-1", "TIME", "1700000002000", "RETRYCOUNT", "3", "JUSTID", "FORCE"],
  ["XSETID", "o", "3-1", "ENTRIESADDED", "2", "MAXDELETEDID", "0-0"],
];

/** XINFO STREAM FULL after loading PRE_70_REWRITE into an empty 7.0.15 (DEBUG DIGEST-VALUE also matched). */
const PRE_70_AFTER_RELOAD: unknown = ["length", 2, "radix-tree-keys", 1, "radix-tree-nodes", 2, "last-generated-id", "3-1", "max-deleted-entry-id", "0-0", "entries-added", 2, "recorded-first-entry-id", "1-1", "entries", [["1-1", ["a", "1"]], ["3-1", ["a", "3"]]], "groups", [["name", "g", "last-delivered-id", "3-1", "entries-read", 2, "lag", 0, "pel-count", 3, "pending", [["1-1", "c", 1700000001000, 1], ["2-1", "c", 1700000001000, 1], ["3-1", "c", 1700000001000, 1]], "consumers", [["name", "c", "seen-time", 1795314704099, "pel-count", 3, "pending", [["1-1", 1700000001000, 1], ["2-1", 1700000001000, 1], ["3-1", 1700000001000, 1]]]]], ["name", "h", "last-delivered-id", "1-1", "entries-read", 1, "lag", 1, "pel-count", 1, "pending", [["1-1", "d", 1700000002000, 3]], "consumers", [["name", "d", "seen-time", 1795314704100, "pel-count", 1, "pending", [["1-1", 1700000002000, 3]]]]]]];

describe('rewriteStream of a pre-7.0 stream with a ghost between live entries', () => {
  const decoded = decodeDumpPayload(Buffer.from(PRE_70_DUMP, 'base64'));
  if (!('value' in decoded) || decoded.value.type !== 'stream') throw new Error('PRE_70_DUMP did not decode');
  const stream = streamFromRdb(decoded.value);

  it('decodes to what RESTORE gives', () => {
    expect(xinfoFull(stream)).toEqual(stripXinfo(PRE_70_RESTORED));
  });

  it('emits the ghost before the live entries, as verified against 7.0.15', () => {
    const out: string[][] = [];
    emitValue(Buffer.from('o'), stream, (args) => out.push(args.map((a) => a.toString('latin1'))));
    expect(out).toEqual(PRE_70_REWRITE);
    expect(stripXinfo(PRE_70_AFTER_RELOAD)).toEqual(stripXinfo(PRE_70_RESTORED));
    expect(xinfoFull(load(PRE_70_REWRITE).stream('o'))).toEqual(stripXinfo(PRE_70_AFTER_RELOAD));
  });
});
