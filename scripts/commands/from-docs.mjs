// Turns a COMMAND DOCS + COMMAND INFO dump (redis/docs data/commands_core.json) into compact entries.
import { compactArgs, compactCommand, keyFlags } from './compact.mjs';

/**
 * Command flags COMMAND INFO never shows (server.c addReplyFlagsForCommand hides them on purpose), so a
 * dump cannot carry them; `movablekeys` is shown but computed, and left out to match source-made files.
 */
export const DOCS_HIDDEN_FLAGS = ['may_replicate', 'sentinel', 'only_sentinel', 'protected', 'touches_arbitrary_keys'];
const COMPUTED_FLAGS = new Set(['movablekeys']);

/** COMMAND INFO prints key-spec flags as { RW: true, access: true, ... }. */
function keySpec(spec) {
  const flags = Object.keys(spec)
    .filter((k) => spec[k] === true)
    .map((k) => k.toUpperCase());
  const out = { flags: keyFlags(flags) };
  const bs = spec.begin_search;
  if (bs.type === 'index') out.index = bs.spec.index;
  else if (bs.type === 'keyword') out.keyword = [bs.spec.keyword, bs.spec.startfrom];
  else out.begin = 'unknown';
  const fk = spec.find_keys;
  if (fk.type === 'range') out.range = [fk.spec.lastkey, fk.spec.keystep, fk.spec.limit];
  else if (fk.type === 'keynum') out.keynum = [fk.spec.keynumidx, fk.spec.firstkey, fk.spec.keystep];
  else out.find = 'unknown';
  return out;
}

function docsEntry(body) {
  return compactCommand({
    arity: body.arity,
    group: body.group,
    since: body.since,
    flags: (body.command_flags ?? []).filter((f) => !COMPUTED_FLAGS.has(f)),
    keys: (body.key_specs ?? []).map(keySpec),
    args: compactArgs(body.arguments),
    deprecated: (body.doc_flags ?? []).includes('deprecated') || body.deprecated_since !== undefined,
    module: body.module,
  });
}

/**
 * { "NAME" | "CONTAINER SUB": body } → { name: entry }, subcommands nested. Commands of a module are kept
 * only if the module is in `keepModules` (Redis 8 ships vector sets as a module loaded by default).
 */
export function docsCommands(dump, keepModules) {
  const top = {};
  const subs = [];
  for (const [key, body] of Object.entries(dump)) {
    if (body.module !== undefined && !keepModules.includes(body.module)) continue;
    const [name, sub, extra] = key.toLowerCase().split(' ');
    if (extra !== undefined) throw new Error(`${key}: more than one subcommand level`);
    if (sub === undefined) top[name] = docsEntry(body);
    else subs.push([name, sub, body]);
  }
  for (const [name, sub, body] of subs) {
    if (!top[name]) throw new Error(`${name} ${sub}: no container entry`);
    (top[name].subcommands ??= {})[sub] = docsEntry(body);
  }
  return top;
}
