// RESP reader cases, each read whole, byte by byte and split at every offset.
import { describe, expect, it } from 'vitest';
import { RespReader, type RespProblem } from '../../src/resp/index.js';
import { REUSED_MAX, REUSED_POSITIONS } from '../../src/resp/reused-args.js';
import { AofBuilder } from '../helpers/aof-builder.js';
import { errors, readEveryWay, readWithChunks } from '../helpers/chunking.js';

const bytes = (s: string) => Buffer.from(s, 'latin1');

describe('RespReader: valid input', () => {
  it('frames commands with offsets and check-aof line numbers', () => {
    const input = new AofBuilder().command('SELECT', '0').command('SET', 'k', 'v').build();
    expect(readEveryWay(input, { size: input.length })).toEqual([
      { kind: 'command', args: ['SELECT', '0'], argc: 2, start: 0, end: 23, line: 1 },
      { kind: 'command', args: ['SET', 'k', 'v'], argc: 3, start: 23, end: 50, line: 6 },
    ]);
  });

  it('keeps binary payloads whole, CRLF inside them included', () => {
    const value = Buffer.from([0, 13, 10, 255, 42, 13, 10]);
    const input = new AofBuilder().command('SET', 'k', value).command('PING').build();
    const events = readEveryWay(input);
    expect(events[0]).toMatchObject({ kind: 'command', args: ['SET', 'k', value.toString('latin1')] });
    expect(events[1]).toMatchObject({ kind: 'command', args: ['PING'], start: input.length - 14 });
  });

  it('reads empty arguments', () => {
    expect(readEveryWay(bytes('*2\r\n$3\r\nGET\r\n$0\r\n\r\n'))).toEqual([{ kind: 'command', args: ['GET', ''], argc: 2, start: 0, end: 19, line: 1 }]);
  });

  it('yields annotations as frames of their own, not counted as lines', () => {
    const input = new AofBuilder().annotation('TS:1700000000').command('PING').raw('#any text\n').command('PING').build();
    expect(readEveryWay(input)).toEqual([
      { kind: 'annotation', text: 'TS:1700000000', start: 0, end: 16, line: 1 },
      { kind: 'command', args: ['PING'], argc: 1, start: 16, end: 30, line: 1 },
      { kind: 'annotation', text: 'any text', start: 30, end: 40, line: 4 },
      { kind: 'command', args: ['PING'], argc: 1, start: 40, end: 54, line: 4 },
    ]);
  });

  it('accepts an annotation cut by the end of input, as the server does, with a warning', () => {
    const events = readEveryWay(bytes('*1\r\n$4\r\nPING\r\n#TS:17'));
    expect(events.slice(1)).toEqual([
      { kind: 'problem', severity: 'warning', code: 'annotation-unterminated', offset: 14, line: 4, frameStart: 14 },
      { kind: 'annotation', text: 'TS:17', start: 14, end: 20, line: 4 },
    ]);
  });

  it('hands over only keepArgs arguments but frames the whole command', () => {
    const input = new AofBuilder().command('RPUSH', 'list', 'a', 'b', 'c').build();
    expect(readEveryWay(input, { keepArgs: 2 })).toEqual([{ kind: 'command', args: ['RPUSH', 'list'], argc: 5, start: 0, end: input.length, line: 1 }]);
  });

  it('starts at a given offset and line (the RESP tail after an RDB preamble)', () => {
    const events = readWithChunks(bytes('*1\r\n$4\r\nPING\r\n'), [], { offset: 1000, line: 7 });
    expect(events).toEqual([{ kind: 'command', args: ['PING'], argc: 1, start: 1000, end: 1014, line: 7 }]);
  });
});

