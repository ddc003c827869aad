// checkAof verdicts, okUpTo and fix plans on single files and multi-part AOFs built for the test.
import { appendFileSync, readFileSync, unlinkSync } from 'node:fs';
import { FileChangedError } from '../../src/aof/io/file-changed.js';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkAof } from '../../src/ops/check.js';
import { AofBuilder, cut } from '../helpers/aof-builder.js';
import { tempDir, writeFiles } from '../helpers/tmp.js';

const dir = tempDir();
let n = 0;
async function checkBytes(bytes: Buffer | string) {
  const path = join(dir, `f${n++}.aof`);
  writeFiles(dir, { [path.slice(dir.length + 1)]: bytes });
  return checkAof(path);
}

const base = () => new AofBuilder().command('SELECT', '0').command('SET', 'k', 'v');

describe('checkAof on a single RESP file', () => {
  it('calls a sound file valid, with nothing to fix', async () => {
    const r = await checkBytes(base().annotation('TS:1').command('INCR', 'n').build());
    expect(r).toMatchObject({ valid: true, kind: 'resp', fix: { action: 'none' } });
    expect(r.files[0]).toMatchObject({ role: 'single', format: 'resp', commands: 3, annotations: 1, problems: [] });
  });

  it('puts okUpTo at the start of a truncated last command', async () => {
    const full = base().build();
    const r = await checkBytes(cut(full, full.length - 3));
    expect(r.valid).toBe(false);
    expect(r.files[0]!.okUpTo).toBe(23);
    expect(r.fix).toEqual({
      action: 'truncate',
      file: r.files[0]!.path,
      from: full.length - 3,
      to: 23,
      droppedCommands: 0,
      transactionCommands: 0,
      approximate: false,
      dropsPartial: true,
      kind: 'truncated',
    });
  });

  it('cuts a zero-filled tail from the command whose bulk lost its CRLF, as redis-check-aof does', async () => {
    // A crash cut the last command inside its value and the file system padded it with zeros: the value's
    // length then covers zeros, its "CRLF" is two zeros, and the next "command" starts with a zero byte.
    const b = base().command('SET', 'last', 'a-value-of-15b!');
    const full = b.build();
    const damaged = Buffer.concat([full.subarray(0, full.length - 7), Buffer.alloc(9)]);
    const r = await checkBytes(damaged);
    expect(r.valid).toBe(false);
    expect(r.files[0]!.problems.map((p) => p.code)).toEqual(['bad-prefix', 'bulk-crlf-missing']);
    expect(r.files[0]!.okUpTo).toBe(b.boundaries[2]);
    expect(r.files[0]!.problems[0]!.message).toContain(`command at offset ${b.boundaries[2]} before it lacks the CRLF`);
    expect(r.fix).toMatchObject({ action: 'truncate', to: b.boundaries[2] });
  });

  it('keeps a command without its CRLF when sound commands follow it (the server loads them all)', async () => {
    const b = base().command('SET', 'x', 'yy');
    const bytes = Buffer.concat([b.build().subarray(0, b.build().length - 2), Buffer.from('..'), new AofBuilder().command('INCR', 'n').build()]);
    const r = await checkBytes(Buffer.concat([bytes, Buffer.from('*2\r\n$4\r\nIN')]));
    expect(r.files[0]!.okUpTo).toBe(bytes.length);
  });

  it('rolls back to the MULTI of a transaction left open at the end', async () => {
    const b = base().command('MULTI').command('INCR', 'a').command('INCR', 'b');
    const r = await checkBytes(b.build());
    expect(r.files[0]!.problems[0]).toMatchObject({ code: 'multi-unterminated', kind: 'truncated', offset: b.boundaries[2] });
    expect(r.fix).toMatchObject({ action: 'truncate', to: b.boundaries[2], droppedCommands: 3, dropsPartial: false });
  });

  it('puts okUpTo at the MULTI when the damage is inside a transaction', async () => {
    const b = base().command('MULTI').command('INCR', 'a').raw('garbage');
    const r = await checkBytes(b.build());
    expect(r.files[0]!.problems[0]).toMatchObject({ code: 'bad-prefix', kind: 'corrupt', offset: b.boundaries[4] });
    expect(r.files[0]!.okUpTo).toBe(b.boundaries[2]);
  });

  it('follows the server, not redis-check-aof: *0 is invalid', async () => {
    const r = await checkBytes(base().raw('*0\r\n').build());
    expect(r.valid).toBe(false);
    expect(r.files[0]!.problems[0]!.message).toContain('redis-check-aof 7.0 accepts');
  });

  it('follows the server: nested MULTI and EXEC without MULTI load, with warnings', async () => {
    const r = await checkBytes(base().command('MULTI').command('MULTI').command('EXEC').command('EXEC').build());
    expect(r.valid).toBe(true);
    expect(r.files[0]!.problems.map((p) => p.code)).toEqual(['multi-nested', 'exec-without-multi']);
  });

  it('refuses unknown commands and too few arguments like the server; warns about extra arguments', async () => {
    const unknown = await checkBytes(base().command('NOSUCHCMD', 'x').build());
    expect(unknown.files[0]!.problems.map((p) => [p.severity, p.code])).toEqual([['error', 'command-unknown']]);
    expect(unknown.fix).toMatchObject({ action: 'truncate', to: 50 });
    const sub = await checkBytes(base().command('FUNCTION', 'NOPE').build());
    expect(sub.files[0]!.problems[0]).toMatchObject({ severity: 'error', code: 'command-unknown' });
    const short = await checkBytes(base().command('GET').build());
    expect(short.files[0]!.problems[0]).toMatchObject({ severity: 'error', code: 'command-arity' });
    const long = await checkBytes(base().command('GET', 'a', 'b').build());
    expect(long.valid).toBe(true);
    expect(long.files[0]!.problems.map((p) => [p.severity, p.code])).toEqual([['warning', 'command-arity']]);
  });

  it('judges every command, those that follow the same command with as many arguments included', async () => {
    // A container's subcommand is judged each time, however many of that command passed before it.
    const sub = await checkBytes(base().command('XGROUP', 'DESTROY', 's', 'g').command('XGROUP', 'NOSUCH', 's', 'g').build());
    expect(sub.files[0]!.problems.map((p) => [p.severity, p.code, p.offset])).toEqual([['error', 'command-unknown', 93]]);
    const short = await checkBytes(base().command('SET', 'a', 'b').command('SET', 'a', 'b').command('SET', 'a').build());
    expect(short.files[0]!.problems.map((p) => [p.severity, p.code])).toEqual([['error', 'command-arity']]);
  });

  it('lists 20 warnings of a code per file and counts the rest, in file order (two at one offset too)', async () => {
    // A nested MULTI with an argument: the transaction's warning, then the command's, at one offset.
    const b = base().command('MULTI').command('MULTI', 'x').command('EXEC');
    for (let i = 0; i < 25; i++) b.command('GET', 'a', 'b');
    const r = await checkBytes(b.build());
    expect(r.valid).toBe(true);
    const problems = r.files[0]!.problems;
    expect(problems.map((p) => p.code)).toEqual(['multi-nested', ...Array(20).fill('command-arity'), 'more-warnings']);
    expect(problems[0]!.offset).toBe(problems[1]!.offset);
    expect(problems.at(-1)!.message).toBe('6 more command warnings like the above were not listed');
    expect(r.warnings).toBe(22);
  });

  it('tracks SELECT and reports zero padding after a power loss as corrupt, fixable by truncation', async () => {
    const full = base().build();
    const r = await checkBytes(Buffer.concat([full, Buffer.alloc(64)]));
    expect(r.files[0]!.problems[0]).toMatchObject({ code: 'bad-prefix', kind: 'corrupt', offset: full.length });
    expect(r.fix).toMatchObject({ action: 'truncate', to: full.length });
  });

  it('calls an empty file valid, like the server', async () => {
    const r = await checkBytes('');
    expect(r.valid).toBe(true);
    expect(r.files[0]!.format).toBeNull();
  });
});

