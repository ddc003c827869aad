// The progress line: percent, bytes, MB/s and the time left, never wider than the terminal.
import { describe, expect, it } from 'vitest';
import { progressLine, withProgress } from '../../src/cli/progress.js';

describe('progressLine', () => {
  it('shows percent, bytes, rate and the time left', () => {
    // 300 MB of 1.2 GB in 2 s: 150 MB/s, 900 MB to go = 6 s.
    expect(progressLine('checking a.aof', 300e6, 1200e6, 2000, 120)).toMatch(/^checking a\.aof 25% \S+ MiB of \S+ GiB, 150 MB\/s, 0:06 left$/);
  });

  it('counts hours and minutes for long runs', () => {
    // 1 MB/s with 3,725 MB to go: 1:02:05.
    expect(progressLine('x', 1e6, 3726e6, 1000, 120)).toMatch(/, 1 MB\/s, 1:02:05 left$/);
    expect(progressLine('x', 1e6, 126e6, 1000, 120)).toMatch(/, 2:05 left$/);
  });

  it('says nothing of time left when done or before any rate', () => {
    expect(progressLine('x', 5e6, 5e6, 1000, 120)).not.toMatch(/left/);
    expect(progressLine('x', 0, 5e6, 0, 120)).not.toMatch(/left/);
  });

  it('fits the terminal by eliding the middle of the label, keeping the figures', () => {
    const label = `checking /var/lib/redis/${'very-long-directory-name/'.repeat(6)}appendonly.aof`;
    for (const width of [80, 60]) {
      const line = progressLine(label, 300e6, 1200e6, 2000, width);
      expect(line.length, line).toBeLessThanOrEqual(width - 2);
      expect(line).toMatch(/^check[^…]*….*\.aof 25% .*, 0:06 left$/);
    }
    // Too narrow for any of the label: the figures alone.
    const narrow = progressLine(label, 300e6, 1200e6, 2000, 40);
    expect(narrow.length).toBeLessThanOrEqual(38);
    expect(narrow).toMatch(/^25% /);
  });
});

describe('withProgress', () => {
  /** Runs updates for 700 ms (past the 400 ms before a spinner shows) on a stderr faked as a terminal of `columns`. */
  async function written(columns: number): Promise<string> {
    const stderr = process.stderr as NodeJS.WriteStream & { columns: number };
    const tty = ['cursorTo', 'clearLine', 'moveCursor'] as const;
    const saved = { isTTY: stderr.isTTY, columns: stderr.columns, write: stderr.write.bind(stderr), ...Object.fromEntries(tty.map((k) => [k, stderr[k]])) };
    let out = '';
    // A terminal's cursor methods, which ora uses and a test's stderr lacks.
    Object.assign(stderr, { isTTY: true, columns, ...Object.fromEntries(tty.map((k) => [k, () => true])) });
    stderr.write = ((chunk: string | Uint8Array) => ((out += chunk.toString()), true)) as typeof stderr.write;
    try {
      await withProgress('checking a.aof', async (update) => {
        for (let t = 0; t < 14; t++) {
          update(t, 14);
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      });
    } finally {
      Object.assign(stderr, saved);
    }
    return out;
  }

  it('shows a spinner on a terminal, and none on one 0 columns wide (ora would redraw without end there)', async () => {
    expect(await written(80)).toContain('checking a.aof');
    expect(await written(0)).toBe('');
  });
});
