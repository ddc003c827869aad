// check's CI formats (GitHub annotations, JUnit XML) and the colour switches, as a user runs the installed command.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AofBuilder, cut } from '../helpers/aof-builder.js';
import { tempDir, writeFiles } from '../helpers/tmp.js';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'aof.js');

function aof(env: Record<string, string>, ...args: string[]) {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !['FORCE_COLOR', 'NO_COLOR'].includes(k)));
  return spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...clean, ...env }, input: '' });
}

const dir = tempDir();
const good = new AofBuilder().command('SET', 'a', '1').command('JSON.SET', 'j', '$', '{}').build();
const bad = cut(new AofBuilder().command('SET', 'a', '1').command('SET', 'b', '2').build(), 40);
const newer = new AofBuilder().command('HSETEX', 'h', 'FIELDS', '1', 'f', 'v').build();
writeFiles(dir, { 'good.aof': good, 'bad.aof': bad, 'newer.aof': newer });
const [goodPath, badPath, newerPath] = ['good.aof', 'bad.aof', 'newer.aof'].map((f) => join(dir, f)) as [string, string, string];

describe('aof check --format', () => {
  it('github: one workflow command per problem, with file, line and the next step', () => {
    const r = aof({}, 'check', goodPath, badPath, '--format', 'github');
    expect(r.status).toBe(1);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^::warning file=.*good\.aof,line=8,title=aof command-module::'json\.set' is a module's command/);
    expect(lines[1]).toMatch(/^::error file=.*bad\.aof,line=\d+,title=aof truncated::.*\(offset 40\)\. Next: node bin\/aof\.js fix /);
    expect(lines).toHaveLength(2);
  });

  it("junit: one document; invalid paths fail, another server's are skipped", () => {
    const r = aof({}, 'check', goodPath, badPath, newerPath, '--server', 'redis-7.0', '--format', 'junit');
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites name="aof check" tests="3" failures="1" skipped="1">/);
    expect(r.stdout.match(/<testcase /g)).toHaveLength(3);
    expect(r.stdout).toMatch(/<failure type="truncated" message="truncated: [^"]*Next: node bin\/aof\.js fix /);
    expect(r.stdout).toMatch(/<skipped message="'hsetex' is not a command of Redis 7\.0\.15 [^"]*&quot;Unknown command&quot;/);
  });
});

describe('aof check on several paths', () => {
  it('--quiet: one line per path, then how many of each verdict', () => {
    const r = aof({}, 'check', '-q', goodPath, badPath, newerPath, join(dir, 'missing.aof'), '--server', 'redis-7.0');
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/good\.aof: RESP AOF, valid/);
    expect(lines[1]).toMatch(/bad\.aof: RESP AOF, cut short/);
    expect(lines[2]).toMatch(/newer\.aof: RESP AOF, unsupported/);
    expect(lines[3]).toBe(`4 paths checked: 1 valid, 1 truncated (${badPath}), 1 unsupported (${newerPath}), 1 unreadable (${join(dir, 'missing.aof')})`);
    expect(r.status).toBe(2);
  });
});

describe('aof check --recursive', () => {
  it('finds appendonlydirs (by their manifest, not entered), .aof and .rdb files under a tree, in path order', () => {
    const tree = tempDir();
    const dirAof = new AofBuilder().command('SET', 'a', '1').build();
    writeFiles(tree, {
      'host1/appendonlydir/appendonly.aof.1.base.aof': dirAof,
      'host1/appendonlydir/appendonly.aof.manifest': 'file appendonly.aof.1.base.aof seq 1 type b\n',
      'host2/appendonly.aof': bad,
      'host2/notes.txt': 'not an AOF',
      'host3/deeper/backup.aof': good,
    });
    const r = aof({}, 'check', '-q', '-r', tree);
    const lines = r.stdout.trim().split('\n');
    expect(lines.slice(0, 3).map((l) => l.replace(/^. /, '').split(':')[0])).toEqual([
      join(tree, 'host1', 'appendonlydir'),
      join(tree, 'host2', 'appendonly.aof'),
      join(tree, 'host3', 'deeper', 'backup.aof'),
    ]);
    expect(lines[3]).toMatch(/^3 paths checked: 2 valid, 1 truncated \(/);
    expect(r.status).toBe(1);
  });

  it('says so, and exits 2, when a directory holds no AOF', () => {
    const r = aof({}, 'check', '-r', tempDir());
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/no AOF, appendonlydir or RDB file under it/);
  });
});

describe('aof check --strict', () => {
  it('never marks a failing path ✔: warnings that fail --strict say so in the headline', () => {
    const r = aof({}, 'check', '--strict', goodPath);
    expect(r.status).toBe(1);
    expect(r.stdout.split('\n')[0]).toMatch(/^✘ .*good\.aof: RESP AOF, fails --strict — redis-server would load it, but it has 1 warning$/);
  });
});

describe('aof completion', () => {
  it('prints a bash/zsh completion script, and completes the subcommands', () => {
    const script = aof({}, 'completion');
    expect(script.status).toBe(0);
    expect(script.stdout).toMatch(/###-begin-aof-completions-###[\s\S]*###-end-aof-completions-###/);
    const words = aof({}, '--get-yargs-completions', 'aof', '');
    expect(words.stdout.split('\n')).toEqual(expect.arrayContaining(['check', 'fix', 'rewrite', 'salvage']));
  });
});

describe('colour', () => {
  const ESC = '\u001b[';
  it('is on with --color even into a pipe, off with NO_COLOR, and --no-color wins over --color before it', () => {
    expect(aof({}, 'check', goodPath, '--color').stdout).toContain(ESC);
    expect(aof({}, 'check', goodPath).stdout).not.toContain(ESC);
    expect(aof({ NO_COLOR: '1', FORCE_COLOR: '1' }, 'check', goodPath).stdout).not.toContain(ESC);
    expect(aof({ FORCE_COLOR: '1' }, 'check', goodPath, '--color', '--no-color').stdout).not.toContain(ESC);
  });
});
