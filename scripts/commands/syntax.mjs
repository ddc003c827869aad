// Renders an argument grammar as a one-line syntax (SET key value [NX | XX] ...), by names or by types.

const PLACEHOLDER_TYPES = new Set(['key', 'string', 'integer', 'double', 'pattern', 'unix-time']);

/** `mode` 'names' for reading; 'types' for comparing grammars whose argument names were renamed. */
function render(arg, mode) {
  // Tokens match case-insensitively (the server compares them with strcasecmp), so compare them upper-case.
  const token = arg.token === undefined ? undefined : mode === 'types' ? arg.token.toUpperCase() : arg.token || '""';
  let core;
  if (arg.type === 'pure-token') core = token;
  else if (arg.type === 'oneof' || arg.type === 'block') {
    const sep = arg.type === 'oneof' ? ' | ' : ' ';
    core = (arg.args ?? []).map((a) => render(a, mode)).join(sep);
    const grouped = arg.type === 'oneof' ? !arg.optional || arg.multiple || token !== undefined : arg.multiple && !arg.optional;
    if (grouped && (arg.args ?? []).length > 1) core = `<${core}>`;
  } else if (PLACEHOLDER_TYPES.has(arg.type)) core = mode === 'types' ? arg.type : arg.name;
  else throw new Error(`argument ${arg.name}: unknown type ${arg.type}`);
  let text = token !== undefined && arg.type !== 'pure-token' ? `${token} ${core}` : core;
  if (arg.multiple) text = `${text} [${arg.multiple_token ? text : core} ...]`;
  return arg.optional ? `[${text}]` : text;
}

export function syntax(args, mode = 'names') {
  return (args ?? []).map((a) => render(a, mode)).join(' ');
}

/** Every token string an argument grammar accepts (NX, KEEPREF, IDMP, ...), sorted. */
export function tokens(args) {
  const out = new Set();
  const walk = (list) => {
    for (const a of list ?? []) {
      if (a.token !== undefined) out.add(a.token.toUpperCase());
      walk(a.args);
    }
  };
  walk(args);
  return [...out].sort();
}

/** A key spec in one short phrase: flags, where the search begins, how keys are found. */
export function keySpecText(k) {
  const begin = k.index !== undefined ? `index ${k.index}` : k.keyword ? `keyword ${k.keyword[0]} from ${k.keyword[1]}` : 'begin unknown';
  const find = k.range ? `range ${k.range.join(',')}` : k.keynum ? `keynum ${k.keynum.join(',')}` : 'find unknown';
  return `${k.flags.join('|')} ${begin} ${find}`;
}
