// Fitting text and tables to a width: hanging indents, broken paths, columns that give way widest first.
import { describe, expect, it } from 'vitest';
import stringWidth from 'string-width';
import { FitTable, outputWidth, shrink, textWidth, wrapLine } from '../../src/cli/render/fit.js';

describe('wrapLine', () => {
  it('leaves a short line alone and wraps a long one under a hanging indent', () => {
    expect(wrapLine('  short', 20)).toBe('  short');
    expect(wrapLine('  one two three four five six', 14)).toBe('  one two\n    three four\n    five six');
  });

  it('breaks a word longer than the width (a path) and keeps every character', () => {
    const path = '/var/lib/redis/appendonlydir/appendonly.aof.1.incr.aof';
    const lines = wrapLine(`cut ${path}`, 20).split('\n');
    expect(lines.every((l) => l.length <= 20)).toBe(true);
    expect(lines.map((l) => l.trim()).join('')).toBe(`cut${path}`);
  });
});

describe('shrink', () => {
  it('takes from the widest column first, down to its heading', () => {
    expect(shrink([2, 40, 8], 30, [2, 3, 8])).toEqual([2, 20, 8]);
    expect(shrink([10, 10], 30)).toEqual([10, 10]);
  });

  it('goes below headings, to 4, only when it must', () => {
    expect(shrink([8, 8, 8], 15, [8, 8, 8])).toEqual([5, 5, 5]);
  });
});

describe('FitTable', () => {
  it('is never wider than asked, eliding the long cell', () => {
    const t = new FitTable(['db', 'key', 'bytes'], ['right', 'left', 'right'], 40);
    t.push(['0', 'k'.repeat(100), '1 KiB'], [12, 'short', '2 B']);
    const lines = t.toString().split('\n');
    expect(Math.max(...lines.map((l) => l.length))).toBe(40);
    expect(t.toString()).toContain('…');
    expect(t.toString()).toContain('short');
  });
});

describe('outputWidth', () => {
  const pipe = { isTTY: false, columns: 0 } as unknown as NodeJS.WriteStream;
  const tty = { isTTY: true, columns: 132 } as unknown as NodeJS.WriteStream;
  it('is COLUMNS, else the terminal, else unbounded', () => {
    expect(outputWidth(tty, { COLUMNS: '60' })).toBe(60);
    expect(outputWidth(tty, {})).toBe(132);
    expect(outputWidth(pipe, {})).toBe(Infinity);
    expect(outputWidth(pipe, { COLUMNS: 'wide' })).toBe(Infinity);
  });
});

describe('textWidth', () => {
  it('agrees with string-width on every character below U+2600, alone and in runs, on the marks, emoji and CJK', () => {
    for (let c = 0; c < 0x2600; c++) {
      const s = String.fromCodePoint(c);
      expect(textWidth(s)).toBe(stringWidth(s));
      expect(textWidth(`a${s}${s}b`)).toBe(stringWidth(`a${s}${s}b`));
    }
    for (const s of ['▶', '✔', '✘', '✔\ufe0f', '≈ 1.2 k ± 97', 'key:… │ 12', '✔ ok', '日本語', '👍🏽 x', 'e\u0301', '\x1b[31mred\x1b[39m'])
      expect(textWidth(s)).toBe(stringWidth(s));
  });
});