describe('checkAof on a multi-part AOF', () => {
  const good = base().build();
  const manifest = 'file appendonly.aof.1.base.aof seq 1 type b\nfile appendonly.aof.1.incr.aof seq 1 type i\nfile appendonly.aof.2.incr.aof seq 2 type i\n';

  function setUp(name: string, files: Record<string, Buffer | string>) {
    const d = join(dir, name, 'appendonlydir');
    writeFiles(d, { 'appendonly.aof.manifest': manifest, ...files });
    return d;
  }

  it('checks base and incr files in order and finds the manifest from the directory', async () => {
    const d = setUp('ok', { 'appendonly.aof.1.base.aof': good, 'appendonly.aof.1.incr.aof': good, 'appendonly.aof.2.incr.aof': '' });
    const r = await checkAof(join(d, '..'));
    expect(r.valid).toBe(true);
    expect(r.kind).toBe('multi-part');
    expect(r.files.map((f) => [f.role, f.format])).toEqual([
      ['base', 'resp'],
      ['incr', 'resp'],
      ['incr', null],
    ]);
  });

  it('offers to cut only the last file', async () => {
    const d = setUp('last', { 'appendonly.aof.1.base.aof': good, 'appendonly.aof.1.incr.aof': good, 'appendonly.aof.2.incr.aof': cut(good, 30) });
    const r = await checkAof(d);
    expect(r.fix).toMatchObject({ action: 'truncate', file: join(d, 'appendonly.aof.2.incr.aof'), to: 23 });
  });

  it('refuses to cut an earlier file and says what would be lost', async () => {
    const d = setUp('middle', { 'appendonly.aof.1.base.aof': good, 'appendonly.aof.1.incr.aof': cut(good, 30), 'appendonly.aof.2.incr.aof': good });
    const r = await checkAof(d);
    expect(r.valid).toBe(false);
    expect(r.fix.action).toBe('refused');
    expect((r.fix as { reason: string }).reason).toContain('not the last file');
  });

  it('refuses to cut an earlier file for being earlier, even when not one of its commands is complete', async () => {
    const d = setUp('middle-first', { 'appendonly.aof.1.base.aof': good, 'appendonly.aof.1.incr.aof': cut(good, 10), 'appendonly.aof.2.incr.aof': good });
    const r = await checkAof(d);
    expect(r.files[1]).toMatchObject({ okUpTo: 0, commands: 0, problems: [{ kind: 'corrupt' }] });
    expect(r.fix).toMatchObject({ action: 'refused', reason: expect.stringContaining('is not the last file of the AOF') });
  });

  it('calls a cut file that is not the last one corrupt: aof-load-truncated yes cannot start the server on it', async () => {
    // redis-server 7.0.15 cuts it on disk, then exits: "Fatal error: the truncated file is not the last file".
    const d = setUp('middle-kind', { 'appendonly.aof.1.base.aof': good, 'appendonly.aof.1.incr.aof': cut(good, 30), 'appendonly.aof.2.incr.aof': good });
    const r = await checkAof(d);
    expect(r.files[1]!.problems[0]).toMatchObject({ code: 'truncated', kind: 'corrupt' });
    expect(r.files[1]!.problems[0]!.message).toContain('not the last file');
    const last = setUp('last-kind', { 'appendonly.aof.1.base.aof': good, 'appendonly.aof.1.incr.aof': good, 'appendonly.aof.2.incr.aof': cut(good, 30) });
    expect((await checkAof(last)).files[2]!.problems[0]).toMatchObject({ code: 'truncated', kind: 'truncated' });
  });

  it('reports a listed file that is missing; history files may be missing', async () => {
    const d = join(dir, 'missing', 'appendonlydir');
    writeFiles(d, {
      'appendonly.aof.manifest': 'file gone.aof seq 1 type h\n' + manifest,
      'appendonly.aof.1.base.aof': good,
      'appendonly.aof.1.incr.aof': good,
    });
    const r = await checkAof(d);
    expect(r.problems.map((p) => [p.code, p.file.endsWith('appendonly.aof.2.incr.aof')])).toEqual([['file-missing', true]]);
    expect(r.fix.action).toBe('refused');
  });
});

