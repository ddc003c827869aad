// A huge command streamed in slices renders exactly as the same command built whole, in every format.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { jsonSlices, respSlices, textSlices } from '../../src/cli/render/cat-output.js';
import { formatCatLine } from '../../src/cli/render/cat-text.js';
import { jsonBytes } from '../../src/cli/render/quote.js';
import type { CatCommand } from '../../src/ops/cat/cat.js';
import { encodeCommand } from '../../src/resp/index.js';

const join = (it: Iterable<Buffer>) => Buffer.concat([...it]);

function command(value: Buffer, fromRdb = false): CatCommand {
  return {
    file: '/x/appendonly.aof',
    offset: 42,
    db: 3,
    ts: 1700000000,
    name: 'set',
    args: [Buffer.from('SET'), Buffer.from('k\x1b'), value],
    keys: [1],
    fromRdb,
  };
}

const values = {
  binary: randomBytes(3 << 18),
  text: Buffer.from('ünïcödé text "quoted" \\ \n'.repeat(40_000)),
};

describe('streamed cat output', () => {
  it.each(Object.entries(values))('text, %s: the same line as formatCatLine', (_, value) => {
    const c = command(value);
    expect(join(textSlices(c, ['db', 'offset'])).toString('latin1')).toBe(formatCatLine(c, ['db', 'offset']) + '\n');
  });

  it.each(Object.entries(values))('resp, %s: the same frame as encodeCommand', (_, value) => {
    expect(join(respSlices(command(value, true)))).toEqual(encodeCommand(command(value).args));
  });

  it.each(Object.entries(values))('json, %s: the same object as built whole', (_, value) => {
    const c = command(value);
    const whole = { file: c.file, offset: c.offset, db: c.db, ts: c.ts, command: 'SET', args: c.args.slice(1).map(jsonBytes), keys: c.keys };
    expect(join(jsonSlices(c)).toString('utf8')).toBe(JSON.stringify(whole) + '\n');
  });
});
