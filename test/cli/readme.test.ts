// The README's fresh-machine commands stay true: the bundled fixture exists and the check says what to do.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const fresh = readme.slice(readme.indexOf('## On a fresh machine'));
const blocks = [...fresh.matchAll(/```sh\n([^`]*)```/g)].map((m) => m[1]!.trim());

describe('README, on a fresh machine', () => {
  // The global install itself is tested on the packed tarball (package.test.ts), into a temporary prefix.
  it('sets up with npm ci, a build and a global install, then runs aof on a bundled fixture that exists', () => {
    const [setup] = blocks;
    const m = /^npm ci && npm run build && npm install -g \. && aof check (\S+)$/.exec(setup ?? '');
    expect(m, `first command block: ${setup}`).not.toBeNull();
    const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'aof.js'), 'check', m![1]!], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, FORCE_COLOR: '0' },
    });
    // The fixture is a cut AOF: the check must fail it (exit 1) and name the fix to run.
    expect(r.status, r.stderr).toBe(1);
    // Hints repeat how aof was started: here `node bin/aof.js`; installed, it reads `aof fix …`.
    expect(r.stdout).toContain(`node bin/aof.js fix ${m![1]}`);
  });

  it('runs the tests with npm test, which .ci/run calls', () => {
    expect(blocks[1]).toBe('npm test');
    expect(readFileSync(join(ROOT, '.ci', 'run'), 'utf8')).toMatch(/^(FUZZ_RUNS=\d+ )?npm test\b/m);
  });
});
