// The RESP encoder: the bytes Redis writes, the same from encodeCommand and from RespWriter (whole commands or argument ranges), whatever the sizes.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeCommand, RespWriter } from '../../src/resp/index.js';

/** What redis-server's catAppendOnlyGenericCommand writes, spelled out with template strings. */
function reference(args: Buffer[]): Buffer {
  return Buffer.concat([Buffer.from(`*${args.length}\r\n`), ...args.flatMap((a) => [Buffer.from(`$${a.length}\r\n`), a, Buffer.from('\r\n')])]);
}

/** The commands through a RespWriter: whole, or begun and written argument by argument from inside larger buffers. */
async function written(commands: Buffer[][], by: 'command' | 'ranges' = 'command'): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  const writer = new RespWriter({ write: async (data) => void chunks.push(Buffer.from(data)) });
  for (const c of commands) {
    if (by === 'command') {
      writer.command(c);
      continue;
    }
    writer.begin(c.length);
    for (const a of c) {
      // Bytes on both sides that must not be written.
      const around = Buffer.concat([Buffer.from('<<<'), a, Buffer.from('>>')]);
      writer.argRange(around, 3, 3 + a.length);
    }
  }
  await writer.flush();
  const out = Buffer.concat(chunks);
  expect(writer.bytes).toBe(out.length);
  expect(writer.commands).toBe(commands.length);
  return out;
}

describe('encodeCommand and RespWriter', () => {
  it('write every length across its digit boundaries as Redis does', async () => {
    const sizes = [0, 1, 9, 10, 11, 99, 100, 101, 999, 1000, 65535, 100000];
    const commands = sizes.map((n) => [Buffer.from('SET'), Buffer.alloc(n, 0x61)]);
    commands.push(Array.from({ length: 10 }, (_, i) => Buffer.from(String(i))));
    for (const c of commands) expect(encodeCommand(c)).toEqual(reference(c));
    expect(await written(commands)).toEqual(Buffer.concat(commands.map(reference)));
    expect(await written(commands, 'ranges')).toEqual(Buffer.concat(commands.map(reference)));
  });

  it('agree on any commands, values past the writer buffer included', async () => {
    const arg = fc.oneof(
      fc.uint8Array({ maxLength: 30 }),
      fc.constantFrom(0, 9, 10, 64, 65, 524_288, 524_289, 1_048_576, 1_100_000).map((n) => new Uint8Array(n).fill(7)),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.array(
            arg.map((a) => Buffer.from(a)),
            { minLength: 1, maxLength: 4 },
          ),
          { minLength: 1, maxLength: 5 },
        ),
        async (commands) => {
          const expected = Buffer.concat(commands.map(reference));
          // equals(), not toEqual: a deep comparison of megabytes byte by byte takes minutes.
          expect(Buffer.concat(commands.map(encodeCommand)).equals(expected)).toBe(true);
          expect((await written(commands)).equals(expected)).toBe(true);
          expect((await written(commands, 'ranges')).equals(expected)).toBe(true);
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe('RespWriter and its sink', () => {
  /** Five megabytes of commands of varied sizes, each marked with its number. */
  const commands = Array.from({ length: 5000 }, (_, i) => [Buffer.from('SET'), Buffer.from(`k${i}`), Buffer.alloc((i * 7919) % 2000, 0x61 + (i % 26))]);
  const expected = Buffer.concat(commands.map(reference));

  /** Writes the commands, pacing them to the sink (as a rewrite does) or draining only at the end. */
  async function through(sink: { write(data: Uint8Array): Promise<void>; releasesChunks?: boolean }, drain: boolean): Promise<void> {
    const writer = new RespWriter(sink);
    for (const c of commands) {
      writer.command(c);
      if (drain) await writer.pace();
    }
    await writer.flush();
  }

  it('fills its buffers again for a sink that releases each chunk once written, and no write sees a later one', async () => {
    for (const drain of [true, false]) {
      const out: Buffer[] = [];
      const seen = new Set<ArrayBufferLike>();
      await through(
        {
          releasesChunks: true,
          write: async (data) => {
            seen.add(data.buffer);
            await new Promise((resolve) => setImmediate(resolve));
            // Read only now: a buffer refilled before the write settled would show here.
            out.push(Buffer.from(data));
          },
        },
        drain,
      );
      expect(Buffer.concat(out).equals(expected)).toBe(true);
      expect(out.length).toBeGreaterThan(3);
      // Drained as it goes, five megabytes pass through a few buffers, not one per chunk.
      if (drain) expect(seen.size).toBeLessThan(4);
    }
  });

  it('hands a sink that keeps its chunks buffers of their own', async () => {
    const kept: Uint8Array[] = [];
    await through({ write: async (data) => void kept.push(data) }, true);
    expect(Buffer.concat(kept).equals(expected)).toBe(true);
    expect(new Set(kept.map((k) => k.buffer)).size).toBe(kept.length);
  });
});

describe('RespWriter.pace', () => {
  it('leaves the latest write in flight and waits for the ones before it', async () => {
    const releases: Array<() => void> = [];
    const written: number[] = [];
    const writer = new RespWriter({
      releasesChunks: true,
      write: (data) =>
        new Promise<void>((resolve) =>
          releases.push(() => {
            written.push(data.length);
            resolve();
          }),
        ),
    });
    // Past half the writer's buffer, in arguments small enough to be copied into it.
    const halfFull = () => {
      for (let i = 0; i < 3; i++) writer.command([Buffer.from('SET'), Buffer.from(`k${i}`), Buffer.alloc(200_000, 0x61)]);
    };
    const settledYet = async (p: Promise<void> | undefined) => {
      let settled = false;
      void p?.then(() => (settled = true));
      await new Promise((resolve) => setImmediate(resolve));
      return settled;
    };
    halfFull();
    // Nothing was queued before the first half-full buffer: its pace settles with that write still pending.
    expect(await settledYet(writer.pace())).toBe(true);
    expect(releases).toHaveLength(1);
    halfFull();
    const second = writer.pace();
    expect(await settledYet(second)).toBe(false);
    releases.shift()!();
    expect(await settledYet(second)).toBe(true);
    expect(written).toHaveLength(1);
  });

  it('throws a failed earlier write', async () => {
    const writer = new RespWriter({ releasesChunks: true, write: async () => Promise.reject(new Error('EIO')) });
    const halfFull = () => writer.command([Buffer.from('SET'), Buffer.from('k'), Buffer.alloc(300_000, 0x62)]);
    halfFull();
    expect(writer.pace()).toBeUndefined();
    halfFull();
    await writer.pace();
    halfFull();
    halfFull();
    await expect(writer.pace()).rejects.toThrow('EIO');
  });
});

describe('RespWriter when a write fails', () => {
  it('keeps the failure for flush() to throw, never as a rejection nobody awaits, and writes nothing after it', async () => {
    for (const releasesChunks of [true, false]) {
      let writes = 0;
      const writer = new RespWriter({
        releasesChunks,
        write: async () => {
          writes++;
          if (writes === 2) throw new Error('ENOSPC');
        },
      });
      // Several megabytes with no flush between: spills queue writes the caller does not await.
      for (let i = 0; i < 5000; i++) writer.command([Buffer.from('SET'), Buffer.from(`k${i}`), Buffer.alloc(1000, 0x61)]);
      // A turn of the event loop, where a rejection nobody awaits would surface.
      await new Promise((resolve) => setTimeout(resolve, 20));
      await expect(writer.flush()).rejects.toThrow('ENOSPC');
      expect(writes).toBe(2);
    }
  });
});
