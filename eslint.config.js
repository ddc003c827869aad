// Lint rules, and the layering of src/ as rules: each layer may import only the layers below it.
import tseslint from 'typescript-eslint';

/** Layers from the bottom up; a file may import its own layer and those listed before it. */
const LAYERS = ['resp', 'rdb', 'aof', 'keyspace', 'ops', 'cli'];

/** A pattern that matches an import of any layer above `layer` (resp and rdb share the bottom; rdb may use resp). */
function above(layer) {
  const higher = LAYERS.slice(LAYERS.indexOf(layer) + 1).filter((h) => !(layer === 'rdb' && h === 'resp'));
  if (layer === 'resp') higher.splice(higher.indexOf('rdb'), 1, 'rdb');
  return `(^|/)(${higher.join('|')})/`;
}

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'fixtures/**', 'bench-data/**', 'coverage/**', '.stryker-tmp/**', 'reports/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-console': 'error',
    },
  },
  ...LAYERS.map((layer) => ({
    files: [`src/${layer}/**/*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: above(layer), message: `src/${layer} imports only the layers below it (README, Development)` }] },
      ],
    },
  })),
  {
    // Tests, scripts and the CLI's renderers talk to people on purpose.
    files: ['test/**', 'test-live/**', 'scripts/**', 'bin/**'],
    // Model-based tests step a model and the subject in one comma expression.
    rules: { 'no-console': 'off', '@typescript-eslint/no-unused-expressions': 'off' },
  },
);
