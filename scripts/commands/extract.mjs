// Writes src/aof/commands/data/<server>-<version>.json for every version in sources.json whose repository is given.
//
//   node scripts/commands/extract.mjs --repo redis/redis=GITDIR [--repo owner/name=GITDIR ...] [--only FILE]
//
// GITDIR is a (bare) clone of that repository; files are read with git show at the revision sources.json names.
// Versions derived from another ("deriveFrom") are rebuilt from that version's data file.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { countCommands, sortCommands } from './compact.mjs';
import { dataPath, readDataFile, ROOT, writeDataFile } from './data-file.mjs';
import { appliedTokenSince, deriveCommands } from './derive.mjs';
import { DOCS_HIDDEN_FLAGS, docsCommands } from './from-docs.mjs';
import { mergedDefinitions, sourceCommands } from './from-source.mjs';
import { listFiles, readFile, readFiles, resolveCommit } from './git-read.mjs';

const MANIFEST = join(ROOT, 'scripts', 'commands', 'sources.json');

function parseArgs(argv) {
  const repos = new Map();
  let only;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--repo') {
      const [name, dir] = argv[++i].split(/=(.*)/s);
      repos.set(name, dir);
    } else if (argv[i] === '--only') only = argv[++i];
    else throw new Error(`unknown argument ${argv[i]} (see scripts/commands/README.md)`);
  }
  return { repos, only };
}

/** Reads one version's definitions out of its repository and turns them into compact entries. */
function readVersion(v, dir) {
  if (v.format === 'source') {
    const files = listFiles(dir, v.rev, v.path).filter((f) => f.endsWith('.json'));
    const texts = readFiles(
      dir,
      v.rev,
      files.map((f) => `${v.path}/${f}`),
    );
    return sourceCommands(files.map((f, i) => [f, JSON.parse(texts[i])]));
  }
  const dump = JSON.parse(readFile(dir, v.rev, v.path));
  if (v.format === 'merged') return sourceCommands(mergedDefinitions(dump));
  if (v.format === 'docs') return docsCommands(dump, v.keepModules ?? []);
  throw new Error(`${v.file}: unknown format ${v.format}`);
}

function header(v, origin, commands, unrecorded) {
  const h = { server: v.server, version: v.version, origin };
  if (unrecorded) h.unrecorded = unrecorded;
  h.notes = v.notes ?? [];
  h.counts = countCommands(commands);
  return h;
}

function extractFromRepo(v, dir) {
  const commit = resolveCommit(dir, v.rev);
  const commands = sortCommands(readVersion(v, dir));
  const origin = { repo: v.repo, rev: v.rev, commit, path: v.path, format: v.format };
  const unrecorded = v.format === 'docs' ? { flags: DOCS_HIDDEN_FLAGS, fields: ['getkeys'] } : undefined;
  writeDataFile(v.file, header(v, origin, commands, unrecorded), commands);
  return commands;
}

function extractDerived(v, tokenSince) {
  const parent = readDataFile(v.deriveFrom);
  const commands = deriveCommands(parent.commands, v.until, tokenSince);
  const applied = appliedTokenSince(tokenSince, v.until);
  const origin = { ...parent.origin, derivedFrom: v.deriveFrom, until: v.until, tokenSince: applied };
  writeDataFile(v.file, header(v, origin, commands, parent.unrecorded), commands);
  return commands;
}

function main() {
  const { repos, only } = parseArgs(process.argv.slice(2));
  const { versions, tokenSince } = JSON.parse(readFileSync(MANIFEST, 'utf8'));
  for (const v of versions) {
    if (only && v.file !== only) continue;
    let commands;
    if (v.deriveFrom) {
      if (!existsSync(dataPath(v.deriveFrom))) continue;
      commands = extractDerived(v, tokenSince[v.server] ?? []);
    } else if (repos.has(v.repo)) commands = extractFromRepo(v, repos.get(v.repo));
    else continue;
    const n = countCommands(commands);
    console.log(`${v.file}: ${n.commands} commands, ${n.subcommands} subcommands`);
  }
}

main();