describe('RespReader: what the server rejects', () => {
  it.each([
    ['*0\r\n', 'bad-count'],
    ['*-1\r\n', 'bad-count'],
    ['*\r\n', 'bad-count'],
    ['*abc\r\n', 'bad-count'],
    ['*\u0000\r\n', 'bad-count'],
    ['*9223372036854775807\r\n', 'bad-count'], // atoi() truncates LONG_MAX to -1
  ])('%j is a bad count (argc < 1)', (text, code) => {
    const events = readEveryWay(bytes(`*1\r\n$4\r\nPING\r\n${text}*1\r\n$4\r\nPING\r\n`));
    expect(errors(events)).toEqual([{ kind: 'problem', severity: 'error', code, offset: 14, line: 4, frameStart: 14 }]);
  });

  it('reports a line that starts with neither * nor # (zero padding after a power loss)', () => {
    const input = Buffer.concat([bytes('*1\r\n$4\r\nPING\r\n'), Buffer.alloc(20)]);
    expect(errors(readEveryWay(input))).toEqual([{ kind: 'problem', severity: 'error', code: 'bad-prefix', offset: 14, line: 4, frameStart: 14 }]);
  });

  it('reads a count past INT_MAX as atoi does (its low 32 bits), with a warning', () => {
    // 4294967298 = 2^32 + 2: redis-server 7.x loads this as a 2-argument command.
    const events = readEveryWay(bytes('*4294967298\r\n$3\r\nGET\r\n$1\r\nk\r\n*1\r\n$4\r\nPING\r\n'));
    expect(events).toEqual([
      { kind: 'problem', severity: 'warning', code: 'count-wrapped', offset: 0, line: 1, frameStart: 0 },
      { kind: 'command', args: ['GET', 'k'], argc: 2, start: 0, end: 29, line: 1 },
      { kind: 'command', args: ['PING'], argc: 1, start: 29, end: 43, line: 6 },
    ]);
  });

  it.each([['*4294967296'], ['*2147483648'], ['*-2147483647']])('refuses count %s, which atoi turns into less than 1', (count) => {
    expect(errors(readEveryWay(bytes(`${count}\r\n$4\r\nPING\r\n`)))).toEqual([
      { kind: 'problem', severity: 'error', code: 'bad-count', offset: 0, line: 1, frameStart: 0 },
    ]);
  });

  it('frames a huge valid count without sizing anything from it: it ends as a cut command', () => {
    const events = readEveryWay(bytes('*2147483647\r\n$4\r\nPING\r\n'), { size: 23 });
    expect(errors(events)).toEqual([{ kind: 'problem', severity: 'error', code: 'truncated', offset: 23, line: 4, frameStart: 0 }]);
  });

  it('reports an argument line that does not start with $', () => {
    expect(errors(readEveryWay(bytes('*2\r\n$3\r\nGET\r\n:5\r\n')))).toEqual([
      { kind: 'problem', severity: 'error', code: 'bad-arg-prefix', offset: 13, line: 4, frameStart: 0 },
    ]);
  });

  it('fails an LF-only file where the server does: the skipped "CRLF" misaligns the next header', () => {
    const events = readEveryWay(bytes('*2\n$3\nGET\n$1\nk\n'));
    expect(events[0]).toMatchObject({ severity: 'warning', code: 'count-not-canonical' });
    expect(errors(events)).toEqual([{ kind: 'problem', severity: 'error', code: 'bad-arg-prefix', offset: 11, line: 4, frameStart: 0 }]);
  });

  it.each([['$-1'], ['$-5'], ['$99999999999999999999999']])('reports length %s as bad (the server crashes)', (len) => {
    // Line 5, like redis-check-aof: the header line was consumed before its number was judged.
    expect(errors(readEveryWay(bytes(`*2\r\n$3\r\nGET\r\n${len}\r\nk\r\n`)))).toEqual([
      { kind: 'problem', severity: 'error', code: 'bad-length', offset: 13, line: 5, frameStart: 0 },
    ]);
  });

  it('reports a length larger than the file at once, without waiting for or allocating the bytes', () => {
    // 2 TB: redis-server 7.0.15 allocates it, reads short and (aof-load-truncated yes) cuts there.
    const input = bytes('*2\r\n$3\r\nGET\r\n$2000000000000\r\nk\r\n');
    expect(errors(readEveryWay(input, { size: input.length }))).toEqual([
      { kind: 'problem', severity: 'error', code: 'bulk-beyond-eof', offset: 29, line: 5, frameStart: 0 },
    ]);
  });

  it.each([['$9223372036854775807'], ['$90000000000000']])('reports length %s as corrupt: the server cannot allocate it and aborts', (len) => {
    // Seen with 7.0.15 on x86-64 Linux: "Out Of Memory allocating", then a crash, aof-load-truncated or not.
    const input = bytes(`*2\r\n$3\r\nGET\r\n${len}\r\nk\r\n`);
    for (const size of [input.length, undefined]) {
      const problems: RespProblem[] = [];
      const reader = new RespReader({ command: () => undefined, problem: (p) => problems.push(p) }, { size });
      reader.feed(input);
      reader.end();
      expect(problems).toMatchObject([{ severity: 'error', code: 'bad-length', kind: 'corrupt', offset: 13, line: 5, frameStart: 0 }]);
      // The message quotes the length as written, not rounded to a double.
      expect(problems[0]!.message).toContain(`declares ${len.slice(1)} bytes`);
    }
    expect(errors(readEveryWay(input, { size: input.length }))).toEqual([
      { kind: 'problem', severity: 'error', code: 'bad-length', offset: 13, line: 5, frameStart: 0 },
    ]);
  });

  it('reports a length past the end as truncated when the size is unknown (a stream)', () => {
    const input = bytes('*2\r\n$3\r\nGET\r\n$2000\r\nk\r\n');
    expect(errors(readEveryWay(input))).toEqual([{ kind: 'problem', severity: 'error', code: 'truncated', offset: 20, line: 5, frameStart: 0 }]);
  });

  it("reads `*` then NUL bytes cut by the end of input as a truncation (the loader's readerr at EOF)", () => {
    expect(errors(readEveryWay(bytes('*1\r\n$4\r\nPING\r\n*\0\0\0')))).toEqual([
      { kind: 'problem', severity: 'error', code: 'truncated', offset: 14, line: 4, frameStart: 14 },
    ]);
    // With a line ending after them it is a read error the server refuses whatever aof-load-truncated says.
    expect(errors(readEveryWay(bytes('*1\r\n$4\r\nPING\r\n*\0\0\r\n*1\r\n$4\r\nPING\r\n')))).toMatchObject([{ code: 'bad-count' }]);
  });

  it('reads `*` alone at the end of input as a truncation', () => {
    expect(errors(readEveryWay(bytes('*1\r\n$4\r\nPING\r\n*')))).toEqual([
      { kind: 'problem', severity: 'error', code: 'truncated', offset: 14, line: 4, frameStart: 14 },
    ]);
  });

  it('splits a header longer than 1023 bytes the way fgets(buf, 1024) does', () => {
    // 1022 spaces after '*' fill the buffer; the rest ("1\r\n") is read as the next line, which is no '$' line.
    const input = bytes(`*${' '.repeat(1022)}1\r\n$4\r\nPING\r\n`);
    const events = readWithChunks(input, [500, 1023, 1024]);
    expect(errors(events)).toEqual([{ kind: 'problem', severity: 'error', code: 'bad-count', offset: 0, line: 1, frameStart: 0 }]);
  });

  it('ends an annotation after 1023 bytes like the server, so its rest must look like a new line', () => {
    const input = bytes(`#${'x'.repeat(1030)}\r\n*1\r\n$4\r\nPING\r\n`);
    const events = readWithChunks(input, [100, 1023, 1024]);
    expect(events[0]).toMatchObject({ kind: 'annotation', start: 0, end: 1023 });
    expect(errors(events)).toEqual([{ kind: 'problem', severity: 'error', code: 'bad-prefix', offset: 1023, line: 1, frameStart: 1023 }]);
  });
});

