// Next-step hints start aof the way the user did: installed bin, npx, or a script run by node.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { aofCommand, setInvocation } from '../../src/aof/hint.js';
import { invocationOf } from '../../src/cli/invocation.js';

const cwd = '/home/ops/aof';

describe('invocationOf', () => {
  it('is plain aof for the installed bin on the PATH', () => {
    expect(invocationOf(['/usr/bin/node', '/usr/local/bin/aof'], {}, cwd)).toBe('aof');
    // npm_command leaks into every child of an npm script: alone it does not mean npx.
    expect(invocationOf(['/usr/bin/node', '/usr/local/bin/aof'], { npm_command: 'exec' }, cwd)).toBe('aof');
  });

  it('is npx aof when npx ran the bin, from its cache or the project', () => {
    expect(invocationOf(['/usr/bin/node', '/root/.npm/_npx/1f2e/node_modules/.bin/aof'], { npm_command: 'exec' }, cwd)).toBe('npx aof');
    expect(invocationOf(['/usr/bin/node', `${cwd}/node_modules/.bin/aof`], { npm_command: 'exec' }, cwd)).toBe('npx aof');
  });

  it('is node and the script, relative to the working directory when that is shorter', () => {
    expect(invocationOf(['/usr/bin/node', `${cwd}/bin/aof.js`], {}, cwd)).toBe('node bin/aof.js');
    expect(invocationOf(['/usr/bin/node', `${cwd}/bin/aof.js`], {}, '/')).toBe('node home/ops/aof/bin/aof.js');
    expect(invocationOf(['/usr/bin/node', '/opt/aof/bin/aof.js'], {}, cwd)).toBe('node /opt/aof/bin/aof.js');
    expect(invocationOf(['/usr/bin/node', "/opt/it's/aof.js"], {}, cwd)).toBe(`node '/opt/it'\\''s/aof.js'`);
  });

  it('prefixes hints with what main() set', () => {
    expect(aofCommand('fix a.aof')).toBe('aof fix a.aof');
    setInvocation('npx aof');
    try {
      expect(aofCommand('fix a.aof')).toBe('npx aof fix a.aof');
    } finally {
      setInvocation('aof');
    }
  });
});

describe('hints from every layer', () => {
  const ROOT = join(import.meta.dirname, '..', '..');
  const run = (...args: string[]) =>
    spawnSync(process.execPath, [join(ROOT, 'bin', 'aof.js'), ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, input: '' });

  it('a refusal written below the CLI (the fix plan) names node bin/aof.js, in this thread and on worker threads', () => {
    const damaged = 'fixtures/spoiled/multipart/base-rdb-cut';
    for (const jobs of ['1', '2']) {
      const r = run('check', '--jobs', jobs, damaged, 'fixtures/multipart/rdb-base');
      expect(r.stdout).toContain(`restore that file from a backup (node bin/aof.js inspect ${damaged} lists`);
      expect(r.stdout).not.toMatch(/\(aof inspect/);
    }
  });
});
