// aof cat: redis-cli quoting, columns, --format resp and json, option errors and exit codes.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseBound } from '../../src/cli/commands/cat-bound.js';
import { quoteArg } from '../../src/cli/render/quote.js';
import { catCommand } from '../../src/cli/commands/cat.js';
import { checkAof } from '../../src/ops/check.js';
import { AofBuilder } from '../helpers/aof-builder.js';
import { expectGolden } from '../helpers/golden.js';
import { tempDir, writeFiles } from '../helpers/tmp.js';
import { runCommand } from './inspect-cli.js';

const dir = tempDir();
const b = new AofBuilder()
  .annotation('TS:1700000000')
  .command('SELECT', '0')
  .command('SET', 'user:1', 'plain')
  .command('SET', Buffer.from('user:\x00\xff', 'latin1'), Buffer.from('tab\there "quoted" back\\slash\r\n\x07\x08', 'latin1'))
  .command('MULTI')
  .command('HSET', 'user:2', 'f', 'v')
  .command('INCR', 'counter')
  .command('EXEC')
  .annotation('TS:1700000100')
  .command('SELECT', '2')
  .command('DEL', 'counter', 'user:1');
writeFiles(dir, { 'c.aof': b.build(), 'cut.aof': b.build().subarray(0, b.build().length - 4) });
const path = join(dir, 'c.aof');

describe('quoteArg', () => {
  it('quotes like redis-cli (sdscatrepr)', () => {
    expect(quoteArg(Buffer.from('a "b"\\\n\r\t\x07\x08\x00\xff', 'latin1'))).toBe('"a \\"b\\"\\\\\\n\\r\\t\\a\\b\\x00\\xff"');
  });
});

describe('parseBound', () => {
  it('reads offsets, file:offset, @unix and ISO times (UTC when no zone)', () => {
    expect(parseBound('1234')).toEqual({ kind: 'offset', file: null, offset: 1234 });
    expect(parseBound('0x4d2')).toEqual({ kind: 'offset', file: null, offset: 1234 });
    expect(parseBound('appendonly.aof.3.incr.aof:99')).toEqual({ kind: 'offset', file: 'appendonly.aof.3.incr.aof', offset: 99 });
    expect(parseBound('@1700000000')).toEqual({ kind: 'time', ts: 1_700_000_000 });
    expect(parseBound('2023-11-14T22:13:20Z')).toEqual({ kind: 'time', ts: 1_700_000_000 });
    expect(parseBound('2023-11-14T22:13:20')).toEqual({ kind: 'time', ts: 1_700_000_000 });
    expect(parseBound('2023-11-14T23:13:20+01:00')).toEqual({ kind: 'time', ts: 1_700_000_000 });
    expect(parseBound('yesterday')).toBeNull();
  });
});

describe('aof cat', () => {
  it('prints every command, redis-cli quoted, with the columns asked for (golden)', async () => {
    const r = await runCommand(catCommand, ['cat', path, '--show', 'file,offset,db,time']);
    expect(r.status).toBe(0);
    expectGolden('cat-columns.txt', r.stdout);
  });

  it('filters by key pattern, command and database', async () => {
    const byKey = await runCommand(catCommand, ['cat', path, '--key', 'user:[0-9]']);
    expect(byKey.stdout).toBe('"SET" "user:1" "plain"\n"HSET" "user:2" "f" "v"\n"DEL" "counter" "user:1"\n');
    const byCommand = await runCommand(catCommand, ['cat', path, '--command', 'incr,del', '--db', '2']);
    expect(byCommand.stdout).toBe('"DEL" "counter" "user:1"\n');
  });

  it('writes a valid sub-log with --format resp', async () => {
    const r = await runCommand(catCommand, ['cat', path, '--key', 'counter', '--format', 'resp']);
    expect(r.bytes.toString('latin1')).toBe(
      '#TS:1700000000\r\n*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n*1\r\n$5\r\nMULTI\r\n*2\r\n$4\r\nINCR\r\n$7\r\ncounter\r\n*1\r\n$4\r\nEXEC\r\n' +
        '#TS:1700000100\r\n*2\r\n$6\r\nSELECT\r\n$1\r\n2\r\n*3\r\n$3\r\nDEL\r\n$7\r\ncounter\r\n$6\r\nuser:1\r\n',
    );
    writeFiles(dir, { 'sub.aof': r.bytes });
    expect((await checkAof(join(dir, 'sub.aof'))).valid).toBe(true);
  });

  it('prints one JSON object per line, binary arguments as base64', async () => {
    const r = await runCommand(catCommand, ['cat', path, '--format', 'json', '--command', 'set']);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines[0]).toEqual({ file: path, offset: b.boundaries[2], db: 0, ts: 1_700_000_000, command: 'SET', args: ['user:1', 'plain'], keys: [1] });
    expect(lines[1].args[0]).toEqual({ base64: Buffer.from('user:\x00\xff', 'latin1').toString('base64') });
  });

  it('exits 1 on a damaged AOF after printing what precedes the damage, and says where it stopped', async () => {
    const r = await runCommand(catCommand, ['cat', join(dir, 'cut.aof')]);
    expect(r.status).toBe(1);
    expect(r.stdout.split('\n')).toHaveLength(9);
    expect(r.stderr).toContain('output stops at offset');
    expect(r.stderr).toContain('Run aof check');
  });

  it('exits 2 on bad options', async () => {
    expect((await runCommand(catCommand, ['cat', path, '--from', 'soon'])).status).toBe(2);
    expect((await runCommand(catCommand, ['cat', path, '--show', 'color'])).status).toBe(2);
    expect((await runCommand(catCommand, ['cat', path, '--db', '-1'])).status).toBe(2);
    const wrongFile = await runCommand(catCommand, ['cat', path, '--to', 'other.aof:10']);
    expect(wrongFile.status).toBe(2);
    expect(wrongFile.stderr).toContain('other.aof is not one of the files');
  });
});