describe('checkAof on a cut RESP tail after an RDB preamble', () => {
  const preamble = readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'preamble', 'all-types.aof'));

  async function rdbPart(): Promise<Buffer> {
    const r = await checkBytes(preamble);
    return preamble.subarray(0, r.files[0]!.rdbEnd!);
  }

  it.each([
    ['the first command is cut', '*1\r\n$4\r\nPI'],
    ['a MULTI opens the tail and never ends', '*1\r\n$5\r\nMULTI\r\n*1\r\n$4\r\nPING\r\n'],
  ])('warns that the server would wipe the RDB section when %s', async (_, tail) => {
    // redis-server 7.0.15 with aof-load-truncated yes truncates such a file to 0 bytes (its valid_up_to).
    const rdb = await rdbPart();
    const r = await checkBytes(Buffer.concat([rdb, Buffer.from(tail, 'latin1')]));
    expect(r.files[0]!.problems[0]).toMatchObject({ kind: 'truncated' });
    expect(r.files[0]!.problems[0]!.message).toContain('cuts the file at offset 0, deleting its RDB section');
    expect(r.fix).toMatchObject({ action: 'truncate', to: rdb.length });
  });

  it('does not warn when a command of the tail was read first (the server cuts after it)', async () => {
    const rdb = await rdbPart();
    const r = await checkBytes(Buffer.concat([rdb, Buffer.from('*1\r\n$4\r\nPING\r\n*1\r\n$4\r\nPI', 'latin1')]));
    expect(r.files[0]!.problems[0]).toMatchObject({ kind: 'truncated' });
    expect(r.files[0]!.problems[0]!.message).not.toContain('RDB section');
  });
});

