// Every input the fuzz harness ever found a bug with (fixtures/fuzz-found/): every operation must pass on it.

import { cpSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/tmp.js';
import { runEveryOperation } from './run-one.js';

const FOUND = join(import.meta.dirname, '..', '..', 'fixtures', 'fuzz-found');
const cases = readdirSync(FOUND).filter((n) => statSync(join(FOUND, n)).isDirectory());

describe('inputs the fuzz harness found bugs with', () => {
  const work = tempDir();
  it.each(cases)('%s', async (name) => {
    const dir = join(work, name);
    cpSync(join(FOUND, name), dir, { recursive: true });
    mkdirSync(join(dir, '.scratch'));
    const input = readdirSync(dir).find((f) => f !== 'found.json' && f !== '.scratch')!;
    expect(await runEveryOperation(join(dir, input), join(dir, '.scratch'))).toEqual([]);
  });
});
