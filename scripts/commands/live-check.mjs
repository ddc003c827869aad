// Compares a data file with what a running server answers to COMMAND and COMMAND DOCS (or saves that answer).
//
//   node scripts/commands/live-check.mjs --cli REDIS_CLI --against redis-7.4.1 [--save DUMP.json] -- -s SOCKET
//
// Everything after `--` goes to redis-cli / valkey-cli to reach the server. The answer is turned into the same
// shape as a docs dump (data/commands_core.json) and read with from-docs.mjs, so a saved dump can also be fed
// to extract.mjs as a `docs` source.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { compareTables } from './compare.mjs';
import { countCommands, sortCommands } from './compact.mjs';
import { readDataFile } from './data-file.mjs';
import { DOCS_HIDDEN_FLAGS, docsCommands } from './from-docs.mjs';

function ask(cli, conn, args) {
  return JSON.parse(execFileSync(cli, [...conn, '--json', ...args], { encoding: 'utf8', maxBuffer: 1 << 28 }));
}

/** COMMAND DOCS lists argument flags as ["optional", ...]; the dumps carry them as booleans. */
function docsArgs(args) {
  return args?.map((a) => {
    const out = { ...a };
    delete out.flags;
    for (const f of a.flags ?? []) out[f] = true;
    if (a.arguments) out.arguments = docsArgs(a.arguments);
    return out;
  });
}

/** COMMAND INFO lists key-spec flags as ["RW", "access", ...]; the dumps carry them as booleans. */
function dumpKeySpec(spec) {
  const out = { begin_search: spec.begin_search, find_keys: spec.find_keys };
  for (const f of spec.flags ?? []) out[f] = true;
  return out;
}

function dumpEntry(info, docs) {
  const [, arity, flags, , , , , , keySpecs] = info;
  const entry = { since: docs?.since, group: docs?.group, arity, command_flags: flags };
  if (keySpecs.length > 0) entry.key_specs = keySpecs.map(dumpKeySpec);
  if (docs?.arguments) entry.arguments = docsArgs(docs.arguments);
  if (docs?.doc_flags) entry.doc_flags = docs.doc_flags;
  if (docs?.deprecated_since) entry.deprecated_since = docs.deprecated_since;
  if (docs?.module) entry.module = docs.module;
  return entry;
}

/** { "NAME" | "CONTAINER SUB": entry } from COMMAND (INFO of every command) and COMMAND DOCS. */
export function liveDump(cli, conn) {
  const infos = ask(cli, conn, ['COMMAND']);
  const docs = ask(cli, conn, ['COMMAND', 'DOCS']);
  const dump = {};
  for (const info of infos) {
    const name = info[0];
    dump[name.toUpperCase()] = dumpEntry(info, docs[name]);
    for (const sub of info[9] ?? []) {
      const subName = sub[0].slice(sub[0].indexOf('|') + 1);
      dump[`${name} ${subName}`.toUpperCase()] = dumpEntry(sub, docs[name]?.subcommands?.[sub[0]]);
    }
  }
  return dump;
}

function main() {
  const argv = process.argv.slice(2);
  const sep = argv.indexOf('--');
  const opts = Object.fromEntries(
    argv
      .slice(0, sep < 0 ? argv.length : sep)
      .join(' ')
      .split('--')
      .filter(Boolean)
      .map((o) => o.trim().split(' ')),
  );
  const conn = sep < 0 ? [] : argv.slice(sep + 1);
  const dump = liveDump(opts.cli, conn);
  if (opts.save) writeFileSync(opts.save, `${JSON.stringify(dump, null, 1)}\n`);
  const live = { commands: sortCommands(docsCommands(dump, ['vectorset'])), unrecorded: { flags: DOCS_HIDDEN_FLAGS, fields: ['getkeys'] } };
  const n = countCommands(live.commands);
  console.log(`live: ${n.commands} commands, ${n.subcommands} subcommands`);
  if (!opts.against) return;
  const { added, removed, changed } = compareTables(readDataFile(opts.against), live);
  console.log(`only live: ${added.join(', ') || 'none'}`);
  console.log(`only in ${opts.against}: ${removed.join(', ') || 'none'}`);
  for (const [name, changes] of changed) console.log(`${name}: ${changes.join('; ')}`);
  if (added.length + removed.length + changed.length > 0) process.exitCode = 1;
}

main();
