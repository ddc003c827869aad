// Mutation testing (`npm run mutation`): how many deliberate bugs in the verdict, the RESP reader and the RDB checks the tests catch.
// Not part of CI (tens of minutes on two cores); docs/mutation.md records the last scores and the survivors judged harmless.
import { readFileSync } from 'node:fs';

const AREAS = {
  verdict: ['src/aof/verdict/**/*.ts'],
  resp: ['src/resp/reader.ts'],
  rdb: ['src/rdb/{reader,values,listpack,ziplist,intset,zipmap,stream,unique,length,header}.ts'],
};
const area = process.env.MUTATE ?? 'verdict';

/**
 * MUTATE=survivors:verdict re-tests only what survived the last run of that area (its JSON report), by location:
 * tests only ever grow, so what was killed stays killed, and the new score is the old kills plus these.
 */
function survivorsOf(name) {
  const report = JSON.parse(readFileSync(`reports/mutation/${name}.json`, 'utf8'));
  return Object.entries(report.files).flatMap(([file, { mutants }]) =>
    mutants
      .filter((m) => m.status === 'Survived' || m.status === 'NoCoverage')
      // Widened by a column each side: the range's columns and the report's may count from different origins.
      .map(({ location: { start, end } }) => `${file}:${start.line}:${Math.max(0, start.column - 1)}-${end.line}:${end.column + 1}`),
  );
}
const survivors = area.startsWith('survivors:') ? survivorsOf(area.slice('survivors:'.length)) : null;

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts' },
  coverageAnalysis: 'perTest',
  mutate: survivors ?? (area === 'all' ? Object.values(AREAS).flat() : AREAS[area]),
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: `reports/mutation/${area}.html` },
  jsonReporter: { fileName: `reports/mutation/${area}.json` },
  concurrency: 2,
  timeoutMS: 30_000,
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
