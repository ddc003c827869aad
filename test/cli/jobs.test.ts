// check --jobs: many paths on worker threads give exactly what one job gives, in input order, exit status included.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

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
