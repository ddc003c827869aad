// check --jobs: many paths on worker threads give exactly what one job gives, in input order, exit status included.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dispatchOrder } from '../../src/cli/check-pool.js';
import { tempDir } from '../helpers/tmp.js';

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'aof.js');
const fixtures = (dir: string) =>
  readdirSync(join(ROOT, dir))
    .filter((f) => !f.endsWith('.json'))
    .map((f) => join(dir, f));
// Valid, damaged, multi-part, RDB and not-an-AOF paths, and one that does not exist.
const paths = [...fixtures('fixtures/multipart'), ...fixtures('fixtures/spoiled/resp'), ...fixtures('fixtures/rdb'), 'fixtures/no-such-backup'];

function aof(...args: string[]) {
  return spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, input: '' });
}

describe('check --jobs', () => {
  it.each([['-q'], ['--json'], ['--format', 'junit']])('with %s, two jobs print what one job prints', (...format) => {
    const one = aof('check', ...format, '--jobs', '1', ...paths);
    const two = aof('check', ...format, '--jobs', '2', ...paths);
    expect(one.status).toBe(2); // the missing path
    expect(two.status).toBe(one.status);
    expect(two.stdout).toBe(one.stdout);
    expect(two.stderr).toBe(one.stderr);
    expect(one.stdout.length).toBeGreaterThan(1000);
  });

  it('keeps input order however long each path takes', () => {
    const big = 'fixtures/multipart/with-history';
    const order = [big, 'fixtures/spoiled/resp/cut-payload.aof', big, 'fixtures/spoiled/resp/cut-payload.aof'];
    const lines = aof('check', '-q', '--jobs', '3', ...order)
      .stdout.trim()
      .split('\n');
    expect(lines.slice(0, 4).map((l) => /(fixtures\S+?):/.exec(l)?.[1])).toEqual(order);
  });

  it('refuses a job count that is not a whole number of 1 or more', () => {
    for (const bad of ['0', '-1', '1.5']) {
      const r = aof('check', '--jobs', bad, 'fixtures/multipart/with-history');
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/--jobs/);
    }
  });
});

describe('dispatchOrder', () => {
  it('hands out the largest paths first (a data directory counts its appendonlydir), ties and unreadable paths in input order', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'small.aof'), Buffer.alloc(10));
    writeFileSync(join(dir, 'big.aof'), Buffer.alloc(5000));
    mkdirSync(join(dir, 'data', 'appendonlydir'), { recursive: true });
    writeFileSync(join(dir, 'data', 'appendonlydir', 'appendonly.aof.1.incr.aof'), Buffer.alloc(3000));
    writeFileSync(join(dir, 'same.aof'), Buffer.alloc(10));
    const paths = ['small.aof', 'missing', 'data', 'big.aof', 'same.aof'].map((p) => join(dir, p));
    expect(await dispatchOrder(paths)).toEqual([3, 2, 0, 4, 1]);
  });
});
