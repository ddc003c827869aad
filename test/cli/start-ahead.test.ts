// Which command lines start a second thread before the CLI loads: a split check, fix or inspect, a sharded rewrite.
import { mkdirSync, truncateSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { threadAheadFor } from '../../src/cli/start-ahead.js';
import { tempDir } from '../helpers/tmp.js';

const dir = tempDir();
/** A sparse file of that many MiB after its first bytes: its size and first byte are all the guess reads. */
function sized(name: string, mib: number, head = '*'): string {
  const path = join(dir, name);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, head);
  truncateSync(path, mib << 20);
  return path;
}
const small = sized('small.aof', 31);
const large = sized('large.aof', 64);
const huge = sized('huge.aof', 256);
sized('data/appendonlydir/appendonly.aof.1.incr.aof', 100);
sized('data/appendonlydir/appendonly.aof.1.base.aof', 1, '#TS:1\r\n');
writeFileSync(join(dir, 'data/appendonlydir/appendonly.aof.manifest'), 'file appendonly.aof.1.base.aof seq 1 type b\n');
const data = join(dir, 'data');
sized('rdb-based/appendonlydir/appendonly.aof.1.incr.aof', 100);
sized('rdb-based/appendonlydir/appendonly.aof.1.base.rdb', 1, 'REDIS0011');
const rdbBased = join(dir, 'rdb-based');
const out = join(dir, 'out.aof');

describe.skipIf(availableParallelism() < 2)('a second thread started ahead', () => {
  it('for a check or fix of a file of 64 MiB or more, an inspect of 256 MiB or more', () => {
    expect(threadAheadFor(['check', large])).toBe('segment');
    expect(threadAheadFor(['check', small])).toBeNull();
    expect(threadAheadFor(['fix', large, '--yes'])).toBe('segment');
    expect(threadAheadFor(['inspect', large])).toBeNull();
    expect(threadAheadFor(['inspect', huge, '--top', '5'])).toBe('segment');
  });

  it('for a directory by its largest file, in it or in its appendonlydir', () => {
    expect(threadAheadFor(['check', data])).toBe('segment');
    expect(threadAheadFor(['check', join(data, 'appendonlydir')])).toBe('segment');
  });

  it('whatever options come between, as long as one path is large', () => {
    expect(threadAheadFor(['check', '--format', 'json', '--server', 'redis-7.0', large])).toBe('segment');
    expect(threadAheadFor(['check', join(dir, 'missing.aof'), large])).toBe('segment');
  });

  it('not for help, several files checked side by side, a cut by time, or no path', () => {
    expect(threadAheadFor(['check', large, '--help'])).toBeNull();
    expect(threadAheadFor(['rewrite', large, out, '-h'])).toBeNull();
    expect(threadAheadFor(['inspect', huge, '--version'])).toBeNull();
    expect(threadAheadFor(['check', large, huge])).toBeNull();
    expect(threadAheadFor(['check', '-r', data])).toBeNull();
    expect(threadAheadFor(['fix', large, '--until', '2026-01-01'])).toBeNull();
    expect(threadAheadFor(['fix', large, '--until-offset=x:1'])).toBeNull();
    expect(threadAheadFor(['cat', huge])).toBeNull();
    expect(threadAheadFor(['check'])).toBeNull();
    expect(threadAheadFor([])).toBeNull();
  });

  it('for a rewrite of a log of commands alone of 32 MiB or more, as it would shard', () => {
    expect(threadAheadFor(['rewrite', large, out])).toBe('shard');
    expect(threadAheadFor(['rewrite', data, out, '--threads', '2'])).toBe('shard');
    expect(threadAheadFor(['rewrite', '--server', 'redis-7.0', data, out])).toBe('shard');
    expect(threadAheadFor(['rewrite', small, out])).toBeNull();
  });

  it('for a rewrite into an RDB too, but not on one thread or of an RDB-based input', () => {
    expect(threadAheadFor(['rewrite', large, out, '--format', 'rdb'])).toBe('shard');
    expect(threadAheadFor(['rewrite', large, out, '--base=rdb'])).toBe('shard');
    expect(threadAheadFor(['rewrite', large, out, '--threads', '1'])).toBeNull();
    expect(threadAheadFor(['rewrite', large, out, '--threads=1'])).toBeNull();
    expect(threadAheadFor(['rewrite', rdbBased, out])).toBeNull();
  });
});
