// The repair's safety contract against a real redis-server and real file systems: a writer still running,
// another owner, a symlink, a disk too small for a copy, a disk too small for the backup or the output, Ctrl-C.
// The disk cases mount small tmpfs file systems and so need root (CI runs as root); they skip otherwise.

import { spawn, spawnSync } from 'node:child_process';
import {
  appendFileSync,
  chmodSync,
  chownSync,
  linkSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  watch,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AofBuilder } from '../test/helpers/aof-builder.js';
import { REDIS_MISSING, startRedis, type RespClient } from './redis-server.js';

const BIN = join(import.meta.dirname, '..', 'bin', 'aof.js');
const work = mkdtempSync(join(tmpdir(), 'aof-safety-'));
const mounts: string[] = [];
afterAll(() => {
  for (const m of mounts) spawnSync('umount', [m]);
  rmSync(work, { recursive: true, force: true });
});

function aof(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' }, input: '' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const IS_ROOT = process.getuid?.() === 0;
/** A tmpfs of `size` mounted under work/, or null where mounting is not possible (not root). */
function smallDisk(name: string, size: string): string | null {
  if (!IS_ROOT) return null;
  const dir = join(work, name);
  mkdirSync(dir);
  if (spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir]).status !== 0) return null;
  mounts.push(dir);
  return dir;
}

/** Fills a file system until it has at most `leave` bytes free. */
function fill(dir: string, leave: number): void {
  const free = () => Number(spawnSync('df', ['-B1', '--output=avail', dir], { encoding: 'utf8' }).stdout.trim().split('\n')[1]);
  const chunk = Buffer.alloc(4096, 0x61);
  let i = 0;
  while (free() > leave) {
    try {
      appendFileSync(join(dir, `filler-${i++ % 64}`), chunk);
    } catch {
      break;
    }
  }
}

/** n SET commands, about `bytes` long in all, with a cut command at the end. */
function cutLog(n: number, valueSize: number): { bytes: Buffer; soundLength: number } {
  const b = new AofBuilder();
  for (let i = 0; i < n; i++) b.command('SET', `key:${i}`, 'v'.repeat(valueSize));
  const sound = b.build();
  return { bytes: Buffer.concat([sound, Buffer.from('*3\r\n$3\r\nSET\r\n$5\r\nkey:x\r\n$4\r\nva')]), soundLength: sound.length };
}

const sha = (path: string) => spawnSync('sha256sum', [path], { encoding: 'utf8' }).stdout.split(' ')[0];

describe('fix: file identity', () => {
  it('keeps the owner, mode, inode and hard links of a file owned by another user (run as root)', () => {
    const dir = join(work, 'owner');
    mkdirSync(dir);
    const path = join(dir, 'appendonly.aof');
    const { bytes, soundLength } = cutLog(20, 10);
    writeFileSync(path, bytes);
    chmodSync(path, 0o640);
    if (IS_ROOT) chownSync(path, 102, 105);
    linkSync(path, join(dir, 'hardlink.aof'));
    const before = statSync(path);
    const r = aof('fix', '--yes', path);
    expect(r.status, r.stdout + r.stderr).toBe(0);
    const after = statSync(path);
    expect({ ino: after.ino, uid: after.uid, gid: after.gid, mode: after.mode & 0o7777, size: after.size }).toEqual({
      ino: before.ino,
      uid: before.uid,
      gid: before.gid,
      mode: 0o640,
      size: soundLength,
    });
    expect(statSync(join(dir, 'hardlink.aof')).size).toBe(soundLength);
  });

  it('fixes the target of a symlink and leaves the link a link', () => {
    const dir = join(work, 'link');
    mkdirSync(dir);
    const real = join(dir, 'real.aof');
    const { bytes, soundLength } = cutLog(10, 5);
    writeFileSync(real, bytes);
    symlinkSync(real, join(dir, 'appendonly.aof'));
    const r = aof('fix', '--yes', join(dir, 'appendonly.aof'));
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(statSync(real).size).toBe(soundLength);
    expect(lstatSync(join(dir, 'appendonly.aof')).isSymbolicLink()).toBe(true);
    expect(readdirSync(dir).filter((f) => f.includes('.cut-at-'))).toEqual([expect.stringMatching(/^real\.aof\.cut-at-\d+\./)]);
  });
});

