// Checked writes and atomic replacement: short writes resume, failures leave the old file and no temp file.

import { chmod, mkdir, readFile, readdir, stat, writeFile, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomically } from '../../../src/aof/io/atomic-replace.js';
import { IoFailure } from '../../../src/aof/io/io-failure.js';
import { removeTrackedTempsSync, trackTemp } from '../../../src/aof/io/temp-files.js';
import { writeFully } from '../../../src/aof/io/write-fully.js';
import { tempDir } from '../../helpers/tmp.js';

const root = tempDir();
let made = 0;
async function freshDir(): Promise<string> {
  const dir = join(root, String(made++));
  await mkdir(dir);
  return dir;
}

/** A FileHandle whose writes take at most `step` bytes and fail with `failWith` after `failAfter` bytes. */
function fakeHandle(step: number, failAfter = Infinity, failWith = 'ENOSPC'): { fh: FileHandle; got: Buffer[] } {
  const got: Buffer[] = [];
  let total = 0;
  const fh = {
    write: async (data: Uint8Array, offset: number, length: number) => {
      if (total >= failAfter) throw Object.assign(new Error(`${failWith}: fake`), { code: failWith, syscall: 'write' });
      const n = Math.min(step, length, failAfter - total);
      got.push(Buffer.from(data.subarray(offset, offset + n)));
      total += n;
      return { bytesWritten: n, buffer: data };
    },
  } as unknown as FileHandle;
  return { fh, got };
}

describe('writeFully', () => {
  it('resumes short writes until every byte is written', async () => {
    const { fh, got } = fakeHandle(3);
    const data = Buffer.from('0123456789abcdef');
    await writeFully(fh, 'x.aof', data, 0);
    expect(Buffer.concat(got)).toEqual(data);
    expect(got.length).toBe(6);
  });

  it('reports ENOSPC after a short write, naming the file', async () => {
    const { fh } = fakeHandle(4, 10);
    const err = await writeFully(fh, 'out.aof', Buffer.alloc(64), 0).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IoFailure);
    expect((err as IoFailure).message).toBe('cannot write out.aof: ENOSPC (no space left on the device)');
  });

  it('treats a write that makes no progress as a full device', async () => {
    const fh = { write: async () => ({ bytesWritten: 0 }) } as unknown as FileHandle;
    await expect(writeFully(fh, 'y', Buffer.alloc(1), null)).rejects.toMatchObject({ code: 'ENOSPC' });
  });
});

describe('writeFileAtomically', () => {
  it('writes a new file whole, with the mode asked', async () => {
    const dir = await freshDir();
    const target = join(dir, 'out.aof');
    await writeFileAtomically(
      target,
      async (sink) => {
        await sink.write(Buffer.from('abc'));
        await sink.write(Buffer.from('def'));
        expect(sink.size).toBe(6);
      },
      { mode: 0o600 },
    );
    expect(await readFile(target, 'latin1')).toBe('abcdef');
    expect((await stat(target)).mode & 0o777).toBe(0o600);
    expect(await readdir(dir)).toEqual(['out.aof']);
  });

  it("keeps the replaced file's mode", async () => {
    const dir = await freshDir();
    const target = join(dir, 'appendonly.aof.manifest');
    await writeFile(target, 'old');
    await chmod(target, 0o640);
    await writeFileAtomically(target, async (sink) => sink.write(Buffer.from('new')));
    expect(await readFile(target, 'latin1')).toBe('new');
    expect((await stat(target)).mode & 0o777).toBe(0o640);
  });

  it('leaves the old file and no temp file when the writer fails', async () => {
    const dir = await freshDir();
    const target = join(dir, 'out.aof');
    await writeFile(target, 'old');
    const boom = new IoFailure('x', 'write', 'EIO');
    await expect(
      writeFileAtomically(target, async (sink) => {
        await sink.write(Buffer.from('partial'));
        throw boom;
      }),
    ).rejects.toBe(boom);
    expect(await readFile(target, 'latin1')).toBe('old');
    expect(await readdir(dir)).toEqual(['out.aof']);
  });

  it('refuses to replace an existing file when asked not to, writing nothing', async () => {
    const dir = await freshDir();
    const target = join(dir, 'out.aof');
    await writeFile(target, 'old');
    await expect(writeFileAtomically(target, async (sink) => sink.write(Buffer.from('new')), { replace: false })).rejects.toMatchObject({ code: 'EEXIST' });
    expect(await readFile(target, 'latin1')).toBe('old');
    expect(await readdir(dir)).toEqual(['out.aof']);
  });

  it('a tracked temp file is removed by the interruption cleanup', async () => {
    const dir = await freshDir();
    const temp = join(dir, '.x.tmp');
    await writeFile(temp, 'partial');
    trackTemp(temp);
    expect(removeTrackedTempsSync()).toEqual([temp]);
    expect(await readdir(dir)).toEqual([]);
  });
});
