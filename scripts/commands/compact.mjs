// The compact command entry both input formats produce: empty fields dropped, keys in one fixed order.

/** Argument fields kept; docs, summaries, display names and deprecation notes are dropped. */
function compactArg(arg) {
  const out = { name: arg.name, type: arg.type };
  // MIGRATE's empty-key placeholder: the sources write the token as `""`, a COMMAND DOCS dump as an empty
  // string; the argument itself is empty, so both become ''.
  if (arg.token !== undefined) out.token = arg.token === '""' ? '' : arg.token;
  if (arg.optional) out.optional = true;
  if (arg.multiple) out.multiple = true;
  if (arg.multiple_token) out.multiple_token = true;
  if (arg.since !== undefined) out.since = arg.since;
  if (arg.key_spec_index !== undefined) out.key = arg.key_spec_index;
  const args = compactArgs(arg.arguments);
  if (args) out.args = args;
  return out;
}

export function compactArgs(args) {
  return args && args.length > 0 ? args.map(compactArg) : undefined;
}

/** Key-spec flags in one canonical order, whichever order the input listed them in. */
const KEY_FLAG_ORDER = ['RW', 'RO', 'OW', 'RM', 'ACCESS', 'UPDATE', 'INSERT', 'DELETE', 'NOT_KEY', 'INCOMPLETE', 'VARIABLE_FLAGS'];

export function keyFlags(flags) {
  const unknown = flags.filter((f) => !KEY_FLAG_ORDER.includes(f));
  if (unknown.length > 0) throw new Error(`unknown key-spec flag(s): ${unknown.join(', ')}`);
  return KEY_FLAG_ORDER.filter((f) => flags.includes(f));
}

/** Fixed field order (so files diff line by line); undefined, empty and false fields left out. */
export function compactCommand(c) {
  const out = { arity: c.arity, group: c.group, since: c.since, flags: [...new Set(c.flags)].sort() };
  if (c.keys && c.keys.length > 0) out.keys = c.keys;
  if (c.args) out.args = c.args;
  if (c.getkeys) out.getkeys = c.getkeys;
  if (c.deprecated) out.deprecated = true;
  if (c.module) out.module = c.module;
  return out;
}

/** Sorted copy of a { name: entry } map, subcommands sorted too. */
export function sortCommands(commands) {
  const out = {};
  for (const name of Object.keys(commands).sort()) {
    const entry = { ...commands[name] };
    if (entry.subcommands) entry.subcommands = sortCommands(entry.subcommands);
    out[name] = entry;
  }
  return out;
}

export function countCommands(commands) {
  let subcommands = 0;
  for (const c of Object.values(commands)) subcommands += Object.keys(c.subcommands ?? {}).length;
  return { commands: Object.keys(commands).length, subcommands };
}
