// A segment's log replayed into a verdict leaves it as reading the frames there would: state, counts, cut points.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NameInterner } from '../../src/aof/names.js';
import { readSegment } from '../../src/aof/split/read-segment.js';
import { SegmentRecorder, replaySegment } from '../../src/aof/split/segment-log.js';
import { argsNeeded, FileVerdict } from '../../src/aof/verdict/file-verdict.js';
import { CommandJudge } from '../../src/aof/verdict/judge.js';
import { RespReader, type FrameHandler } from '../../src/resp/index.js';
import { AofBuilder } from '../helpers/aof-builder.js';
import { tempDir } from '../helpers/tmp.js';

const JUDGE = { allowUnknownCommands: false, target: null };
const file = { path: 'x.aof', role: 'single', rdb: false, size: 1 } as never;

/** Reads bytes with a handler that also learns each command's name, as the walk's readers do. */
function read(bytes: Buffer, handler: (name: () => string) => FrameHandler): RespReader {
  const names = new NameInterner();
  const judge = new CommandJudge('x.aof', JUDGE);
  let name = '';
  const reader = new RespReader(
    handler(() => name),
    {
      size: bytes.length,
      keepArgs: (source, start, end) => argsNeeded((name = names.intern(source, start, end)), judge),
    },
  );
  reader.feed(bytes);
  reader.end();
  return reader;
}

function state(v: FileVerdict, line: number) {
  return { db: v.db, inMulti: v.inMulti, transaction: v.transaction, result: v.finish(line) };
}

/** The verdict after the commands directly, and after their log replayed. */
function both(bytes: Buffer) {
  const direct = new FileVerdict(file, true, new CommandJudge('x.aof', JUDGE));
  const r1 = read(bytes, (name) => ({
    command: (f) => void direct.command(f, name()),
    annotation: (f) => direct.annotation(f),
    problem: (p) => direct.respProblem(p),
  }));
  const recorder = new SegmentRecorder(0, new CommandJudge('x.aof', JUDGE), 1_000_000);
  const r2 = read(bytes, (name) => ({
    command: (f) => void recorder.command(f, name()),
    annotation: (f) => recorder.annotation(f.start, f.end, f.line),
    problem: (p) => recorder.problem(p),
  }));
  const replayed = new FileVerdict(file, true, new CommandJudge('x.aof', JUDGE));
  const log = recorder.finish(r2.lineNumber);
  replaySegment(log, replayed, 0);
  return { direct: state(direct, r1.lineNumber), replayed: state(replayed, log.endLine), log };
}

describe('replaySegment', () => {
  it('keeps the database a SELECT moves to, and the transaction state', () => {
    const bytes = new AofBuilder().command('SET', 'a', '1').command('SELECT', '5').command('SET', 'b', '2').command('MULTI').command('INCR', 'n').build();
    const { direct, replayed, log } = both(bytes);
    expect(direct).toMatchObject({ db: 5, inMulti: true });
    expect(replayed).toEqual(direct);
    // SET a, then SELECT and MULTI whole, and the runs between them.
    expect(log.count).toBe(5);
  });

  it('counts a run of plain commands as one event, inside a transaction too', () => {
    const b = new AofBuilder().command('MULTI');
    for (let i = 0; i < 50; i++) b.command('SET', `k${i}`, 'v');
    const { direct, replayed, log } = both(b.build());
    expect(direct.result).toMatchObject({ commands: 51, transactionCommands: 51 });
    expect(replayed).toEqual(direct);
    expect(log.count).toBe(2);
  });

  it('folds whole transactions into one event once an EXEC told that none is open, and leaves what one pass leaves', () => {
    const b = new AofBuilder().command('EXEC');
    for (let i = 0; i < 40; i++) b.command('MULTI').command('SET', `k${i}`, 'v').command('INCR', 'n').command('EXEC');
    const { direct, replayed, log } = both(b.build());
    expect(direct.result).toMatchObject({ commands: 161, transactions: 40, okUpTo: b.build().length });
    expect(replayed).toEqual(direct);
    // The stray EXEC whole, then one event for the 40 transactions.
    expect(log.count).toBe(2);
  });

  it('logs a folded transaction as it came when something else comes inside it, in file order', () => {
    const bytes = new AofBuilder().command('EXEC').command('MULTI').command('SET', 'a', '1').annotation('TS:1').command('EXEC').build();
    const { direct, replayed, log } = both(bytes);
    expect(replayed).toEqual(direct);
    const kinds = Array.from({ length: log.count }, (_, i) => log.events[i * 5]);
    // EXEC, MULTI (COMMAND), SET (RUN), the annotation, EXEC.
    expect(kinds).toEqual([1, 1, 0, 2, 1]);
  });
});

describe('readSegment', () => {
  const dir = tempDir();

  it('stops at a command the server refuses, as one pass does', async () => {
    const b = new AofBuilder().command('SET', 'a', '1').command('NOPE').command('SET', 'b', '2').command('SET', 'c', '3');
    const bytes = b.build();
    const path = join(dir, 'refused.aof');
    writeFileSync(path, bytes);
    const log = await readSegment({ path, from: 0, size: bytes.length, judge: JUDGE, maxEvents: 100 }, () => undefined);
    expect(log.count).toBe(2);
    // The line after NOPE (`*1`, `$4`, its CRLF), not the end of the file.
    expect(log.endLine).toBe(11);
    expect(log.cutAt).toBeNull();
  });

  it('stops at a frame boundary when the log is full, and says where', async () => {
    const b = new AofBuilder().command('MULTI').command('EXEC').command('MULTI').command('EXEC');
    const bytes = b.build();
    const path = join(dir, 'full.aof');
    writeFileSync(path, bytes);
    const log = await readSegment({ path, from: 0, size: bytes.length, judge: JUDGE, maxEvents: 2 }, () => undefined);
    expect({ count: log.count, cutAt: log.cutAt, endLine: log.endLine }).toEqual({ count: 2, cutAt: b.boundaries[2], endLine: 7 });
  });
});
