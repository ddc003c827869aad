// Rewrite emission: per-type commands batched 64 items per command, scores as shortest round-trip text.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emitValue, rdbValueCommands, valueCommands, writePacked, writeRdbValue } from '../../src/keyspace/emit.js';
import type { RdbValue } from '../../src/rdb/types.js';
import { Keyspace } from '../../src/keyspace/keyspace.js';
import { encodeCommand, RespWriter } from '../../src/resp/index.js';
import { args } from './replay.js';

function emitted(ks: Keyspace, key: string): string[][] {
  const out: string[][] = [];
  const rec = ks.get(0, Buffer.from(key))!;
  emitValue(rec.key, rec.value, (argv) => out.push(argv.map((a) => a.toString('latin1'))));
  return out;
}

describe('emitValue', () => {
  it('writes a string as one SET', () => {
    const ks = new Keyspace();
    ks.execute(args(['SET', 's', 'v', 'PXAT', '123']));
    expect(emitted(ks, 's')).toEqual([['SET', 's', 'v']]);
    expect(ks.get(0, Buffer.from('s'))?.expireAtMs).toBe(123);
  });

  it('splits 70 list elements into RPUSH commands of 64 and 6, head to tail', () => {
    const ks = new Keyspace();
    const items = Array.from({ length: 70 }, (_, i) => `e${i}`);
    ks.execute(args(['RPUSH', 'l', ...items]));
    const cmds = emitted(ks, 'l');
    expect(cmds.map((c) => c.length)).toEqual([66, 8]);
    expect(cmds.flatMap((c) => c.slice(2))).toEqual(items);
    expect(cmds[0]!.slice(0, 2)).toEqual(['RPUSH', 'l']);
  });

  it('writes hashes with HMSET pairs and sets with SADD', () => {
    const ks = new Keyspace();
    ks.execute(args(['HSET', 'h', 'f', '1', 'g', '2']));
    ks.execute(args(['SADD', 's', 'b', 'a']));
    expect(emitted(ks, 'h')).toEqual([['HMSET', 'h', 'f', '1', 'g', '2']]);
    expect(emitted(ks, 's')).toEqual([['SADD', 's', 'b', 'a']]);
  });

  it('writes zset scores ascending in a form strtod reads back exactly', () => {
    const ks = new Keyspace();
    ks.execute(args(['ZADD', 'z', '0.1', 'a', '-inf', 'b', '1e21', 'c', '3', 'd', '1e-7', 'e']));
    expect(emitted(ks, 'z')).toEqual([['ZADD', 'z', '-inf', 'b', '1e-7', 'e', '0.1', 'a', '3', 'd', '1e+21', 'c']]);
  });

  it('batches 130 zset pairs as 64 + 64 + 2', () => {
    const ks = new Keyspace();
    const pairs = Array.from({ length: 130 }, (_, i) => [String(i), `m${String(i).padStart(3, '0')}`]).flat();
    ks.execute(args(['ZADD', 'z', ...pairs]));
    expect(emitted(ks, 'z').map((c) => (c.length - 2) / 2)).toEqual([64, 64, 2]);
  });
});

