// XADD, XDEL, XTRIM and XSETID replayed against replies and XINFO STREAM FULL recorded from redis-server 7.0.15.
import { describe, expect, it } from 'vitest';
import { streamCommands } from '../../src/keyspace/stream/stream-commands.js';
import { FakeDb, replay, toJson, type Recorded } from './stream-harness.js';

/** Redis 7.0.15 session (redis-server, RESP2); XINFO replies are compared without radix-tree sizes and seen-time. */
const XADD_SESSION: Recorded[] = [
  [["FLUSHALL"], {"simple": "OK"}],
  [["XADD", "s", "1-1", "a", "1"], "1-1"],
  [["XADD", "s", "1-1", "a", "1"], {"error": "ERR The ID specified in XADD is equal or smaller than the target stream top item"}],
  [["XADD", "x0", "0-0", "a", "1"], {"error": "ERR The ID specified in XADD must be greater than 0-0"}],
  [["EXISTS", "x0"], 0],
  [["XADD", "s", "1-*", "b", "2"], "1-2"],
  [["XADD", "s", "5-*", "c", "3"], "5-0"],
  [["XADD", "s", "MAXLEN", "2", "6-1", "d", "4"], "6-1"],
  [["XLEN", "s"], 2],
  [["XADD", "s", "MINID", "=", "6", "7-1", "e", "5"], "7-1"],
  [["XADD", "s", "NOMKSTREAM", "8-1", "f", "6"], "8-1"],
  [["XADD", "nokey", "NOMKSTREAM", "1-1", "a", "b"], null],
  [["EXISTS", "nokey"], 0],
  [["XADD", "s", "9-1", "a"], {"error": "ERR wrong number of arguments for 'xadd' command"}],
  [["XADD", "s", "MAXLEN", "-1", "9-1", "a", "b"], {"error": "ERR The MAXLEN argument must be >= 0."}],
  [["XADD", "s", "MAXLEN", "1", "MINID", "1", "9-1", "a", "b"], {"error": "ERR syntax error, MAXLEN and MINID options at the same time are not compatible"}],
  [["XADD", "s", "LIMIT", "10", "9-1", "a", "b"], {"error": "ERR syntax error, LIMIT cannot be used without specifying a trimming strategy"}],
  [["XADD", "s", "MAXLEN", "abc", "9-1", "a", "b"], {"error": "ERR value is not an integer or out of range"}],
  [["XADD", "s", "-", "a", "b"], {"error": "ERR Invalid stream ID specified as stream command argument"}],
  [["XADD", "s", "+", "a", "b"], {"error": "ERR Invalid stream ID specified as stream command argument"}],
  [["XADD", "s", "abc", "a", "b"], {"error": "ERR Invalid stream ID specified as stream command argument"}],
  [["SET", "str", "v"], {"simple": "OK"}],
  [["XADD", "str", "1-1", "a", "b"], {"error": "WRONGTYPE Operation against a key holding the wrong kind of value"}],
  [["XADD", "t", "18446744073709551615-18446744073709551615", "a", "b"], "18446744073709551615-18446744073709551615"],
  [["XADD", "t", "*", "a", "b"], {"error": "ERR The stream has exhausted the last possible ID, unable to add more items"}],
  [["XADD", "t", "18446744073709551615-*", "a", "b"], {"error": "ERR The stream has exhausted the last possible ID, unable to add more items"}],
  [["XADD", "u", "5-18446744073709551615", "a", "b"], "5-18446744073709551615"],
  [["XADD", "u", "5-*", "a", "b"], {"error": "ERR Elements are too large to be stored"}],
  [["XADD", "u", "5-0", "a", "b"], {"error": "ERR The ID specified in XADD is equal or smaller than the target stream top item"}],
  [["XADD", "v", " 7-1", "a", "b"], "7-1"],
  [["XADD", "v", "00009-01", "a", "b"], "9-1"],
  [["XADD", "v", "-1-1", "a", "b"], {"error": "ERR Invalid stream ID specified as stream command argument"}],
  [["XADD", "v", "10-18446744073709551616", "a", "b"], {"error": "ERR Invalid stream ID specified as stream command argument"}],
  [["XADD", "v", "11", "a", "b"], "11-0"],
  [["XADD", "v", "11-+5", "a", "b"], "11-5"],
  [["XADD", "v", "MAXLEN", "0", "12-0", "a", "b"], "12-0"],
  [["XLEN", "v"], 0],
  [["EXISTS", "v"], 1],
  [["XADD", "w", "MAXLEN", "=", "0", "MAXLEN", "1", "1-1", "a", "b"], {"error": "ERR syntax error, MAXLEN and MINID options at the same time are not compatible"}],
  [["XADD", "w", "1-1", "a"], {"error": "ERR wrong number of arguments for 'xadd' command"}],
  [["XADD", "w", "NOMKSTREAM", "MAXLEN"], {"error": "ERR wrong number of arguments for 'xadd' command"}],
  [["XADD", "w", "MAXLEN", "1", "x", "y"], {"error": "ERR Invalid stream ID specified as stream command argument"}],
  [["XADD", "w", "MINID", "abc", "1-1", "x", "y"], {"error": "ERR Invalid stream ID specified as stream command argument"}],
  [["XADD", "w", "LIMIT", "-1", "1-1", "x", "y"], {"error": "ERR The LIMIT argument must be >= 0."}],
  [["XINFO", "STREAM", "s", "FULL"], ["length", 3, "radix-tree-keys", 1, "radix-tree-nodes", 2, "last-generated-id", "8-1", "max-deleted-entry-id", "0-0", "entries-added", 6, "recorded-first-entry-id", "6-1", "entries", [["6-1", ["d", "4"]], ["7-1", ["e", "5"]], ["8-1", ["f", "6"]]], "groups", []]],
  [["XINFO", "STREAM", "v", "FULL"], ["length", 0, "radix-tree-keys", 0, "radix-tree-nodes", 1, "last-generated-id", "12-0", "max-deleted-entry-id", "0-0", "entries-added", 5, "recorded-first-entry-id", "0-0", "entries", [], "groups", []]],
];

