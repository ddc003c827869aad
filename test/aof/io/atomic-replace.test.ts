// Checked writes and atomic replacement: short writes resume, failures leave the old file and no temp file.

import { chmod, lstat, mkdir, readFile, readdir, readlink, stat, symlink, writeFile, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeDirAtomically } from '../../../src/aof/io/atomic-dir.js';
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

describe('writing through a symlink', () => {
  const write = (text: string) => async (sink: { write(d: Uint8Array): Promise<void> }) => sink.write(Buffer.from(text));

  it("replaces the file a link names, keeps the link and the file's mode, and leaves no temp file", async () => {
    const dir = await freshDir();
    await mkdir(join(dir, 'real'));
    const real = join(dir, 'real', 'out.aof');
    await writeFile(real, 'old');
    await chmod(real, 0o640);
    const link = join(dir, 'out.aof');
    await symlink('real/out.aof', link);
    await writeFileAtomically(link, write('new'));
    expect((await lstat(link)).isSymbolicLink()).toBe(true);
    expect(await readlink(link)).toBe('real/out.aof');
    expect(await readFile(real, 'latin1')).toBe('new');
    expect((await stat(real)).mode & 0o777).toBe(0o640);
    expect(await readdir(join(dir, 'real'))).toEqual(['out.aof']);
    expect(await readdir(dir)).toEqual(['out.aof', 'real']);
  });

  it('follows a chain of links, and creates the file a dangling link names', async () => {
    const dir = await freshDir();
    await symlink('b', join(dir, 'a'));
    await symlink(join(dir, 'c'), join(dir, 'b'));
    await writeFileAtomically(join(dir, 'a'), write('made'));
    expect(await readFile(join(dir, 'c'), 'latin1')).toBe('made');
    expect((await lstat(join(dir, 'a'))).isSymbolicLink()).toBe(true);
    expect((await lstat(join(dir, 'b'))).isSymbolicLink()).toBe(true);
  });

  it('names the link beside the file it reached when a write through it fails (a full disk may be the target disk)', async () => {
    const dir = await freshDir();
    await mkdir(join(dir, 'other-disk'));
    const real = join(dir, 'other-disk', 'out.aof');
    await writeFile(real, 'old');
    const link = join(dir, 'out.aof');
    await symlink(real, link);
    const err = await writeFileAtomically(link, async (sink) => {
      await sink.write(Buffer.from('partial'));
      const temp = (await readdir(join(dir, 'other-disk'))).find((n) => n.endsWith('.tmp'));
      throw new IoFailure(join(dir, 'other-disk', temp ?? 'missing'), 'write', 'ENOSPC');
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IoFailure);
    expect((err as IoFailure).message).toBe(`cannot write ${real} (reached through the link ${link}): ENOSPC (no space left on the device)`);
    expect(await readFile(real, 'latin1')).toBe('old');
    expect(await readdir(join(dir, 'other-disk'))).toEqual(['out.aof']);
    // Named directly, the same failure names the file alone.
    const direct = await writeFileAtomically(real, async () => {
      throw new IoFailure(real, 'write', 'ENOSPC');
    }).catch((e: unknown) => e);
    expect((direct as IoFailure).message).toBe(`cannot write ${real}: ENOSPC (no space left on the device)`);
  });

  it('refuses a link to an existing file when asked not to replace, and a loop of links', async () => {
    const dir = await freshDir();
    await writeFile(join(dir, 'real'), 'old');
    await symlink('real', join(dir, 'out.aof'));
    await expect(writeFileAtomically(join(dir, 'out.aof'), write('new'), { replace: false })).rejects.toMatchObject({ code: 'EEXIST' });
    expect(await readFile(join(dir, 'real'), 'latin1')).toBe('old');
    await symlink('loop2', join(dir, 'loop1'));
    await symlink('loop1', join(dir, 'loop2'));
    await expect(writeFileAtomically(join(dir, 'loop1'), write('x'))).rejects.toMatchObject({ code: 'ELOOP' });
    expect((await readdir(dir)).sort()).toEqual(['loop1', 'loop2', 'out.aof', 'real']);
  });

  it('replaces the directory a link names and keeps the link', async () => {
    const dir = await freshDir();
    await mkdir(join(dir, 'data', 'appendonlydir'), { recursive: true });
    await writeFile(join(dir, 'data', 'appendonlydir', 'stale.aof'), 'old');
    const link = join(dir, 'appendonlydir');
    await symlink('data/appendonlydir', link);
    await writeDirAtomically(link, async (add) => add('appendonly.aof.manifest', write('manifest')), { replace: true });
    expect((await lstat(link)).isSymbolicLink()).toBe(true);
    expect(await readdir(join(dir, 'data', 'appendonlydir'))).toEqual(['appendonly.aof.manifest']);
    expect(await readdir(join(dir, 'data'))).toEqual(['appendonlydir']);
  });
});
