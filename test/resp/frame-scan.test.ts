// The reader's WebAssembly fast path: the committed module, windows, and readers that interleave.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { encodeCommand, RespReader, type CommandFrame } from '../../src/resp/index.js';
import { frameScan, SCAN_MEMORY_BYTES } from '../../src/resp/frame-scan.js';
import { FRAME_SCAN_WASM } from '../../src/resp/frame-scan-wasm.js';
import { readWithChunks } from '../helpers/chunking.js';

interface Seen {
  args: string[];
  argc: number;
  start: number;
  end: number;
  line: number;
}

/** Arguments as length and digest: a 700 KB argument stays out of any diff. */
const digest = (b: Buffer) => `${b.length}:${createHash('sha1').update(b).digest('hex').slice(0, 12)}`;

/** What one pass must hand over for these commands, worked out from their encodings alone. */
function expected(commands: Buffer[][]): Seen[] {
  let start = 0;
  let line = 1;
  return commands.map((c) => {
    const end = start + encodeCommand(c).length;
    const seen = { args: c.map(digest), argc: c.length, start, end, line };
    start = end;
    line += 1 + 2 * c.length;
    return seen;
  });
}

function collect(into: Seen[]): (f: CommandFrame) => void {
  return (f) => into.push({ args: f.args.map(digest), argc: f.argc, start: f.start, end: f.end, line: f.line });
}

const noProblems = (p: unknown) => {
  throw new Error(`unexpected problem ${JSON.stringify(p)}`);
};

