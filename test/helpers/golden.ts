// Golden files: output must equal a committed file; a missing one fails. UPDATE_GOLDEN=1 writes them (review the diff).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect } from 'vitest';

const GOLDEN_DIR = join(import.meta.dirname, '..', 'golden');

export function expectGolden(name: string, actual: string, dir = GOLDEN_DIR): void {
  const path = join(dir, name);
  if (process.env.UPDATE_GOLDEN === '1') {
    writeFileSync(path, actual);
    return;
  }
  if (!existsSync(path)) {
    const shown = relative(process.cwd(), path);
    throw new Error(`golden file ${shown} is missing: run the test with UPDATE_GOLDEN=1 to write it, review it, and commit it`);
  }
  expect(actual).toBe(readFileSync(path, 'utf8'));
}
