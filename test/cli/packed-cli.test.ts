// The real binary on packed backups: check/inspect/cat/rewrite read them, fix refuses with the unpack command
// and leaves the archive byte for byte, --recursive finds them (needs the build: `npm test` builds first).

import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cut } from '../helpers/aof-builder.js';
import { gzip } from '../helpers/packing.js';
import { tempDir } from '../helpers/tmp.js';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'aof.js');
const dir = tempDir();

function aof(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0', COLUMNS: '' }, input: '' });
  const norm = (s: string) => s.split(dir).join('<dir>');
  return { status: r.status, stdout: norm(r.stdout), stderr: norm(r.stderr) };
}

const sound = readFileSync('fixtures/preamble/all-types.aof');
mkdirSync(join(dir, 'backups', 'b1'), { recursive: true });
writeFileSync(join(dir, 'backups', 'b1', 'appendonly.aof.gz'), gzip(cut(sound, sound.length - 5)));
writeFileSync(join(dir, 'backups', 'sound.aof.gz'), gzip(sound));

describe('aof on packed backups', () => {
  it('check reads a .tar.zst of an appendonlydir: exit 0, files named archive:member', () => {
    const r = aof('check', 'fixtures/archives/rdb-base.tar.zst');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('fixtures/archives/rdb-base.tar.zst:appendonlydir/appendonly.aof.2.incr.aof');
  });

  it('fix refuses a damaged AOF inside a .gz, names the unpack command and changes nothing', () => {
    const path = join(dir, 'backups', 'b1', 'appendonly.aof.gz');
    const before = readFileSync(path);
    const check = aof('check', path);
    expect(check.status).toBe(1);
    expect(check.stdout).toMatch(/packed backup \(gzip\).*gunzip -k appendonly\.aof\.gz/s);
    const fix = aof('fix', '--yes', path);
    expect(fix.status).not.toBe(0);
    expect(fix.stdout + fix.stderr).toMatch(/Refusing to fix: appendonly\.aof\.gz is a packed backup/);
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  it('check --recursive finds packed backups by name', () => {
    const r = aof('check', '-q', '--recursive', join(dir, 'backups'));
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('<dir>/backups/b1/appendonly.aof.gz');
    expect(r.stdout).toContain('2 paths checked: 1 truncated (<dir>/backups/b1/appendonly.aof.gz), 1 valid');
  });

  it('inspect, cat and rewrite read a .zst as the file it holds', () => {
    const counts = (path: string) => {
      const report = JSON.parse(aof('inspect', '--json', path).stdout) as { totals: unknown; commands: unknown; types: unknown };
      return [report.totals, report.commands, report.types];
    };
    expect(counts('fixtures/archives/preamble.aof.zst')).toEqual(counts('fixtures/preamble/all-types.aof'));
    expect(aof('cat', 'fixtures/archives/preamble.aof.zst').stdout).toEqual(aof('cat', 'fixtures/preamble/all-types.aof').stdout);
    const out = join(dir, 'rewritten.aof');
    expect(aof('rewrite', 'fixtures/archives/rdb-base.tar.zst', out).status).toBe(0);
    expect(aof('check', '-q', out).status).toBe(0);
  });
});