describe('frame scan', () => {
  it('is the module frame-scan.wat assembles to', () => {
    expect(() => execFileSync(process.execPath, ['scripts/frame-scan-wasm.mjs', '--check'], { stdio: 'pipe' })).not.toThrow();
  });

  it('declares its whole memory up front: growing it would detach an ArrayBuffer, which deoptimizes every typed-array function', () => {
    const wasm = globalThis as unknown as {
      WebAssembly: { Module: new (b: Buffer) => object; Instance: new (m: object) => { exports: { memory: { buffer: ArrayBuffer } } } };
    };
    const { Module, Instance } = wasm.WebAssembly;
    const memory = new Instance(new Module(Buffer.from(FRAME_SCAN_WASM, 'base64'))).exports.memory;
    expect(memory.buffer.byteLength).toBeGreaterThanOrEqual(SCAN_MEMORY_BYTES);
    // The reader's scanner takes it as it is, and keeps it through scans.
    const scan = frameScan()!;
    const buffer = scan.records.buffer;
    const chunk = Buffer.concat(Array.from({ length: 40_000 }, (_, i) => encodeCommand([Buffer.from('SET'), Buffer.from(`k${i}`), Buffer.alloc(30, 1)])));
    const reader = new RespReader({ command: () => undefined, problem: noProblems });
    reader.feed(chunk);
    reader.end();
    expect(scan.records.buffer).toBe(buffer);
  });

  it('frames a chunk larger than its window, commands across window edges included, as the commands were written', () => {
    const big = (n: number, seed: number) => Buffer.alloc(n, seed);
    const commands: Buffer[][] = [];
    for (let i = 0; i < 9000; i++) commands.push([Buffer.from('SET'), Buffer.from(`key:${i}`), Buffer.from(`value ${i}`)]);
    commands.push([Buffer.from('SET'), Buffer.from('large'), big(700_000, 1)]);
    for (let i = 0; i < 3000; i++) commands.push([Buffer.from('RPUSH'), Buffer.from('l'), ...Array.from({ length: 40 }, (_, k) => Buffer.from(`${i}.${k}`))]);
    commands.push([Buffer.from('SET'), Buffer.from('larger than a window'), big(1_500_000, 2)]);
    for (let i = 0; i < 5000; i++) commands.push([Buffer.from('INCR'), Buffer.from(`n${i % 7}`)]);
    const input = Buffer.concat(commands.map(encodeCommand));
    expect(input.length).toBeGreaterThan(3 << 20);
    const want = expected(commands);
    for (const pieces of [[input], [input.subarray(0, 1_234_567), input.subarray(1_234_567)]]) {
      const seen: Seen[] = [];
      const reader = new RespReader({ command: collect(seen), annotation: () => undefined, problem: noProblems });
      for (const piece of pieces) reader.feed(Buffer.from(piece));
      reader.end();
      expect(seen.length).toBe(want.length);
      expect(seen).toEqual(want);
    }
  });

  it('hands over every command of a chunk when a handler feeds another reader meanwhile (its scan replaces the records)', () => {
    const outer = Array.from({ length: 50 }, (_, i) => [Buffer.from('SET'), Buffer.from(`k${i}`), Buffer.from(`v${i}`)]);
    const inner = Array.from({ length: 30 }, (_, i) => [Buffer.from('DEL'), Buffer.from(`x${i}`)]);
    const innerSeen: Seen[] = [];
    const outerSeen: Seen[] = [];
    const record = collect(outerSeen);
    const reader = new RespReader(
      {
        command: (f) => {
          record(f);
          if (outerSeen.length % 10 === 1) {
            const nested = new RespReader({ command: collect(innerSeen), annotation: () => undefined, problem: noProblems });
            nested.feed(Buffer.concat(inner.map(encodeCommand)));
            nested.end();
          }
        },
        annotation: () => undefined,
        problem: noProblems,
      },
      { keepArgs: 3 },
    );
    reader.feed(Buffer.concat(outer.map(encodeCommand)));
    reader.end();
    expect(outerSeen).toEqual(expected(outer));
    expect(innerSeen).toEqual(Array.from({ length: 5 }, () => expected(inner)).flat());
  });

  it('hands over nothing after a handler stops the reader, though the chunk holds more commands', () => {
    const commands = Array.from({ length: 20 }, (_, i) => [Buffer.from('SET'), Buffer.from(`k${i}`), Buffer.from('v')]);
    const seen: Seen[] = [];
    const record = collect(seen);
    const reader: RespReader = new RespReader({
      command: (f) => {
        record(f);
        if (seen.length === 2) reader.stop();
      },
      annotation: () => undefined,
      problem: noProblems,
    });
    expect(reader.feed(Buffer.concat(commands.map(encodeCommand)))).toBe(false);
    expect(seen).toEqual(expected(commands).slice(0, 2));
  });

  it('asks keepArgs again whenever a name differs from the one before it, in length or in any byte', () => {
    // Short names are compared 8 bytes at a time, longer ones byte by byte: a difference at either end of each.
    const names = ['SET', 'SET', 'DEL', 'DEL', 'DEK', 'SET', 'set', 'SETX', 'SETX', 'SET', 'XET', 'SEX', 'SET', 'SUBSCRIB', 'SUBSCRIB', 'SUBSCRIC', 'XUBSCRIC'];
    names.push('ZRANGESTORE', 'ZRANGESTORE', 'ZRANGESTORF', 'YRANGESTORF', 'YRANGESTORF', 'ZRANGESTORE');
    const commands = names.map((n, i) => [Buffer.from(n), Buffer.from(`k${i}`), Buffer.from(`v${i}`)]);
    const keep = (n: string) => (n === 'SET' || n === 'ZRANGESTORE' ? 2 : n === 'DEL' || n === 'SUBSCRIB' ? 3 : 1);
    const asked: string[] = [];
    const seen: Seen[] = [];
    const reader = new RespReader(
      { command: collect(seen), annotation: () => undefined, problem: noProblems },
      {
        keepArgs: (source, start, end) => {
          const name = source.toString('latin1', start, end);
          asked.push(name);
          return keep(name);
        },
      },
    );
    reader.feed(Buffer.concat(commands.map(encodeCommand)));
    reader.end();
    expect(seen).toEqual(expected(commands).map((e, i) => ({ ...e, args: e.args.slice(0, keep(names[i]!)) })));
    expect(asked).toEqual(names.filter((n, i) => n !== names[i - 1]));
  });

  describe('repeats', () => {
    const cmd = (...args: string[]) => args.map((a) => Buffer.from(a));
    const commands = [
      cmd('SET', 'a', '1'),
      ...Array.from({ length: 40 }, (_, i) => cmd('SET', `k${i}`, `${i}`)),
      cmd('SET', 'b', '2', 'EX', '10'),
      cmd('SET', 'c', '3', 'EX', '10'),
      cmd('INCR', 'n'),
      ...Array.from({ length: 9 }, () => cmd('INCR', 'n')),
      cmd('incr', 'n'),
      cmd('GET', 'x'),
    ];
    const input = Buffer.concat(commands.map(encodeCommand));
    const want = expected(commands);

    function read(take: boolean, keep = 0) {
      const seen: Seen[] = [];
      const offers: [number, number][] = [];
      const record = collect(seen);
      const reader = new RespReader(
        {
          command: record,
          repeats: (count, end) => {
            offers.push([count, end]);
            return take;
          },
          problem: noProblems,
        },
        { keepArgs: keep },
      );
      reader.feed(input);
      reader.end();
      return { seen, offers, line: reader.lineNumber, offset: reader.offset };
    }

    it('offers the commands after one that repeat its name and argc, and hands over the rest', () => {
      const { seen, offers, line, offset } = read(true);
      const firsts = [0, 41, 43, 53, 54];
      expect(seen).toEqual(firsts.map((i) => ({ ...want[i]!, args: [] })));
      expect(offers).toEqual([
        [40, want[40]!.end],
        [1, want[42]!.end],
        [9, want[52]!.end],
      ]);
      expect([line, offset]).toEqual([want.at(-1)!.line + 5, input.length]);
    });

    it('hands each over when the offer is declined, offering each run once', () => {
      const { seen, offers, line } = read(false);
      expect(seen).toEqual(want.map((w) => ({ ...w, args: [] })));
      expect(offers).toHaveLength(3);
      expect(line).toBe(want.at(-1)!.line + 5);
    });

    it('offers nothing when arguments are kept', () => {
      const { seen, offers } = read(true, 1);
      expect(offers).toEqual([]);
      expect(seen).toEqual(want.map((w, i) => ({ ...w, args: [digest(commands[i]![0]!)] })));
    });
  });

  it('leaves to the state machine what it does not frame: leading zeros, ten digits, *0 (each read as the loader reads it)', () => {
    const input = Buffer.from('*2\r\n$3\r\nGET\r\n$0000000001\r\na\r\n*02\r\n$3\r\nGET\r\n$01\r\nb\r\n*1\r\n$4\r\nPING\r\n', 'latin1');
    expect(readWithChunks(input, []).map((e) => (e.kind === 'command' ? [e.args, e.start, e.end, e.line] : e))).toEqual([
      [['GET', 'a'], 0, 29, 1],
      [['GET', 'b'], 29, 51, 6],
      [['PING'], 51, 65, 11],
    ]);
  });
});
