// A file's sink: writes go on while what came before is written back, and a failed writeback is never lost.

import type { FileHandle } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { fileSink, WRITEBACK_BYTES } from '../../../src/aof/io/file-sink.js';
import { IoFailure } from '../../../src/aof/io/io-failure.js';

/** A FileHandle that records its calls; each datasync waits until the test settles it. */
function fakeHandle() {
  const calls: string[] = [];
  const datasyncs: Array<(error?: Error) => void> = [];
  const fh = {
    write: async (data: Uint8Array, _offset: number, length: number, position: number) => {
      calls.push(`write ${position}+${length}`);
      return { bytesWritten: length, buffer: data };
    },
    datasync: () =>
      new Promise<void>((resolve, reject) => {
        calls.push('datasync');
        datasyncs.push((error) => (error ? reject(error) : resolve()));
      }),
    sync: async () => void calls.push('sync'),
  };
  return { fh: fh as unknown as FileHandle, calls, datasyncs };
}

const errno = (code: string) => Object.assign(new Error(code), { code });
const chunk = Buffer.alloc(WRITEBACK_BYTES / 2);

describe('fileSink', () => {
  it('writes back in the background every WRITEBACK_BYTES, and syncs only after that writeback', async () => {
    const { fh, calls, datasyncs } = fakeHandle();
    const sink = fileSink(fh, '/x/out.aof');
    await sink.write(chunk);
    expect(calls).not.toContain('datasync');
    await sink.write(chunk);
    expect(calls.at(-1)).toBe('datasync');
    // The writes go on while it runs; one writeback at a time.
    await sink.write(chunk);
    await sink.write(chunk);
    expect(calls.filter((c) => c === 'datasync')).toHaveLength(1);
    expect(sink.size).toBe(2 * WRITEBACK_BYTES);
    const synced = sink.sync();
    await new Promise((resolve) => setImmediate(resolve));
    expect(calls).not.toContain('sync');
    datasyncs[0]!();
    await synced;
    expect(calls.at(-1)).toBe('sync');
    expect(calls.filter((c) => c.startsWith('write')).map((c) => c.split(' ')[1]!.split('+')[0])).toEqual([
      '0',
      String(chunk.length),
      String(2 * chunk.length),
      String(3 * chunk.length),
    ]);
  });

  it('throws a failed writeback from the next write and from sync, naming the file', async () => {
    const { fh, datasyncs } = fakeHandle();
    const sink = fileSink(fh, '/x/out.aof');
    await sink.write(chunk);
    await sink.write(chunk);
    datasyncs[0]!(errno('EIO'));
    await sink.settle();
    const failed = sink.write(chunk);
    await expect(failed).rejects.toBeInstanceOf(IoFailure);
    await expect(failed).rejects.toMatchObject({ path: '/x/out.aof', code: 'EIO', action: 'sync' });
    await expect(sink.sync()).rejects.toMatchObject({ code: 'EIO' });
  });
});
