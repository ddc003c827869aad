// The writer's file-level records and API: aux fields, functions, modules, databases, checksums, outputs, refusals.
import { closeSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { MemoryOutput, RdbWriter, StreamOutput, fdConsumer, type RdbWriteKey, type RdbWriteValue, type RdbWriteVersion } from '../../../src/rdb/write/index.js';
import { collect, plain } from '../helpers/collect.js';
import { len, str } from '../helpers/rdb-builder.js';
import { tempDir } from '../../helpers/tmp.js';
import { modulePayload, readKeys, writeRdb } from './helpers/round-trip.js';

const b = (s: string) => Buffer.from(s, 'latin1');
const key = (name: string, value: RdbWriteValue, db = 0): RdbWriteKey => ({ db, key: b(name), expireAtMs: null, value });

function file(version: RdbWriteVersion, body: (w: RdbWriter) => void, options = {}): Buffer {
  const out = new MemoryOutput();
  const w = new RdbWriter(out.consumer, { version, ...options });
  body(w);
  return out.bytes();
}

describe('header, aux fields and functions', () => {
  it.each([
    [9, 'aof-preamble'],
    [12, 'aof-base'],
  ] as const)('RDB %i starts with the signature and the default aux fields', (version, baseName) => {
    const rdb = file(version, (w) => {
      w.begin({ ctime: 1_700_000_000, usedMem: 123456, aofBase: true });
      w.writeAux('lua', 'x');
      w.end();
    });
    expect(rdb.subarray(0, 9).toString()).toBe(`REDIS00${String(version).padStart(2, '0')}`);
    const { records, summary } = collect(rdb);
    expect(summary).toMatchObject({ version, problem: null, checksum: { status: 'ok' } });
    expect(records.map((r) => (r.type === 'aux' ? [plain(r.key), plain(r.value)] : r.type))).toEqual([
      ['redis-ver', version === 9 ? '6.2.16' : '7.4.1'],
      ['redis-bits', '64'],
      ['ctime', '1700000000'],
      ['used-mem', '123456'],
      [baseName, '1'],
      ['lua', 'x'],
    ]);
  });

  it('functions are written from RDB 10 and refused before', () => {
    const code = b('#!lua name=lib\nredis.register_function("f", function() return 1 end)');
    const rdb = file(10, (w) => {
      w.begin({ defaultAux: false });
      expect(w.writeFunction(code)).toBeNull();
      w.end();
    });
    expect(collect(rdb).records).toEqual([{ type: 'function', code, offset: 9 }]);
    file(9, (w) => {
      w.begin({ defaultAux: false });
      const at = w.offset;
      expect(w.writeFunction(code)).toEqual({
        code: 'not-in-version',
        db: null,
        key: null,
        offset: at,
        message: 'functions need RDB 10 (Redis 7.0) but the target is RDB 9; write RDB 10 or later',
      });
      expect(w.offset).toBe(at);
    });
  });

  it('a checksum turned off is written as 0', () => {
    const rdb = file(
      11,
      (w) => {
        w.begin();
        w.end();
      },
      { checksum: false },
    );
    expect(collect(rdb).summary.checksum.status).toBe('disabled');
  });

  it('calls out of order are bugs, and throw', () => {
    const w = new RdbWriter(() => undefined, { version: 12 });
    expect(() => w.writeKey(key('k', { type: 'string', value: b('v') }))).toThrow('writeKey() called before begin()');
    w.begin();
    expect(() => w.begin()).toThrow('begin() called after begin()');
    w.end();
    expect(() => w.writeAux('a', 'b')).toThrow('writeAux() called after end()');
    expect(() => new RdbWriter(() => undefined, { version: 13 as RdbWriteVersion })).toThrow('RDB version 13 cannot be written; choose one of 9, 10, 11, 12');
  });
});

describe('databases', () => {
  it('selectDb writes RESIZEDB when sizes are given, and a key in another db selects it', () => {
    const rdb = file(12, (w) => {
      w.begin({ defaultAux: false });
      w.selectDb(0, { keys: 2, expires: 1 });
      w.writeKey({ ...key('a', { type: 'string', value: b('1') }), expireAtMs: 1_900_000_000_000 });
      w.writeKey(key('b', { type: 'string', value: b('2') }));
      w.writeKey(key('c', { type: 'string', value: b('3') }, 5));
      w.end();
    });
    const { records } = collect(rdb);
    expect(
      records.map((r) =>
        r.type === 'key'
          ? `${r.db}:${r.key}:${r.expireAtMs}`
          : r.type === 'select-db'
            ? `select ${r.db}`
            : r.type === 'resize-db'
              ? `resize ${r.dbSize}/${r.expiresSize}`
              : r.type,
      ),
    ).toEqual(['select 0', 'resize 2/1', '0:a:1900000000000', '0:b:null', 'select 5', '5:c:null']);
  });
});

describe('module values and module AUX data', () => {
  // A payload of every typed field: SINT 5, UINT 7, FLOAT, DOUBLE, STRING "abc", then EOF.
  const payload = Buffer.concat([len(1), len(5), len(2), len(7), len(3), Buffer.alloc(4), len(4), Buffer.alloc(8, 1), len(5), str('abc'), len(0)]);
  const moduleId = 0x1234_5678_9abc_de00n;

  it('are carried verbatim', () => {
    const rdb = file(11, (w) => {
      w.begin({ defaultAux: false });
      expect(w.writeModuleAux(moduleId, Buffer.concat([len(2), len(1), payload]))).toBeNull();
      expect(w.writeKey(key('m', { type: 'module', moduleId, payload }))).toBeNull();
      w.end();
    });
    const { records } = collect(rdb);
    expect(records[0]).toMatchObject({ type: 'module-aux', moduleId });
    expect(records.map((r) => r.type)).toEqual(['module-aux', 'select-db', 'key']);
    const k = records[2]!;
    expect(k.type === 'key' && modulePayload(rdb, k)).toEqual(payload);
  });

  it('a payload that is not whole fields ending in EOF is refused', () => {
    const cases: Array<[Buffer, string]> = [
      [payload.subarray(0, payload.length - 1), 'is not whole typed fields ending in EOF'],
      [Buffer.concat([payload, len(0)]), 'has 1 bytes after its EOF field'],
      [Buffer.concat([len(9), len(0)]), 'unknown field opcode 9'],
    ];
    for (const [bad, message] of cases) {
      const { refusals } = writeRdb(12, [key('m', { type: 'module', moduleId, payload: bad })]);
      expect(refusals[0]).toMatchObject({ code: 'bad-value', db: 0 });
      expect(refusals[0]!.message).toContain(message);
    }
    file(12, (w) => {
      w.begin();
      expect(w.writeModuleAux(moduleId, payload)?.message).toContain("does not start with its 'when' field");
    });
  });
});

describe('outputs', () => {
  const keys = Array.from({ length: 2000 }, (_, i) => key(`key:${i}`, { type: 'list', items: [b('x'.repeat(i % 300)), b(String(i))] }));

  it('a file descriptor gets the same bytes as memory, chunk Buffer reused', () => {
    const dir = tempDir();
    const path = join(dir, 'out.rdb');
    const fd = openSync(path, 'w');
    const w = new RdbWriter(fdConsumer(fd), { version: 12, chunkSize: 1000, reuseChunks: true });
    w.begin({ ctime: 1 });
    for (const k of keys) w.writeKey(k);
    w.end();
    closeSync(fd);
    const inMemory = file(12, (m) => {
      m.begin({ ctime: 1 });
      for (const k of keys) m.writeKey(k);
      m.end();
    });
    expect(readFileSync(path).equals(inMemory)).toBe(true);
    expect(readKeys(inMemory)).toHaveLength(keys.length);
  });

  it('a Node stream holds the producer back until it drains', async () => {
    const stream = new PassThrough({ highWaterMark: 4096 });
    const out = new StreamOutput(stream);
    const received: Buffer[] = [];
    let waits = 0;
    const w = new RdbWriter(out.consumer, { version: 10, chunkSize: 1024 });
    w.begin({ ctime: 1 });
    const reading = (async () => {
      for await (const chunk of stream) received.push(chunk as Buffer);
    })();
    for (const k of keys) {
      w.writeKey(k);
      const drained = out.drained();
      if (drained !== null) {
        waits++;
        await drained;
      }
    }
    w.end();
    stream.end();
    await reading;
    expect(waits).toBeGreaterThan(0);
    expect(readKeys(Buffer.concat(received))).toHaveLength(keys.length);
  });
});
