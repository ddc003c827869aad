// The tests that judge the verdict, the RESP reader and the RDB checks: what Stryker runs against each mutant.
// MUTATION_TESTS (comma-separated globs) narrows them, e.g. to the tests added since a run when re-testing its survivors.
import { defineConfig } from 'vitest/config';

const ALL = [
  'test/aof/**/*.test.ts',
  'test/resp/**/*.test.ts',
  'test/rdb/**/*.test.ts',
  'test/ops/{check,fix,fixture-verdicts,server-verdicts,until,salvage,verdict-golden}.test.ts',
];

export default defineConfig({
  test: {
    include: process.env.MUTATION_TESTS?.split(',') ?? ALL,
    testTimeout: 60_000,
  },
});
