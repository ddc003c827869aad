// Turns a server's own command definitions (src/commands/*.json, Redis and Valkey alike) into compact entries.
import { compactArgs, compactCommand, keyFlags } from './compact.mjs';

/** One key spec of the source format: flags array, begin_search {index|keyword|unknown}, find_keys {range|keynum|unknown}. */
function keySpec(spec) {
  const out = { flags: keyFlags(spec.flags ?? []) };
  const bs = spec.begin_search ?? {};
  if (bs.index) out.index = bs.index.pos;
  else if (bs.keyword) out.keyword = [bs.keyword.keyword, bs.keyword.startfrom];
  else out.begin = 'unknown';
  const fk = spec.find_keys ?? {};
  if (fk.range) out.range = [fk.range.lastkey, fk.range.step, fk.range.limit];
  else if (fk.keynum) out.keynum = [fk.keynum.keynumidx, fk.keynum.firstkey, fk.keynum.step];
  else out.find = 'unknown';
  return out;
}

/** The compact entry of one definition body (the object under the command's name in its file). */
export function sourceEntry(body) {
  const deprecated = (body.doc_flags ?? []).includes('DEPRECATED') || body.deprecated_since !== undefined;
  return compactCommand({
    arity: body.arity,
    group: body.group,
    since: body.since,
    flags: (body.command_flags ?? []).map((f) => f.toLowerCase()),
    keys: (body.key_specs ?? []).map(keySpec),
    args: compactArgs(body.arguments),
    getkeys: body.get_keys_function,
    deprecated,
  });
}

/**
 * Definitions a data server's table lacks: sentinel-only ones (populateCommandTable skips them) and, in
 * Redis 8, EXPERIMENTAL ones (utils/generate-command-code.py leaves them out of commands.def).
 */
const notInTable = (body) => (body.command_flags ?? []).some((f) => f === 'ONLY_SENTINEL' || f === 'EXPERIMENTAL');

/**
 * Definitions as [fileOrKey, parsed JSON] pairs → { name: entry } with subcommands nested under their
 * container. A file holds { NAME: body }; a subcommand's body names its container.
 */
export function sourceCommands(definitions) {
  const top = {};
  const subs = [];
  for (const [origin, parsed] of definitions) {
    const names = Object.keys(parsed);
    if (names.length !== 1) throw new Error(`${origin}: expected one command, found ${names.length}`);
    const body = parsed[names[0]];
    if (notInTable(body)) continue;
    const name = names[0].toLowerCase();
    if (body.container) subs.push([body.container.toLowerCase(), name, body]);
    else top[name] = sourceEntry(body);
  }
  for (const [container, name, body] of subs) {
    const parent = top[container];
    if (!parent) throw new Error(`subcommand ${container} ${name}: no container definition`);
    (parent.subcommands ??= {})[name] = sourceEntry(body);
  }
  return top;
}

/** A merge of many definition files into one object keyed "NAME" or "CONTAINER NAME" (valkey-swift's jq merge). */
export function mergedDefinitions(merged) {
  return Object.entries(merged).map(([key, body]) => [key, { [key.slice(key.lastIndexOf(' ') + 1)]: body }]);
}
