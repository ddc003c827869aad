// Build step: the CLI and its worker scripts bundled into dist/bundle/, so a run loads a few dozen files instead of ~280 (about 50 ms of every command).
//
// The bundle sits two folders below the package root like dist/cli/ (main's `../../package.json` still resolves),
// and every entry keeps its file name in one flat folder: code that names a worker as
// `new URL('./shard-worker.js', import.meta.url)` finds it beside whichever chunk holds that code. The command
// tables the loader reads by URL (`./data/`) and yargs's translations are copied beside them. The library
// (dist/index.js) stays unbundled.
import { cpSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'rolldown';

const root = new URL('../', import.meta.url);
const out = new URL('dist/bundle/', root);
// Paths, not URL pathnames: a checkout in a folder with a space (%20 in a URL) must build too.
const at = (path) => fileURLToPath(new URL(path, root));

/** Entries by the file name the code loads them by. */
const ENTRIES = {
  main: 'dist/cli/main.js',
  'start-ahead': 'dist/cli/start-ahead.js',
  'check-worker': 'dist/cli/check-worker.js',
  'segment-worker': 'dist/aof/split/segment-worker.js',
  segment: 'dist/ops/inspect/segment.js',
  'shard-worker': 'dist/ops/rewrite/shard-worker.js',
  'rewrite-worker': 'dist/ops/rewrite/rewrite-worker.js',
};

/**
 * yargs finds its translations three folders up from its own file; bundled, that file is a chunk of dist/bundle/,
 * so the folder is named beside the chunk instead and copied there. The build stops if yargs changed that line.
 */
const yargsLocales = {
  name: 'yargs-locales',
  transform(code, id) {
    if (!id.replaceAll('\\', '/').endsWith('/yargs/lib/platform-shims/esm.mjs')) return null;
    const from = "resolve(__dirname, '../../../locales')";
    if (!code.includes(from)) throw new Error(`bundle-cli: yargs no longer names its locales as ${from}`);
    return code.replace(from, "fileURLToPath(new URL('./locales/', import.meta.url))");
  },
};

rmSync(out, { recursive: true, force: true });
await build({
  plugins: [yargsLocales],
  input: Object.fromEntries(Object.entries(ENTRIES).map(([name, path]) => [name, at(path)])),
  platform: 'node',
  external: [/^node:/],
  output: { dir: fileURLToPath(out), format: 'esm', entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' },
  // A dynamic import also reached statically stays where it is; nothing to act on.
  checks: { ineffectiveDynamicImport: false },
});
cpSync(new URL('dist/aof/commands/data/', root), new URL('data/', out), { recursive: true });
cpSync(new URL('node_modules/yargs/locales/', root), new URL('locales/', out), { recursive: true });
