// aof inspect: golden human reports for real fixtures, the --json shape, and exit codes.
import { Chalk } from 'chalk';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inspectCommand } from '../../src/cli/commands/inspect.js';
import { renderInspectHtml } from '../../src/cli/render/inspect-html.js';
import { renderInspectReport } from '../../src/cli/render/inspect-human.js';
import { inspectAof } from '../../src/ops/inspect/inspect.js';
import { AofBuilder } from '../helpers/aof-builder.js';
import { expectGolden } from '../helpers/golden.js';
import { tempDir, writeFiles } from '../helpers/tmp.js';
import { runCommand } from './inspect-cli.js';

const ROOT = join(import.meta.dirname, '..', '..');
const FIXTURES = join(ROOT, 'fixtures');
const dir = tempDir();

const danger = new AofBuilder().annotation('TS:1700000000').command('SELECT', '0');
for (let i = 0; i < 12; i++) danger.command('SET', `session:${i}`, 'x'.repeat(i * 10));
danger.annotation('TS:1700000060').command('DEL', 'session:1', 'session:2').command('UNLINK', 'session:3');
danger.command('SET', Buffer.from('cfg:\x00\xff', 'latin1'), 'binary key').command('FLUSHDB').annotation('TS:1700003600').command('SWAPDB', '0', '1');
danger.command('FLUSHALL');
writeFiles(dir, { 'danger.aof': danger.build() });

/**
 * The report as a terminal would show it, 100 columns wide unless said, without colour, paths relative to the
 * repo. Paths are made relative after wrapping, so a long one needs a width at which no checkout wraps it.
 */
async function rendered(path: string, width = 100): Promise<string> {
  const report = await inspectAof(path, { top: 5 });
  const text = renderInspectReport(report, { chalk: new Chalk({ level: 0 }), width });
  return text
    .split(dir)
    .join('<tmp>')
    .split(ROOT + '/')
    .join('');
}

describe.skipIf(!existsSync(FIXTURES))('aof inspect human output (golden; UPDATE_GOLDEN=1 rewrites)', () => {
  it('a small RESP AOF from redis-server', async () => {
    expectGolden('inspect-small.txt', await rendered(join(FIXTURES, 'resp', 'small.aof')));
  });

  it('a multi-part AOF with #TS annotations', async () => {
    expectGolden('inspect-multipart-timestamps.txt', await rendered(join(FIXTURES, 'multipart', 'timestamps')));
  });

  it('a multi-part AOF with history files: listed with their size, not read, format unknown', async () => {
    expectGolden('inspect-history.txt', await rendered(join(FIXTURES, 'servers', 'redis-7.4.1', 'multipart', 'with-history'), 240));
  });

  it('the HTML report labels history files the same way (format and commands unknown)', async () => {
    const report = await inspectAof(join(FIXTURES, 'servers', 'redis-7.4.1', 'multipart', 'with-history'), { top: 5 });
    const html = renderInspectHtml(report);
    expect(html).toContain('<tr><td>appendonly.aof.1.incr.aof</td><td>history</td><td>—</td><td>863 B</td><td>—</td></tr>');
    expect(html).toContain('<tr><td>appendonly.aof.2.incr.aof</td><td>incr</td><td>resp</td><td>863 B</td><td>19</td></tr>');
  });

  it('an AOF with an RDB preamble: keys per database and type, aux fields', async () => {
    expectGolden('inspect-preamble.txt', await rendered(join(FIXTURES, 'preamble', 'all-types.aof')));
  });

  it('a damaged file: figures up to the damage, and where it stopped', async () => {
    expectGolden('inspect-damaged.txt', await rendered(join(FIXTURES, 'spoiled', 'resp', 'cut-payload.aof')));
  });
});

describe('aof inspect', () => {
  it('shows flushes, SWAPDB and DEL runs with their offsets and times (golden)', async () => {
    expectGolden('inspect-danger.txt', await rendered(join(dir, 'danger.aof')));
  });

  it('prints one JSON object with the documented fields', async () => {
    const r = await runCommand(inspectCommand, ['inspect', join(dir, 'danger.aof'), '--json', '--top', '20']);
    expect(r.status).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.path).toBe(join(dir, 'danger.aof'));
    expect(json.totals).toMatchObject({ commands: 19, transactions: 0, annotations: 3 });
    expect(json.commands.SET).toEqual({ count: 13, bytes: expect.any(Number) });
    expect(json.commands.SELECT.count).toBe(1);
    expect(json.databases['0']).toMatchObject({ commands: 19, keys: 13 });
    expect(json.files).toHaveLength(1);
    // Key bytes that are not UTF-8 come out as base64, losslessly.
    const base64 = Buffer.from('cfg:\x00\xff', 'latin1').toString('base64');
    expect(json.hotKeys.filter((k: { key: unknown }) => typeof k.key !== 'string')).toEqual([expect.objectContaining({ key: { base64 }, count: 1 })]);
  });

  it('exits 1 on a damaged AOF, still printing what was read', async () => {
    const b = new AofBuilder().command('SET', 'a', '1').command('SET', 'b', '2').build();
    writeFiles(dir, { 'cut.aof': b.subarray(0, b.length - 3) });
    const r = await runCommand(inspectCommand, ['inspect', join(dir, 'cut.aof')]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('stopped at');
    expect(r.stdout).toContain(`next: aof check ${join(dir, 'cut.aof')}`);
  });

  it('exits 2 on a missing path or a bad option', async () => {
    const missing = await runCommand(inspectCommand, ['inspect', join(dir, 'nope.aof')]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('no such file or directory');
    const bad = await runCommand(inspectCommand, ['inspect', join(dir, 'danger.aof'), '--top', '-1']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--top must be a whole number');
  });
});
