// End to end: the real binary, its stdout, its exit codes (needs the build: `npm test` builds first).
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AofBuilder, cut } from '../helpers/aof-builder.js';
import { expectGolden } from '../helpers/golden.js';
import { tempDir, writeFiles } from '../helpers/tmp.js';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'aof.js');
const dir = tempDir();

function aof(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' }, input: '' });
  const norm = (s: string) => s.split(dir).join('<dir>');
  return { status: r.status, stdout: norm(r.stdout), stderr: norm(r.stderr) };
}

const good = new AofBuilder().command('SELECT', '0').command('SET', 'k', 'v').command('MULTI').command('INCR', 'n').command('EXEC').build();
writeFiles(dir, {
  'good.aof': good,
  'cut.aof': cut(good, good.length - 20),
  'zeros.aof': Buffer.concat([good, Buffer.alloc(16)]),
  'fixme.aof': cut(good, good.length - 20),
  'dry.aof': cut(good, good.length - 20),
});

describe('aof check', () => {
  it('exits 0 on a valid file and 1 on a damaged one, 2 on a missing path', () => {
    expect(aof('check', join(dir, 'good.aof')).status).toBe(0);
    expect(aof('check', join(dir, 'cut.aof')).status).toBe(1);
    const missing = aof('check', join(dir, 'nope.aof'));
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('<dir>/nope.aof: no such file or directory');
  });

  it('reports on every path even when one cannot be read (exit 2)', () => {
    const r = aof('check', '--json', join(dir, 'nope.aof'), join(dir, 'good.aof'));
    expect(r.status).toBe(2);
    expect(
      r.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).valid),
    ).toEqual([false, true]);
  });

  it('exits 2 on a usage error', () => {
    expect(aof().status).toBe(2);
    expect(aof('check', '--bogus', 'x').status).toBe(2);
  });

  it('prints one JSON object per path with --json', () => {
    const r = aof('check', '--json', join(dir, 'good.aof'), join(dir, 'cut.aof'));
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.path, l.valid, l.kind])).toEqual([
      ['<dir>/good.aof', true, 'resp'],
      ['<dir>/cut.aof', false, 'resp'],
    ]);
    expect(lines[1].files[0]).toMatchObject({ role: 'single', format: 'resp', okUpTo: 50, valid: false });
    expect(lines[1].files[0].problems[0]).toMatchObject({ code: 'truncated', kind: 'truncated', offset: 79 });
    expect(lines.map((l) => l.next)).toEqual([null, 'aof fix <dir>/cut.aof']);
  });

  it('renders the human report (golden)', () => {
    expectGolden('check-cut.txt', aof('check', join(dir, 'cut.aof')).stdout);
    expectGolden('check-zeros.txt', aof('check', join(dir, 'zeros.aof')).stdout);
    expectGolden('check-good.txt', aof('check', join(dir, 'good.aof')).stdout);
  });
});

describe('aof fix', () => {
  it('refuses without --yes when stdin is not a terminal', () => {
    const r = aof('fix', join(dir, 'fixme.aof'));
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('Re-run with --yes');
    expect(readFileSync(join(dir, 'fixme.aof')).length).toBe(good.length - 20);
  });

  it('changes nothing with --dry-run', () => {
    const r = aof('fix', '--dry-run', join(dir, 'dry.aof'));
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Dry run: nothing changed');
    expect(readFileSync(join(dir, 'dry.aof')).length).toBe(good.length - 20);
  });

  it('truncates in place with --yes, saves the cut bytes, and reports JSON with the undo command', () => {
    const before = statSync(join(dir, 'fixme.aof')).ino;
    const r = aof('fix', '--yes', '--json', join(dir, 'fixme.aof'));
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ action: 'truncated', file: '<dir>/fixme.aof', from: good.length - 20, to: 50, droppedCommands: 1, validAfter: true });
    expect(readFileSync(join(dir, 'fixme.aof'))).toEqual(good.subarray(0, 50));
    expect(statSync(join(dir, 'fixme.aof')).ino).toBe(before);
    const backups = readdirSync(dir).filter((f) => f.startsWith('fixme.aof.cut-at-50.'));
    expect(backups).toHaveLength(1);
    expect(readFileSync(join(dir, backups[0]!))).toEqual(good.subarray(50, good.length - 20));
    expect(out.undo).toContain('seek=50');
  });

  it('prints the plan as JSON and exits 1 without --yes when stdin is not a terminal', () => {
    writeFileSync(join(dir, 'unconfirmed.aof'), good.subarray(0, good.length - 20));
    const r = aof('fix', '--json', join(dir, 'unconfirmed.aof'));
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ action: 'planned', to: 50, reason: expect.stringContaining('not confirmed') });
    expect(readFileSync(join(dir, 'unconfirmed.aof')).length).toBe(good.length - 20);
  });

  it('refuses a fix that would lose more than --max-loss commands, changing nothing', () => {
    const damaged = Buffer.concat([good.subarray(0, 23), Buffer.from('XX'), good.subarray(23)]);
    writeFileSync(join(dir, 'midfile.aof'), damaged);
    const r = aof('fix', '--yes', '--json', '--max-loss', '0', join(dir, 'midfile.aof'));
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ action: 'refused', reason: expect.stringMatching(/more than --max-loss 0/) });
    expect(readFileSync(join(dir, 'midfile.aof'))).toEqual(damaged);
  });

  it('refuses to cut a file that is not an AOF', () => {
    writeFileSync(join(dir, 'notes.txt'), 'remember to back up redis\n');
    const r = aof('fix', '--yes', '--json', join(dir, 'notes.txt'));
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ action: 'refused', reason: expect.stringContaining('not an AOF') });
    expect(readFileSync(join(dir, 'notes.txt'), 'utf8')).toBe('remember to back up redis\n');
  });

  it('says there is nothing to fix on a valid file', () => {
    const r = aof('fix', '--json', join(dir, 'good.aof'));
    expect(JSON.parse(r.stdout)).toMatchObject({ action: 'none' });
    expect(r.status).toBe(0);
  });
});

describe('hostile bytes never reach the terminal', () => {
  const key = Buffer.from('evil\x1b[31mRED\x1b]0;title\x07', 'latin1');
  const name = Buffer.from('EVI\x1b[2J', 'latin1');
  const bytes = Buffer.concat([new AofBuilder().command('SET', key, 'v').command(name, key).build()]);
  writeFiles(dir, { 'esc.aof': bytes, [`esc\x1b[1m.aof`]: bytes });
  it.each([
    ['check', 'esc.aof'],
    ['check', 'esc\x1b[1m.aof'],
    ['inspect', 'esc.aof'],
    ['cat', 'esc.aof'],
    ['fix', 'esc.aof'],
  ])('%s %j prints no control character but newlines', (command, file) => {
    const r = command === 'fix' ? aof(command, join(dir, file), '--dry-run') : aof(command, join(dir, file));
    expect(r.stdout).toContain(command === 'cat' ? 'evil' : 'esc');
    expect(r.stdout + r.stderr).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f]/);
  });
});
