// Human output fits 80 and 60 columns (COLUMNS, as a terminal sets it), long keys and paths included; pipes get whole lines.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { AofBuilder, cut } from '../helpers/aof-builder.js';
import { tempDir, writeFiles } from '../helpers/tmp.js';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'aof.js');
const dir = join(tempDir(), 'backups-of-the-session-store-cluster-in-the-eu-west-region', 'node-0003');
mkdirSync(dir, { recursive: true });
const long = `user:session:${'7f3a9c'.repeat(20)}`;
const builder = new AofBuilder().command('SELECT', '0');
for (let i = 0; i < 12; i++) builder.command('SET', `${long}:${i}`, 'v'.repeat(120)).command('HSET', `h:${long}:${i}`, 'field', 'value');
builder.command('FLUSHDB');
const sound = builder.build();
writeFiles(dir, { 'sound.aof': sound, 'cut.aof': cut(sound, sound.length - 7) });
const [soundPath, cutPath] = [join(dir, 'sound.aof'), join(dir, 'cut.aof')] as [string, string];

function aof(env: Record<string, string>, ...args: string[]) {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !['COLUMNS', 'FORCE_COLOR'].includes(k)));
  return spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...clean, NO_COLOR: '1', ...env }, input: '' });
}

const widest = (text: string) => Math.max(0, ...text.split('\n').map((l) => stringWidth(l)));

const runs: [string, string[]][] = [
  ['check, damaged', ['check', cutPath]],
  ['check, two paths and the summary', ['check', soundPath, cutPath]],
  ['inspect', ['inspect', soundPath]],
  ['inspect, damaged', ['inspect', cutPath]],
  ['fix --dry-run', ['fix', cutPath, '--dry-run']],
  ['cat', ['cat', soundPath, '--show', 'offset,db']],
  ['rewrite', ['rewrite', soundPath, join(dir, 'out.aof'), '--force']],
];

describe.each([80, 60])('at %i columns', (columns) => {
  it.each(runs)('%s fits, stdout and stderr', (_, args) => {
    const r = aof({ COLUMNS: String(columns) }, ...args);
    expect(r.status, r.stderr).not.toBe(2);
    expect(r.stdout.length).toBeGreaterThan(0);
    expect(widest(r.stdout), r.stdout).toBeLessThanOrEqual(columns);
    expect(widest(r.stderr), r.stderr).toBeLessThanOrEqual(columns);
  });
});

describe('without a terminal or COLUMNS', () => {
  it('keeps whole lines, for grep and logs', () => {
    const r = aof({}, 'check', cutPath);
    expect(widest(r.stdout)).toBeGreaterThan(120);
    expect(r.stdout).toContain(cutPath);
  });
});