describe('checkAof: what no fix may touch, and what a cut loses', () => {
  it.each([
    ['preamble/cut-rdb-middle.aof', 'rdb-truncated'],
    ['preamble/flip-checksum.aof', 'rdb-bad-checksum'],
    ['multipart/base-rdb-cut', 'rdb-truncated'],
  ])('never cuts inside an RDB section (%s): truncation cannot repair it, and would delete the keys before the damage', async (fixture, code) => {
    const r = await checkAof(join(import.meta.dirname, '..', '..', 'fixtures', 'spoiled', fixture));
    const file = r.files[0]!;
    expect(file.problems[0]).toMatchObject({ code, kind: 'corrupt' });
    expect(file).toMatchObject({ okUpTo: 0, rdbEnd: null, loss: { bytes: file.size, commands: 0, approximate: true } });
    expect(r.fix).toMatchObject({ action: 'refused', file: file.path, reason: expect.stringContaining('inside the RDB section') });
  });

  it('calls a text, an ELF header or a PNG "not an AOF" and refuses to fix it', async () => {
    for (const bytes of ['hello world\n', Buffer.from('\x7fELF\x02\x01\x01', 'latin1'), Buffer.from('\x89PNG\r\n\x1a\n', 'latin1')]) {
      const r = await checkBytes(bytes);
      expect(r).toMatchObject({ valid: false, status: 'not-aof', fix: { action: 'refused' } });
      expect(r.files[0]).toMatchObject({ format: 'unknown', loss: null, problems: [{ code: 'not-an-aof', offset: 0 }] });
    }
  });

  it('keeps a zero-filled file an AOF damaged by a crash (its fix may cut to 0)', async () => {
    const r = await checkBytes(Buffer.alloc(512));
    expect(r.status).toBe('invalid');
    expect(r.files[0]!.problems[0]!.code).toBe('bad-prefix');
  });

  it('refuses to empty a file of which not one command could be read', async () => {
    const r = await checkBytes(Buffer.concat([Buffer.from('* note\r\n'), base().build()]));
    expect(r.files[0]!.problems[0]!.code).toBe('bad-count');
    expect(r.fix).toMatchObject({ action: 'refused', reason: expect.stringContaining('not one command') });
  });

  it('counts the sound commands after mid-file damage as the loss, an estimate', async () => {
    const tail = new AofBuilder();
    for (let i = 0; i < 50; i++) tail.command('SET', `k${i}`, 'v');
    const r = await checkBytes(Buffer.concat([base().build(), Buffer.from('garbage\r\n'), tail.build()]));
    expect(r.status).toBe('invalid');
    expect(r.files[0]!.loss).toEqual({ bytes: 9 + tail.build().length, commands: 50, approximate: true });
    expect(r.fix).toMatchObject({ action: 'truncate', droppedCommands: 50, transactionCommands: 0, approximate: true, kind: 'corrupt' });
  });

  it('calls only a cut tail of the last file "truncated", with an exact loss', async () => {
    const full = base().command('MULTI').command('INCR', 'n').command('EXEC').build();
    const r = await checkBytes(cut(full, full.length - 3));
    expect(r.status).toBe('truncated');
    expect(r.files[0]!.loss).toMatchObject({ commands: 2, approximate: false });
  });

  it('calls an RDB of a newer version "unsupported" and refuses to fix it', async () => {
    const rdb = Buffer.concat([Buffer.from('REDIS0013', 'latin1'), Buffer.from([0xff]), Buffer.alloc(8)]);
    const r = await checkBytes(rdb);
    expect(r).toMatchObject({ valid: false, status: 'unsupported', fix: { action: 'refused' } });
    expect(r.files[0]!.problems[0]).toMatchObject({ kind: 'unsupported', code: 'rdb-unsupported-version' });
  });

  it('reads a VALKEY magic as an RDB (never as RESP to be cut)', async () => {
    const r = await checkBytes(Buffer.concat([Buffer.from('VALKEY099', 'latin1'), Buffer.from([0xff]), Buffer.alloc(8)]));
    expect(r.files[0]!.format).toBe('rdb');
    expect(r.status).toBe('unsupported');
    expect(r.fix.action).toBe('refused');
  });

  it('calls an empty appendonlydir valid and empty, as a fresh server starts on it', async () => {
    const empty = join(dir, 'fresh', 'appendonlydir');
    (await import('node:fs')).mkdirSync(empty, { recursive: true });
    expect(await checkAof(empty)).toMatchObject({ valid: true, status: 'empty', files: [], fix: { action: 'none' } });
    expect(await checkAof(join(dir, 'fresh'))).toMatchObject({ valid: true, status: 'empty' });
  });
});