describe('RespReader: what the server accepts but redis-check-aof rejects (warnings)', () => {
  it('reads junk after a count like atoi() and warns', () => {
    const events = readEveryWay(bytes('*1abc\r\n$4\r\nPING\r\n'));
    expect(events).toEqual([
      { kind: 'problem', severity: 'warning', code: 'count-not-canonical', offset: 0, line: 1, frameStart: 0 },
      { kind: 'command', args: ['PING'], argc: 1, start: 0, end: 17, line: 1 },
    ]);
  });

  it('reads a non-numeric length as 0 like strtol() and warns', () => {
    const events = readEveryWay(bytes('*2\r\n$3\r\nGET\r\n$abc\r\n\r\n'));
    expect(events).toEqual([
      { kind: 'problem', severity: 'warning', code: 'length-not-canonical', offset: 13, line: 4, frameStart: 0 },
      { kind: 'command', args: ['GET', ''], argc: 2, start: 0, end: 21, line: 1 },
    ]);
  });

  it('skips the two bytes after a bulk unchecked and warns when they are not CRLF', () => {
    const events = readEveryWay(bytes('*2\r\n$3\r\nGET\r\n$1\r\nkXY*1\r\n$4\r\nPING\r\n'));
    expect(events).toEqual([
      { kind: 'problem', severity: 'warning', code: 'bulk-crlf-missing', offset: 18, line: 5, frameStart: 0 },
      { kind: 'command', args: ['GET', 'k'], argc: 2, start: 0, end: 20, line: 1 },
      { kind: 'command', args: ['PING'], argc: 1, start: 20, end: 34, line: 6 },
    ]);
  });
});