describe('fix and rewrite on a full disk', () => {
  it('fixes in place on a disk too small for a copy of the file', () => {
    const disk = smallDisk('nocopy', '1m');
    if (disk === null) return;
    const path = join(disk, 'appendonly.aof');
    const { bytes, soundLength } = cutLog(7000, 100); // ~830 KB on a 1 MiB disk: no room for a second copy
    writeFileSync(path, bytes);
    const r = aof('fix', '--yes', path);
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(statSync(path).size).toBe(soundLength);
  });

  it('changes nothing and exits 74 when the cut bytes cannot be saved', () => {
    const disk = smallDisk('nobackup', '1m');
    if (disk === null) return;
    const path = join(disk, 'appendonly.aof');
    const head = new AofBuilder().command('SET', 'a', '1').build();
    const tail = cutLog(3000, 100).bytes; // ~350 KB after mid-file damage: the backup needs that much
    writeFileSync(path, Buffer.concat([head, Buffer.from('garbage\r\n'), tail]));
    fill(disk, 64 * 1024);
    const before = sha(path);
    const r = aof('fix', '--yes', path);
    expect(r.status).toBe(74);
    expect(r.stderr).toMatch(/ENOSPC.*Nothing was changed.*Free some space.*--backup DIR/s);
    expect(sha(path)).toBe(before);
    expect(readdirSync(disk).filter((f) => !f.startsWith('filler-'))).toEqual(['appendonly.aof']);
  });

  it('changes nothing on a read-only file system, exits 74 and says to remount or work on a copy', () => {
    const disk = smallDisk('readonly', '1m');
    if (disk === null) return;
    const path = join(disk, 'appendonly.aof');
    writeFileSync(path, cutLog(100, 10).bytes);
    const before = sha(path);
    expect(spawnSync('mount', ['-o', 'remount,ro', disk]).status).toBe(0);
    // Named directly and through a symlink from a writable disk: the same advice.
    const link = join(work, 'readonly-link.aof');
    symlinkSync(path, link);
    for (const named of [path, link]) {
      const r = aof('fix', '--yes', named);
      expect(r.status, r.stdout + r.stderr).toBe(74);
      expect(r.stderr).toMatch(/EROFS.*Nothing was changed.*remount it read-write/s);
      // Saving the cut bytes elsewhere would not help: the file itself cannot be cut there.
      expect(r.stderr).not.toMatch(/--backup DIR/);
    }
    expect(sha(path)).toBe(before);
  });

  it('rewrite leaves no partial OUTPUT (file or directory) on a full disk and exits 74', () => {
    const disk = smallDisk('norewrite', '256k');
    if (disk === null) return;
    const input = join(work, 'big-input.aof');
    const b = new AofBuilder();
    for (let i = 0; i < 5000; i++) b.command('SET', `key:${i}`, 'x'.repeat(100));
    writeFileSync(input, b.build());
    for (const format of ['resp', 'multi-part']) {
      const r = aof('rewrite', input, join(disk, 'out'), '--format', format);
      expect(r.status, r.stdout + r.stderr).toBe(74);
      expect(r.stderr).toMatch(/ENOSPC/);
      expect(readdirSync(disk)).toEqual([]);
    }
  });

  it('Ctrl-C while a rewrite writes its output exits 130 and leaves no temp file', async () => {
    const input = join(work, 'slow-input.aof');
    const b = new AofBuilder();
    // Distinct keys with long values: the output is tens of MB, so it takes a while to write.
    for (let i = 0; i < 200_000; i++) b.command('SET', `key:${i}`, `value:${i}:`.padEnd(120, 'x'));
    writeFileSync(input, b.build());
    const out = join(work, 'interrupted');
    mkdirSync(out);
    // The signal goes when the temp output appears, not after a fixed wait: a fast machine can finish first.
    let sawTemp = false;
    const watcher = watch(out, (_event, name) => {
      if (sawTemp || !String(name).endsWith('.tmp')) return;
      sawTemp = true;
      child.kill('SIGINT');
    });
    const child = spawn(process.execPath, [BIN, 'rewrite', input, join(out, 'x.aof')], { stdio: 'ignore' });
    const code = await new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
    watcher.close();
    expect(sawTemp).toBe(true);
    expect(code).toBe(130);
    expect(readdirSync(out)).toEqual([]);
  });
});

if (REDIS_MISSING) console.warn(`live suite skipped: ${REDIS_MISSING}`);

describe.skipIf(!!REDIS_MISSING)('fix under a running redis-server', () => {
  it('cuts in place, so every write the server makes after the fix survives a restart', async () => {
    const server = await startRedis({}, { appendonly: 'yes', appendfsync: 'always' });
    let restarted: Awaited<ReturnType<typeof startRedis>> | null = null;
    try {
      expect(server.loaded).toBe(true);
      const c: RespClient = await server.client();
      for (let i = 0; i < 50; i++) await c.call('SET', `before:${i}`, String(i));
      const dir = join(server.dir, 'appendonlydir');
      const incr = readdirSync(dir).find((f) => f.endsWith('.incr.aof'))!;
      // A torn write at the end of the incr file, as a crash or a full disk leaves it.
      appendFileSync(join(dir, incr), '*3\r\n$3\r\nSET\r\n$4\r\ntorn\r\n$5\r\nval');
      const refused = aof('fix', '--yes', dir);
      expect(refused.status).toBe(1);
      expect(refused.stdout).toContain(`PID ${server.pid}`);
      const r = aof('fix', '--yes', '--allow-running-server', dir);
      expect(r.status, r.stdout + r.stderr).toBe(0);
      for (let i = 0; i < 100; i++) await c.call('SET', `after:${i}`, String(i));
      c.close();
      await server.stop({ keepDir: true });
      restarted = await startRedis({ aofDir: server.dir }, { 'aof-load-truncated': 'no' });
      expect(restarted.loaded, restarted.log()).toBe(true);
      const c2 = await restarted.client();
      expect(await c2.call('DBSIZE')).toBe(150);
      expect(await c2.call('EXISTS', 'torn')).toBe(0);
      c2.close();
    } finally {
      await server.stop();
      await restarted?.stop();
      rmSync(server.dir, { recursive: true, force: true });
    }
  });
});
