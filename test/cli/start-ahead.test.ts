// Which command lines start a split's worker thread before the CLI loads: a check, fix or inspect of one large file.
import { mkdirSync, truncateSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { splitsAhead } from '../../src/cli/start-ahead.js';
import { tempDir } from '../helpers/tmp.js';

const dir = tempDir();
/** A sparse file of that many MiB: its size is all the guess reads. */
function sized(name: string, mib: number): string {
  const path = join(dir, name);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, '');
  truncateSync(path, mib << 20);
  return path;
}
const small = sized('small.aof', 63);
const large = sized('large.aof', 64);
const huge = sized('huge.aof', 256);
sized('data/appendonlydir/appendonly.aof.1.incr.aof', 100);
sized('data/appendonlydir/appendonly.aof.1.base.rdb', 1);
const data = join(dir, 'data');

describe.skipIf(availableParallelism() < 2)('a worker thread started ahead', () => {
  it('for a check or fix of a file of 64 MiB or more, an inspect of 256 MiB or more', () => {
    expect(splitsAhead(['check', large])).toBe(true);
    expect(splitsAhead(['check', small])).toBe(false);
    expect(splitsAhead(['fix', large, '--yes'])).toBe(true);
    expect(splitsAhead(['inspect', large])).toBe(false);
    expect(splitsAhead(['inspect', huge, '--top', '5'])).toBe(true);
  });

  it('for a directory by its largest file, in it or in its appendonlydir', () => {
    expect(splitsAhead(['check', data])).toBe(true);
    expect(splitsAhead(['check', join(data, 'appendonlydir')])).toBe(true);
  });

  it('whatever options come between, as long as one path is large', () => {
    expect(splitsAhead(['check', '--format', 'json', '--server', 'redis-7.0', large])).toBe(true);
    expect(splitsAhead(['check', join(dir, 'missing.aof'), large])).toBe(true);
  });

  it('not for other commands, help, several files checked side by side, a cut by time, or no path', () => {
    expect(splitsAhead(['rewrite', huge, join(dir, 'out.aof')])).toBe(false);
    expect(splitsAhead(['check', large, '--help'])).toBe(false);
    expect(splitsAhead(['check', large, huge])).toBe(false);
    expect(splitsAhead(['check', '-r', data])).toBe(false);
    expect(splitsAhead(['fix', large, '--until', '2026-01-01'])).toBe(false);
    expect(splitsAhead(['fix', large, '--until-offset=x:1'])).toBe(false);
    expect(splitsAhead(['check'])).toBe(false);
    expect(splitsAhead([])).toBe(false);
  });
});
