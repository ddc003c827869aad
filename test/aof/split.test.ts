// A check read in two segments (the second on another thread, replayed) says exactly what one pass says, wherever it splits.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findFrameStart } from '../../src/aof/split/frame-start.js';
import { checkAof, type CheckOptions } from '../../src/ops/check.js';
import { AofBuilder, cut, flip, insert } from '../helpers/aof-builder.js';
import { tempDir } from '../helpers/tmp.js';
import { mutate, prng } from '../fuzz/mutate.js';

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures');
const dir = tempDir();

/** Every command kind the verdict treats apart: transactions, SELECT, judge warnings and refusals, annotations. */
function eventful(): Buffer {
  const b = new AofBuilder().command('SELECT', '0').command('SET', 'a', '1').annotation('TS:1700000000');
  b.command('MULTI').command('INCR', 'n').command('SET', 'b', '2').command('EXEC');
  b.command('SELECT', '3').command('HSET', 'h', 'f', 'v').command('GET', 'a', 'extra');
  b.command('MULTI').command('MULTI').command('SET', 'c', '3').command('EXEC').command('EXEC');
  b.command('JSON.SET', 'j', '$', '1').command('CONFIG', 'SET', 'x', 'y').command('SELECT', 'zz');
  for (let i = 0; i < 20; i++) b.command('RPUSH', 'l', `v${i}`).command('SELECT', String(i % 16));
  b.raw('*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$2\r\nabXY'); // a bulk without its CRLF: a warning, a suspect command
  b.command('DEL', 'k').command('DEL', 'k2').command('MULTI').command('SET', 'd', '4').command('SET', 'e', '5').command('INCR', 'n');
  return b.build();
}

/**
 * A transaction per command, as an AOF of scripts is (folded in a segment's log), with everything that must
 * unfold them: an empty one, SELECT and an annotation inside, nested MULTIs (after a SELECT too), an EXEC without MULTI, a MULTI
 * with an argument, a suspect command inside, lower case, and one left open at the end.
 */
function transactional(): Buffer {
  const b = new AofBuilder().command('SET', 'a', '1');
  const tx = (...inner: string[][]) => {
    b.command('MULTI');
    for (const c of inner) b.command(...c);
    b.command('EXEC');
  };
  for (let i = 0; i < 12; i++) tx(['SET', `k${i}`, 'v'], ['INCR', 'n']);
  tx();
  tx(['SELECT', '2'], ['SET', 'x', '1']);
  b.command('MULTI').command('SET', 'y', '1').annotation('TS:1700000000').command('EXEC');
  for (let i = 0; i < 5; i++) tx(['RPUSH', 'l', `${i}`]);
  b.command('MULTI').command('MULTI').command('SET', 'z', '1').command('EXEC').command('EXEC');
  b.command('MULTI').command('SELECT', '1').command('MULTI').command('SET', 'w', '1').command('EXEC').command('EXEC');
  for (let i = 0; i < 5; i++) tx(['SADD', 's', `${i}`]);
  b.command('MULTI', 'extra');
  b.command('multi').command('set', 'lower', '1').command('exec');
  b.command('MULTI').raw('*3\r\n$3\r\nSET\r\n$1\r\nq\r\n$2\r\nabXY').command('EXEC');
  for (let i = 0; i < 5; i++) tx(['HSET', 'h', `f${i}`, 'v']);
  b.command('MULTI').command('SET', 'open', '1');
  return b.build();
}

/** The files each test splits: server-written fixtures, the eventful file, and damaged versions of both. */
function inputs(): Array<{ label: string; bytes: Buffer<ArrayBufferLike> }> {
  const files: Array<{ label: string; bytes: Buffer<ArrayBufferLike> }> = [
    'resp/small.aof',
    'resp/timestamps-incr.aof',
    'preamble/small.aof',
    'preamble/timestamps.aof',
  ].map((f) => ({
    label: f,
    bytes: readFileSync(join(FIXTURES, f)),
  }));
  const e = eventful();
  files.push({ label: 'eventful', bytes: e });
  files.push({ label: 'eventful, cut', bytes: cut(e, e.length - 7) });
  files.push({ label: 'eventful, unknown command', bytes: insert(e, e.indexOf('*2\r\n$4\r\nHSET') + 0, '*1\r\n$4\r\nNOPE\r\n') });
  files.push({ label: 'eventful, bad prefix', bytes: flip(e, e.indexOf('*2\r\n$3\r\nDEL'), 0x3f) });
  // Damage right after plain commands that follow a suspect one: the cut must not go back to the suspect.
  files.push({ label: 'eventful, damage after a suspect', bytes: flip(e, e.indexOf('*1\r\n$5\r\nMULTI', e.indexOf('DEL')), 0x3f) });
  const t = transactional();
  files.push({ label: 'transactional', bytes: t });
  files.push({ label: 'transactional, cut', bytes: cut(t, t.length - 30) });
  // Ending on whole transactions: the last event replayed is a folded one.
  files.push({ label: 'transactional, whole', bytes: t.subarray(0, t.lastIndexOf('*1\r\n$5\r\nMULTI')) });
  const rng = prng(20261206);
  for (let i = 0; i < 12; i++) {
    const m = mutate(e, rng);
    files.push({ label: `eventful, ${m.label}`, bytes: m.bytes });
    const n = mutate(t, rng);
    files.push({ label: `transactional, ${n.label}`, bytes: n.bytes });
  }
  return files;
}

async function verdicts(path: string, options: CheckOptions) {
  const r = await checkAof(path, options);
  return JSON.parse(JSON.stringify(r)) as unknown;
}

describe('check read in two segments', () => {
  const cases = inputs();
  it.each(cases.map((c, i) => [c.label, i] as const))('%s: the same report as one pass, split anywhere', async (_label, i) => {
    const { bytes } = cases[i]!;
    const path = join(dir, `case-${i}.aof`);
    writeFileSync(path, bytes);
    const one = await verdicts(path, { split: false });
    // Every offset for small files; a spread of them for larger ones.
    const step = Math.max(1, Math.floor(bytes.length / 400));
    for (let near = 0; near < bytes.length; near += step) {
      for (const maxEvents of [1_000_000, 2]) {
        const two = await verdicts(path, { split: { minBytes: 0, near, maxEvents } });
        expect(two, `split near ${near}, at most ${maxEvents} events`).toEqual(one);
      }
    }
  });

  it('splits only at a frame start: a look-alike inside a value is not taken for one', async () => {
    const inner = Buffer.from('\r\n*2\r\n$3\r\nGET\r\n$1\r\nx\r\n');
    const bytes = new AofBuilder().command('SET', 'a', inner).command('SET', 'b', inner).command('MULTI').command('SET', 'c', '1').build();
    const path = join(dir, 'look-alike.aof');
    writeFileSync(path, bytes);
    const one = await verdicts(path, { split: false });
    expect(one).toMatchObject({ valid: false, files: [{ commands: 4 }] });
    for (let near = 0; near < bytes.length; near++) expect(await verdicts(path, { split: { minBytes: 0, near } })).toEqual(one);
  });

  it('reads in one pass a file the split point lies past (a place chosen for a larger file of the layout)', async () => {
    const bytes = eventful();
    const path = join(dir, 'short.aof');
    writeFileSync(path, bytes);
    const one = await verdicts(path, { split: false });
    for (const near of [bytes.length, bytes.length + 1, bytes.length * 50]) expect(await verdicts(path, { split: { minBytes: 0, near } })).toEqual(one);
    expect(await findFrameStart(path, bytes.length + 10, bytes.length)).toBeNull();
  });
});