describe('the key cursor', () => {
  it('writes every key as keys() and valueCommands would, packed strings straight from where they lie', async () => {
    // Keys inline in the table (24 bytes or less) and past it; strings empty, packed, past 64 bytes and past a slot.
    const bytes = (max: number) => fc.uint8Array({ maxLength: max }).map((a) => Buffer.from(a));
    const key = fc.oneof(
      bytes(30),
      fc.constantFrom(24, 25, 300).map((n) => Buffer.alloc(n, 0x6b)),
    );
    const value = fc.oneof(
      bytes(80),
      fc.constantFrom(0, 64, 65, 512, 513, 3000).map((n) => Buffer.alloc(n, 0x76)),
    );
    const entry = fc.record({ key, value, ttl: fc.option(fc.nat(), { nil: null }), list: fc.boolean() });
    let packedWritten = 0;
    let recordsWritten = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(entry, { maxLength: 60 }), async (entries) => {
        const ks = new Keyspace({ nowMs: 0 });
        for (const e of entries) {
          if (e.list) ks.execute([Buffer.from('RPUSH'), e.key, e.value], 'rpush');
          else ks.storeString(0, e.key, e.value, null);
          if (e.ttl !== null) ks.execute([Buffer.from('PEXPIREAT'), e.key, Buffer.from(String(e.ttl))], 'pexpireat');
        }
        const expected: Buffer[] = [];
        for (const { key, value, expireAtMs } of ks.keys(0)) {
          for (const c of valueCommands(key, value)) expected.push(encodeCommand(c));
          if (expireAtMs !== null) expected.push(encodeCommand([Buffer.from('PEXPIREAT'), key, Buffer.from(String(expireAtMs))]));
        }
        const chunks: Uint8Array[] = [];
        const writer = new RespWriter({ write: async (data) => void chunks.push(Buffer.from(data)) });
        const cursor = ks.keyCursor(0);
        let packed = 0;
        while (cursor.next()) {
          if (writePacked(cursor, writer)) packed++;
          else {
            const { key, value } = cursor.record();
            for (const c of valueCommands(key, value)) writer.command(c);
          }
          if (cursor.expireAtMs !== null) {
            writer.begin(3);
            writer.arg(Buffer.from('PEXPIREAT'));
            cursor.writeKey(writer);
            writer.arg(Buffer.from(String(cursor.expireAtMs)));
          }
        }
        await writer.flush();
        expect(Buffer.concat(chunks).equals(Buffer.concat(expected))).toBe(true);
        packedWritten += packed;
        recordsWritten += ks.dbSize(0) - packed;
      }),
      { numRuns: 200 },
    );
    // Small strings are packed; longer ones, lists and strings a command looked up are objects: both ways ran.
    expect(packedWritten).toBeGreaterThan(100);
    expect(recordsWritten).toBeGreaterThan(100);
  });
});

describe('writeRdbValue', () => {
  const element = fc.uint8Array({ minLength: 0, maxLength: 6 }).map((a) => Buffer.from(a));
  const score = fc.oneof(fc.double(), fc.integer(), fc.maxSafeInteger(), fc.constantFrom(-0, 0, 1.5, -Infinity, 2 ** 53, -(2 ** 70)));
  const value: fc.Arbitrary<RdbValue> = fc.oneof(
    fc.array(element, { maxLength: 200, size: 'max' }).map((members): RdbValue => ({ type: 'set', encoding: 'listpack', members })),
    fc.array(element, { maxLength: 200, size: 'max' }).map((items): RdbValue => ({ type: 'list', encoding: 'quicklist', items })),
    fc
      .array(fc.record({ member: element, score }), { maxLength: 200, size: 'max' })
      .map((entries): RdbValue => ({ type: 'zset', encoding: 'listpack', entries })),
    fc
      .array(
        fc.record(
          { field: element, value: element, expireAtMs: fc.option(fc.integer({ min: 1, max: 2 ** 40 }), { nil: undefined }) },
          { requiredKeys: ['field', 'value'] },
        ),
        { maxLength: 200, size: 'max' },
      )
      .map((entries): RdbValue => ({ type: 'hash', encoding: 'listpack', entries })),
  );

  it('writes the bytes of rdbValueCommands, or nothing and false where those need a value built', async () => {
    let direct = 0;
    let declined = 0;
    await fc.assert(
      fc.asyncProperty(value, fc.boolean(), async (v, laterPart) => {
        const chunks: Uint8Array[] = [];
        const writer = new RespWriter({ write: async (data) => void chunks.push(Buffer.from(data)) });
        const key = Buffer.from('k');
        const written = writeRdbValue(key, v, laterPart, writer);
        await writer.flush();
        if (!written) {
          declined++;
          expect(chunks.length).toBe(0);
          return;
        }
        direct++;
        const expected = Buffer.concat([...rdbValueCommands(key, v, laterPart)].map(encodeCommand));
        expect(Buffer.concat(chunks).equals(expected)).toBe(true);
        expect(writer.commands).toBe([...rdbValueCommands(key, v, laterPart)].length);
      }),
      { numRuns: 400 },
    );
    expect(direct).toBeGreaterThan(100);
    expect(declined).toBeGreaterThan(10);
  });
});
