// The golden helper fails on a missing golden file instead of writing it, unless UPDATE_GOLDEN=1.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { expectGolden } from '../helpers/golden.js';
import { tempDir } from '../helpers/tmp.js';

const dir = tempDir();

describe('expectGolden', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('fails when the golden file is missing, and writes nothing', () => {
    vi.stubEnv('UPDATE_GOLDEN', '');
    expect(() => expectGolden('missing.txt', 'output\n', dir)).toThrow(/missing\.txt is missing: run the test with UPDATE_GOLDEN=1/);
    expect(existsSync(join(dir, 'missing.txt'))).toBe(false);
  });

  it('fails when the output differs from the golden file', () => {
    vi.stubEnv('UPDATE_GOLDEN', '');
    writeFileSync(join(dir, 'differs.txt'), 'before\n');
    expect(() => expectGolden('differs.txt', 'after\n', dir)).toThrow();
    expectGolden('differs.txt', 'before\n', dir);
  });

  it('writes the golden file with UPDATE_GOLDEN=1', () => {
    vi.stubEnv('UPDATE_GOLDEN', '1');
    expectGolden('written.txt', 'new\n', dir);
    expect(readFileSync(join(dir, 'written.txt'), 'utf8')).toBe('new\n');
  });
});
