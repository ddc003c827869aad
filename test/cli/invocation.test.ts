// Next-step hints start aof the way the user did: installed bin, npx, or a script run by node.
import { describe, expect, it } from 'vitest';
import { aofCommand, invocationOf, setInvocation } from '../../src/cli/invocation.js';

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