const XDEL_XTRIM_XSETID_SESSION: Recorded[] = [
  [["FLUSHALL"], {"simple": "OK"}],
  [["XDEL", "nokey", "1-1"], 0],
  [["XADD", "s", "1-1", "a", "1"], "1-1"],
  [["XADD", "s", "2-1", "b", "2"], "2-1"],
  [["XADD", "s", "3-1", "c", "3"], "3-1"],
  [["XADD", "s", "4-1", "d", "4"], "4-1"],
  [["XADD", "s", "5-1", "e", "5"], "5-1"],
  [["XDEL", "s", "2-1", "abc"], {"error": "ERR Invalid stream ID specified as stream command argument"}],
  [["XDEL", "s", "-"], {"error": "ERR Invalid stream ID specified as stream command argument"}],
  [["XDEL", "s", "2-1", "2-1", "9-9"], 1],
  [["XINFO", "STREAM", "s", "FULL"], ["length", 4, "radix-tree-keys", 1, "radix-tree-nodes", 2, "last-generated-id", "5-1", "max-deleted-entry-id", "2-1", "entries-added", 5, "recorded-first-entry-id", "1-1", "entries", [["1-1", ["a", "1"]], ["3-1", ["c", "3"]], ["4-1", ["d", "4"]], ["5-1", ["e", "5"]]], "groups", []]],
  [["XDEL", "s", "1-1"], 1],
  [["XINFO", "STREAM", "s", "FULL"], ["length", 3, "radix-tree-keys", 1, "radix-tree-nodes", 2, "last-generated-id", "5-1", "max-deleted-entry-id", "2-1", "entries-added", 5, "recorded-first-entry-id", "3-1", "entries", [["3-1", ["c", "3"]], ["4-1", ["d", "4"]], ["5-1", ["e", "5"]]], "groups", []]],
  [["XTRIM", "s", "MAXLEN", "1"], 2],
  [["XTRIM", "s"], {"error": "ERR wrong number of arguments for 'xtrim' command"}],
  [["XTRIM", "s", "MAXLEN"], {"error": "ERR wrong number of arguments for 'xtrim' command"}],
  [["XTRIM", "s", "LIMIT", "5"], {"error": "ERR syntax error, LIMIT cannot be used without specifying a trimming strategy"}],
  [["XTRIM", "s", "FOO", "1"], {"error": "ERR syntax error"}],
  [["XTRIM", "s", "MINID", "+"], {"error": "ERR Invalid stream ID specified as stream command argument"}],
  [["XTRIM", "nokey", "MAXLEN", "0"], 0],
  [["XTRIM", "nokey", "MAXLEN", "x"], {"error": "ERR value is not an integer or out of range"}],
  [["XINFO", "STREAM", "s", "FULL"], ["length", 1, "radix-tree-keys", 1, "radix-tree-nodes", 2, "last-generated-id", "5-1", "max-deleted-entry-id", "2-1", "entries-added", 5, "recorded-first-entry-id", "5-1", "entries", [["5-1", ["e", "5"]]], "groups", []]],
  [["XTRIM", "s", "MINID", "5"], 0],
  [["XTRIM", "s", "MINID", "6"], 1],
  [["XINFO", "STREAM", "s", "FULL"], ["length", 0, "radix-tree-keys", 0, "radix-tree-nodes", 1, "last-generated-id", "5-1", "max-deleted-entry-id", "2-1", "entries-added", 5, "recorded-first-entry-id", "0-0", "entries", [], "groups", []]],
  [["XSETID", "nokey", "1-1"], {"error": "ERR no such key"}],
  [["XSETID", "s", "abc"], {"error": "ERR Invalid stream ID specified as stream command argument"}],
  [["XSETID", "s", "1-1"], {"simple": "OK"}],
  [["XSETID", "s", "10-1", "ENTRIESADDED"], {"error": "ERR syntax error"}],
  [["XSETID", "s", "10-1", "ENTRIESADDED", "-1"], {"error": "ERR entries_added must be positive"}],
  [["XSETID", "s", "10-1", "ENTRIESADDED", "x"], {"error": "ERR value is not an integer or out of range"}],
  [["XSETID", "s", "10-1", "MAXDELETEDID", "11-1"], {"error": "ERR The ID specified in XSETID is smaller than the provided max_deleted_entry_id"}],
  [["XSETID", "s", "10-1", "MAXDELETEDID", "+"], {"error": "ERR Invalid stream ID specified as stream command argument"}],
  [["XSETID", "s", "10-1", "FOO", "1"], {"error": "ERR syntax error"}],
  [["XADD", "s", "6-1", "f", "6"], "6-1"],
  [["XADD", "s", "7-1", "g", "7"], "7-1"],
  [["XSETID", "s", "10-1", "ENTRIESADDED", "1"], {"error": "ERR The entries_added specified in XSETID is smaller than the target stream length"}],
  [["XSETID", "s", "6-5"], {"error": "ERR The ID specified in XSETID is smaller than the target stream top item"}],
  [["XSETID", "s", "10-1", "ENTRIESADDED", "20", "MAXDELETEDID", "9-0"], {"simple": "OK"}],
  [["XINFO", "STREAM", "s", "FULL"], ["length", 2, "radix-tree-keys", 1, "radix-tree-nodes", 2, "last-generated-id", "10-1", "max-deleted-entry-id", "9-0", "entries-added", 20, "recorded-first-entry-id", "6-1", "entries", [["6-1", ["f", "6"]], ["7-1", ["g", "7"]]], "groups", []]],
  [["XDEL", "s", "6-1", "7-1"], 2],
  [["XINFO", "STREAM", "s", "FULL"], ["length", 0, "radix-tree-keys", 0, "radix-tree-nodes", 1, "last-generated-id", "10-1", "max-deleted-entry-id", "9-0", "entries-added", 20, "recorded-first-entry-id", "0-0", "entries", [], "groups", []]],
  [["XSETID", "s", "1-1"], {"simple": "OK"}],
  [["XSETID", "s", "0-0", "ENTRIESADDED", "0"], {"simple": "OK"}],
  [["XINFO", "STREAM", "s", "FULL"], ["length", 0, "radix-tree-keys", 0, "radix-tree-nodes", 1, "last-generated-id", "0-0", "max-deleted-entry-id", "9-0", "entries-added", 0, "recorded-first-entry-id", "0-0", "entries", [], "groups", []]],
  [["XSETID", "s", "5"], {"simple": "OK"}],
  [["XSETID", "s", "3-3", "MAXDELETEDID", "2-2"], {"simple": "OK"}],
  [["XINFO", "STREAM", "s", "FULL"], ["length", 0, "radix-tree-keys", 0, "radix-tree-nodes", 1, "last-generated-id", "3-3", "max-deleted-entry-id", "2-2", "entries-added", 0, "recorded-first-entry-id", "0-0", "entries", [], "groups", []]],
  [["XADD", "m", "1-1", "a", "1"], "1-1"],
  [["XADD", "m", "2-1", "b", "2"], "2-1"],
  [["XADD", "m", "3-1", "c", "3"], "3-1"],
  [["XDEL", "m", "2-1"], 1],
  [["XTRIM", "m", "MINID", "3-0"], 1],
  [["XINFO", "STREAM", "m", "FULL"], ["length", 1, "radix-tree-keys", 1, "radix-tree-nodes", 2, "last-generated-id", "3-1", "max-deleted-entry-id", "2-1", "entries-added", 3, "recorded-first-entry-id", "3-1", "entries", [["3-1", ["c", "3"]]], "groups", []]],
  [["XTRIM", "m", "MAXLEN", "0"], 1],
  [["XINFO", "STREAM", "m", "FULL"], ["length", 0, "radix-tree-keys", 0, "radix-tree-nodes", 1, "last-generated-id", "3-1", "max-deleted-entry-id", "2-1", "entries-added", 3, "recorded-first-entry-id", "0-0", "entries", [], "groups", []]],
];