describe('RespReader: truncation', () => {
  it('reports a cut anywhere inside a command as truncated at that command', () => {
    const b = new AofBuilder().command('SET', 'key', 'value').command('INCR', 'counter');
    const input = b.build();
    for (let cutAt = 0; cutAt <= input.length; cutAt++) {
      const cutInput = input.subarray(0, cutAt);
      const events = readWithChunks(cutInput, [Math.floor(cutAt / 2)], { size: cutAt });
      const errs = errors(events);
      const lastBoundary = Math.max(...[...b.boundaries, input.length].filter((x) => x <= cutAt));
      if (lastBoundary === cutAt) {
        expect(errs, `cut at ${cutAt}`).toEqual([]);
      } else {
        expect(errs).toHaveLength(1);
        expect(errs[0], `cut at ${cutAt}`).toMatchObject({ frameStart: lastBoundary });
        expect(['truncated', 'bulk-beyond-eof']).toContain((errs[0] as { code: string }).code);
      }
    }
  });

  it('stops after an error: later bytes are ignored and feed() says so', () => {
    const seen: string[] = [];
    const reader = new RespReader({ command: () => seen.push('command'), problem: (p) => seen.push(p.code) });
    expect(reader.feed(bytes('x*1\r\n$4\r\nPING\r\n'))).toBe(false);
    expect(reader.feed(bytes('*1\r\n$4\r\nPING\r\n'))).toBe(false);
    reader.end();
    expect(seen).toEqual(['bad-prefix']);
    expect(reader.stopped).toBe(true);
  });
});

describe('RespReader: stop() from a problem handler', () => {
  it.each([
    ['a count with junk', '*3\r\x00\x00*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n'],
    ['a length with junk', '*1\r\n$4x\r\nPING\r\n*1\r\n$4\r\nPING\r\n'],
    ['a bulk without its CRLF', '*1\r\n$4\r\nPINGxx*1\r\n$4\r\nPING\r\n'],
  ])('halts at once on a warning about %s: no frame of it is handed over', (_, input) => {
    const seen: string[] = [];
    const reader = new RespReader({
      command: (f) => seen.push(`command@${f.start}`),
      problem(p) {
        seen.push(p.code);
        reader.stop();
      },
    });
    expect(reader.feed(bytes(input))).toBe(false);
    expect(reader.stopped).toBe(true);
    expect(seen).toHaveLength(1);
  });
});

/** The commands encoded and read with reuseArgs: each command's args (as handed over) and their text then. */
function readReused(commands: string[][]): { args: Buffer[]; text: string[] }[] {
  const input = Buffer.from(commands.map((c) => `*${c.length}\r\n${c.map((a) => `$${a.length}\r\n${a}\r\n`).join('')}`).join(''));
  const seen: { args: Buffer[]; text: string[] }[] = [];
  const reader = new RespReader(
    { command: (f) => seen.push({ args: f.args, text: f.args.map((a) => a.toString('latin1')) }), annotation: () => undefined, problem: () => undefined },
    { reuseArgs: true },
  );
  reader.feed(input);
  reader.end();
  return seen;
}

describe('RespReader: reused arguments', () => {
  it('hands one Buffer per argument position and length from command to command, and views past REUSED_MAX', () => {
    const long = 'x'.repeat(REUSED_MAX + 1);
    const commands = [
      ['SET', 'k1', 'v1'],
      ['SET', 'k2', 'v2'],
      ['SET', 'k3', long],
    ];
    const seen = readReused(commands);
    expect(seen.map((s) => s.text)).toEqual(commands);
    // The same Buffers for k1 and k2, now holding k3's key; the long value is a view of its own.
    expect(seen[1]!.args[1]).toBe(seen[0]!.args[1]);
    expect(seen[1]!.args[2]).toBe(seen[0]!.args[2]);
    expect(seen[0]!.args[1]!.toString()).toBe('k3');
    expect(seen[2]!.args[2]).not.toBe(seen[1]!.args[2]);
  });

  it('reuses Buffers for the first REUSED_POSITIONS arguments only: a DEL of many keys keeps none past them', () => {
    const many = (tag: string) => ['DEL', ...Array.from({ length: REUSED_POSITIONS + 2 }, (_, i) => `${tag}${String(i).padStart(4, '0')}`)];
    const commands = [many('a'), many('b')];
    const seen = readReused(commands);
    expect(seen.map((s) => s.text)).toEqual(commands);
    const last = REUSED_POSITIONS + 1;
    expect(seen[1]!.args[REUSED_POSITIONS - 1]).toBe(seen[0]!.args[REUSED_POSITIONS - 1]);
    expect(seen[1]!.args[last]).not.toBe(seen[0]!.args[last]);
    expect(seen[0]!.args[last]!.toString()).toBe(commands[0]![last]);
  });
});
