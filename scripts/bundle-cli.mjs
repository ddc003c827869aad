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

/**
 * string-width builds an Intl.Segmenter as it loads (ICU's segmentation data: about 30 ms of every run here), and
 * yargs's help layout brings in two copies of it. Each is built on its first use instead. The build stops if a module
 * makes one another way, or reaches for a member of it other than `.segment(…)`, the one the stand-in has.
 */
const lazySegmenters = {
  name: 'lazy-segmenters',
  transform(code, id) {
    if (!code.includes('Intl.Segmenter')) return null;
    const made = [];
    const lazy = code.replace(/^const (\w+) = new Intl\.Segmenter\(\);$/gm, (_, name) => {
      made.push(name);
      return `let ${name}$made;\nconst ${name} = { segment: (text) => (${name}$made ??= new Intl.Segmenter()).segment(text) };`;
    });
    const otherUse = (name) => new RegExp(`\\b${name}\\??\\.(?!segment\\()`).test(code);
    if (made.length !== code.split('Intl.Segmenter').length - 1 || made.some(otherUse)) {
      throw new Error(`bundle-cli: ${id} makes or uses an Intl.Segmenter in a way lazy-segmenters does not know`);
    }
    return lazy;
  },
};

/**
 * yargs measures text with string-width only to lay out help, but imports it at once: compiling its emoji patterns
 * took about 15 ms of every run. Its import is a stand-in that loads the package's own string-width on first use.
 */
const LAZY_WIDTH = '\0lazy-string-width';
const lazyStringWidth = {
  name: 'lazy-string-width',
  resolveId(source, importer) {
    const fromYargs = importer?.replaceAll('\\', '/').endsWith('/yargs/lib/platform-shims/esm.mjs') === true;
    return source === 'string-width' && fromYargs ? LAZY_WIDTH : null;
  },
  load(id) {
    if (id !== LAZY_WIDTH) return null;
    return [
      "import { createRequire } from 'node:module';",
      'const load = createRequire(import.meta.url);',
      'let width;',
      "export default (text) => (width ??= load('string-width').default)(text);",
    ].join('\n');
  },
};

rmSync(out, { recursive: true, force: true });
await build({
  plugins: [yargsLocales, lazySegmenters, lazyStringWidth],
  input: Object.fromEntries(Object.entries(ENTRIES).map(([name, path]) => [name, at(path)])),
  platform: 'node',
  external: [/^node:/],
  output: { dir: fileURLToPath(out), format: 'esm', entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' },
  // A dynamic import also reached statically stays where it is; nothing to act on.
  checks: { ineffectiveDynamicImport: false },
});
cpSync(new URL('dist/aof/commands/data/', root), new URL('data/', out), { recursive: true });
cpSync(new URL('node_modules/yargs/locales/', root), new URL('locales/', out), { recursive: true });