function expectSession(session: readonly Recorded[], nowMs = 0): void {
  const { results } = replay(session, nowMs);
  results.forEach(([actual, expected], i) => expect(actual, JSON.stringify(session[i]![0])).toEqual(expected));
}

describe('stream commands (recorded from Redis 7.0.15)', () => {
  it('XADD: explicit and partial IDs, trimming, NOMKSTREAM and every argument error', () => {
    expectSession(XADD_SESSION);
  });

  it('XDEL, XTRIM and XSETID keep first ID, max-deleted ID and entries-added as Redis does', () => {
    expectSession(XDEL_XTRIM_XSETID_SESSION);
  });
});

describe('stream commands as the AOF client runs them', () => {
  const run = (db: FakeDb, nowMs: number, ...argv: string[]): unknown =>
    toJson(streamCommands[argv[0]!.toLowerCase()]!({ db, nowMs }, argv.map((a) => Buffer.from(a))));

  it('accepts LIMIT without ~ (mustObeyClient skips the check a normal client gets) and ignores it', () => {
    const db = new FakeDb();
    for (let i = 1; i <= 5; i++) run(db, 0, 'XADD', 'w', `${i}-1`, 'x', 'y');
    expect(run(db, 0, 'XADD', 'w', 'MAXLEN', '1', 'LIMIT', '2', '6-1', 'x', 'y')).toBe('6-1');
    expect(db.stream('w').length).toBe(1);
  });

  it('trims exactly for ~ (Redis would keep whole listpack nodes; it never writes ~ to an AOF)', () => {
    const db = new FakeDb();
    for (let i = 1; i <= 5; i++) run(db, 0, 'XADD', 'w', `${i}-1`, 'x', 'y');
    expect(run(db, 0, 'XTRIM', 'w', 'MAXLEN', '~', '2')).toBe(3);
    expect(run(db, 0, 'XTRIM', 'w', 'MINID', '~', '5')).toBe(1);
    expect(db.stream('w').firstId).toBe(db.stream('w').entries.first()!.id);
  });

  it('resolves * against the context clock like streamNextID, never going backwards', () => {
    const db = new FakeDb();
    expect(run(db, 1000, 'XADD', 's', '*', 'a', '1')).toBe('1000-0');
    expect(run(db, 1000, 'XADD', 's', '*', 'a', '1')).toBe('1000-1');
    expect(run(db, 900, 'XADD', 's', '*', 'a', '1')).toBe('1000-2');
    expect(run(db, 2000, 'XADD', 's', '2000-*', 'a', '1')).toBe('2000-0');
    expect(run(db, 2000, 'XADD', 's', '*', 'a', '1')).toBe('2000-1');
  });

  it('copies field values: the caller may reuse its buffers', () => {
    const db = new FakeDb();
    const value = Buffer.from('v1');
    streamCommands['xadd']!({ db, nowMs: 0 }, [Buffer.from('XADD'), Buffer.from('s'), Buffer.from('1-1'), Buffer.from('f'), value]);
    value.write('zz');
    expect(db.stream('s').entries.first()!.fields[1]!.toString()).toBe('v1');
  });
});
