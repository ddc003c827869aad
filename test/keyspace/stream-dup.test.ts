// COPY of a stream duplicates entries, IDs, counters, groups, PELs and consumers.
import { describe, expect, it } from 'vitest';
import { emitValue } from '../../src/keyspace/emit.js';
import { StreamValue } from '../../src/keyspace/stream/stream.js';
import { Keyspace } from '../../src/keyspace/keyspace.js';

const run = (ks: Keyspace, ...args: string[]) => ks.execute(args.map((a) => Buffer.from(a)));

function emitted(ks: Keyspace, key: string): string[] {
  const value = ks.get(0, Buffer.from(key))!.value;
  expect(value).toBeInstanceOf(StreamValue);
  const out: string[] = [];
  emitValue(Buffer.from('k'), value as StreamValue, (args) => out.push(args.map((a) => a.toString('latin1')).join(' ')));
  return out;
}

describe('COPY of a stream', () => {
  it('gives an equal, independent stream', () => {
    const ks = new Keyspace({ nowMs: 1_700_000_000_000 });
    run(ks, 'XADD', 's', '1-1', 'f', 'a');
    run(ks, 'XADD', 's', '2-1', 'f', 'b');
    run(ks, 'XADD', 's', '3-1', 'f', 'c');
    run(ks, 'XGROUP', 'CREATE', 's', 'g', '0');
    run(ks, 'XCLAIM', 's', 'g', 'alice', '0', '1-1', '2-1', 'TIME', '1699999999000', 'RETRYCOUNT', '2', 'FORCE', 'JUSTID');
    run(ks, 'XDEL', 's', '2-1');
    run(ks, 'XGROUP', 'CREATECONSUMER', 's', 'g', 'bob');
    expect(run(ks, 'COPY', 's', 'c')).toBe(1);
    expect(emitted(ks, 'c')).toEqual(emitted(ks, 's'));
    run(ks, 'XADD', 'c', '4-1', 'f', 'd');
    expect(emitted(ks, 'c')).not.toEqual(emitted(ks, 's'));
  });
});
