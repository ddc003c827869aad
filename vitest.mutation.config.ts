// The tests that judge the verdict, the RESP reader and the RDB checks: what Stryker runs against each mutant.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'test/aof/**/*.test.ts',
      'test/resp/**/*.test.ts',
      'test/rdb/**/*.test.ts',
      'test/ops/{check,fix,fixture-verdicts,server-verdicts,until,salvage,verdict-golden}.test.ts',
    ],
    testTimeout: 60_000,
  },
});