describe('checkAof on a file that changes while being read', () => {
  it('says so (FileChangedError, exit 1) instead of judging a moving target', async () => {
    const path = join(dir, 'growing.aof');
    const b = new AofBuilder();
    for (let i = 0; i < 20000; i++) b.command('SET', `k${i}`, 'v');
    writeFiles(dir, { 'growing.aof': b.build() });
    // A server appending while aof reads: here, an append each time the walk reports progress.
    await expect(checkAof(path, { onProgress: () => appendFileSync(path, '*1\r\n$4\r\nPING\r\n') })).rejects.toBeInstanceOf(FileChangedError);
  });

  // A server's AOF rewrite replaces the files its manifest lists: one may go while aof reads it, or before.
  const multiPart = (name: string) => {
    const b = new AofBuilder();
    for (let i = 0; i < 100_000; i++) b.command('SET', `k${i}`, 'v');
    writeFiles(dir, {
      [`${name}/appendonly.aof.1.base.aof`]: b.build(),
      [`${name}/appendonly.aof.1.incr.aof`]: b.build(),
      [`${name}/appendonly.aof.manifest`]: 'file appendonly.aof.1.base.aof seq 1 type b\nfile appendonly.aof.1.incr.aof seq 1 type i\n',
    });
    return { path: join(dir, name), size: b.build().length };
  };

  it.each([
    ['while it is read', 'appendonly.aof.1.base.aof'],
    ['before it is read', 'appendonly.aof.1.incr.aof'],
  ])('says a file removed %s was removed, and that a redis-server may still be writing', async (_when, name) => {
    const { path, size } = multiPart(`removed-${name}`);
    let removed = false;
    const onProgress = () => {
      if (removed) return;
      removed = true;
      unlinkSync(join(path, name));
    };
    const r = checkAof(path, { onProgress, split: false });
    await expect(r).rejects.toBeInstanceOf(FileChangedError);
    await expect(r).rejects.toThrow(
      `${join(path, name)} was removed while being read (it had ${size} bytes): is a redis-server still writing it (its AOF rewrite replaces the files)? Stop it (or wait until it stops), then run the command again.`,
    );
  });
});
