// cutInPlace: the tail is saved before the cut, the inode and mode stay, and a failure changes nothing.

import { chmod, lstat, mkdir, readFile, readdir, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cutInPlace, restoreCommand, tailBackupName } from '../../../src/aof/io/cut-in-place.js';
import { FileChangedError } from '../../../src/aof/io/file-changed.js';
import { IoFailure } from '../../../src/aof/io/io-failure.js';
import { execFileSync } from 'node:child_process';
import { tempDir } from '../../helpers/tmp.js';

const BYTES = Buffer.from('*1\r\n$4\r\nPING\r\n*2\r\n$3\r\nGET\r\n$1\r\nk\r\n*3\r\n$3\r\nSE');
const NOW = new Date('2026-12-05T09:15:00.123Z');
const root = tempDir();
let made = 0;

/** A fresh directory per test, so directory listings see only that test's files. */
async function withTempDir(body: (dir: string) => Promise<void>): Promise<void> {
  const dir = join(root, String(made++));
  await mkdir(dir);
  await body(dir);
}

describe('cutInPlace', () => {
  it('keeps the inode and mode, saves exactly the cut bytes, and names the offset', async () => {
    await withTempDir(async (dir) => {
      const file = join(dir, 'appendonly.aof');
      await writeFile(file, BYTES);
      await chmod(file, 0o640);
      const before = await stat(file);
      const out = await cutInPlace({ file, expectedSize: BYTES.length, to: 14, backupDir: undefined, now: NOW });
      const after = await stat(file);
      expect(after.ino).toBe(before.ino);
      expect(after.mode & 0o777).toBe(0o640);
      expect(await readFile(file)).toEqual(BYTES.subarray(0, 14));
      expect(out.backup).toBe(join(dir, 'appendonly.aof.cut-at-14.20261205T091500Z.tail'));
      expect(await readFile(out.backup!)).toEqual(BYTES.subarray(14));
      expect(out).toMatchObject({ from: BYTES.length, to: 14 });
    });
  });

  it('restores the original byte for byte with the printed command', async () => {
    await withTempDir(async (dir) => {
      const file = join(dir, 'a b.aof');
      await writeFile(file, BYTES);
      const out = await cutInPlace({ file, expectedSize: BYTES.length, to: 20, backupDir: undefined, now: NOW });
      execFileSync('sh', ['-c', restoreCommand(out.backup!, out.target, 20)]);
      expect(await readFile(file)).toEqual(BYTES);
    });
  });

  it('cuts the target of a symlink, leaving the link a link', async () => {
    await withTempDir(async (dir) => {
      const real = join(dir, 'real.aof');
      const link = join(dir, 'link.aof');
      await writeFile(real, BYTES);
      await symlink(real, link);
      const out = await cutInPlace({ file: link, expectedSize: BYTES.length, to: 14, backupDir: undefined, now: NOW });
      expect(out.target).toBe(real);
      expect((await readFile(real)).length).toBe(14);
      expect((await lstat(link)).isSymbolicLink()).toBe(true);
    });
  });

  it('refuses when the file changed size since it was checked, changing nothing', async () => {
    await withTempDir(async (dir) => {
      const file = join(dir, 'appendonly.aof');
      await writeFile(file, BYTES);
      await expect(cutInPlace({ file, expectedSize: BYTES.length - 1, to: 14, backupDir: undefined })).rejects.toBeInstanceOf(FileChangedError);
      expect(await readFile(file)).toEqual(BYTES);
      expect(await readdir(dir)).toEqual(['appendonly.aof']);
    });
  });

  it('changes nothing when the backup cannot be written', async () => {
    await withTempDir(async (dir) => {
      const file = join(dir, 'appendonly.aof');
      await writeFile(file, BYTES);
      const missing = join(dir, 'no-such-dir');
      const err = await cutInPlace({ file, expectedSize: BYTES.length, to: 14, backupDir: missing }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(IoFailure);
      expect((err as IoFailure).code).toBe('ENOENT');
      expect((err as IoFailure).message).toContain(missing);
      expect(await readFile(file)).toEqual(BYTES);
    });
  });

  it('puts the backup in --backup DIR and cuts nothing with no backup asked', async () => {
    await withTempDir(async (dir) => {
      const file = join(dir, 'appendonly.aof');
      const bdir = join(dir, 'b');
      await mkdir(bdir);
      await writeFile(file, BYTES);
      const out = await cutInPlace({ file, expectedSize: BYTES.length, to: 30, backupDir: bdir, now: NOW });
      expect(out.backup).toBe(join(bdir, tailBackupName(file, 30, NOW)));
      const none = await cutInPlace({ file, expectedSize: 30, to: 14, backupDir: null });
      expect(none.backup).toBeNull();
      expect((await readFile(file)).length).toBe(14);
    });
  });
});
