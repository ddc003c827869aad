// The fuzz harness: every operation on thousands of seeded mutations of the bundled fixtures, in process.
// No crash, no hang, no partial output, and a fix always leaves a valid AOF. FUZZ_RUNS and FUZZ_SEED set the
// budget: `npm test` runs 2,000; CI runs 10,000 (.ci/run); `FUZZ_RUNS=200000 npx vitest run test/fuzz` for a long hunt.
// FUZZ_INPUTS (paths under fixtures/, comma-separated) points a hunt at other files, a newer server's say.

import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/tmp.js';
import { mutate, prng } from './mutate.js';
import { runEveryOperation, type Finding } from './run-one.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 2_000);
const SEED = Number(process.env.FUZZ_SEED ?? 20261205);
const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures');

/** Inputs of every kind: RESP, RDB preamble, bare RDB, multi-part with RESP and RDB bases. */
const DEFAULT_INPUTS = [
  'resp/small.aof',
  'resp/timestamps-incr.aof',
  'resp/all-types-incr.aof',
  'preamble/small.aof',
  'preamble/all-types.aof',
  'rdb/all-encodings.rdb',
  'rdb/lfu.rdb',
  'multipart/rdb-base/appendonlydir',
  'multipart/resp-base/appendonlydir',
  'multipart/timestamps/appendonlydir',
  'multipart/with-history/appendonlydir',
];
const INPUTS = process.env.FUZZ_INPUTS ? process.env.FUZZ_INPUTS.split(',').map((p) => p.trim()) : DEFAULT_INPUTS;

describe('fuzz: every operation on mutated fixtures', () => {
  it(`survives ${RUNS} mutated inputs (seed ${SEED})`, async () => {
    const work = tempDir();
    const rng = prng(SEED);
    const failures: Array<{ run: number; input: string; label: string; findings: Finding[]; saved: string }> = [];
    const originals = new Map(INPUTS.map((i) => [i, join(FIXTURES, i)]));
    for (let run = 0; run < RUNS && failures.length < 5; run++) {
      const input = INPUTS[Math.floor(rng() * INPUTS.length)]!;
      const source = originals.get(input)!;
      const dir = join(work, 'case');
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(join(dir, 'scratch'), { recursive: true });
      let target: string;
      let path: string;
      if (statSync(source).isDirectory()) {
        cpSync(source, join(dir, 'appendonlydir'), { recursive: true });
        path = join(dir, 'appendonlydir');
        const files = readdirSync(path).sort();
        target = join(path, files[Math.floor(rng() * files.length)]!);
      } else {
        path = join(dir, input.split('/').at(-1)!);
        target = path;
      }
      let bytes: Buffer = readFileSync(statSync(source).isDirectory() ? target.replace(path, source) : source);
      const labels: string[] = [];
      for (let m = 0, count = 1 + Math.floor(rng() * 3); m < count; m++) {
        const next = mutate(bytes, rng);
        bytes = next.bytes;
        labels.push(next.label);
      }
      writeFileSync(target, bytes);
      const findings = await runEveryOperation(path, join(dir, 'scratch'));
      if (findings.length > 0) {
        const saved = join(work, `failure-${run}`);
        cpSync(dir, saved, { recursive: true });
        failures.push({ run, input, label: `${target.slice(dir.length + 1)}: ${labels.join('; ')}`, findings, saved });
      }
    }
    expect(failures).toEqual([]);
  }, 1_800_000);
});
