// What changed from one version's command table to another's: commands added and removed, and per command
// its arity, flags, key specs, getkeys function and argument grammar.
import { keySpecText, syntax, tokens } from './syntax.mjs';

/** [name, entry] for every command and subcommand ("xgroup create"), sorted. */
function flatten(commands) {
  const out = new Map();
  for (const [name, c] of Object.entries(commands)) {
    out.set(name, c);
    for (const [sub, s] of Object.entries(c.subcommands ?? {})) out.set(`${name} ${sub}`, s);
  }
  return out;
}

function setDiff(a, b) {
  return a.filter((x) => !b.includes(x));
}

/** Changes of one command; `unrecorded` are flags and fields one of the two files cannot hold. */
function commandChanges(a, b, unrecorded) {
  const out = [];
  if (a.arity !== b.arity) out.push(`arity ${a.arity} → ${b.arity}`);
  const fa = a.flags.filter((f) => !unrecorded.flags.has(f));
  const fb = b.flags.filter((f) => !unrecorded.flags.has(f));
  const flagText = [...setDiff(fb, fa).map((f) => `+${f}`), ...setDiff(fa, fb).map((f) => `-${f}`)];
  if (flagText.length > 0) out.push(`flags ${flagText.join(' ')}`);
  const ka = (a.keys ?? []).map(keySpecText);
  const kb = (b.keys ?? []).map(keySpecText);
  if (ka.join(';') !== kb.join(';')) out.push(`key specs [${ka.join('; ')}] → [${kb.join('; ')}]`);
  if (!unrecorded.fields.has('getkeys') && a.getkeys !== b.getkeys) out.push(`getkeys ${a.getkeys ?? '-'} → ${b.getkeys ?? '-'}`);
  if (Boolean(a.deprecated) !== Boolean(b.deprecated)) out.push(b.deprecated ? 'now deprecated' : 'no longer deprecated');
  if (syntax(a.args, 'types') !== syntax(b.args, 'types')) {
    const ta = tokens(a.args);
    const tb = tokens(b.args);
    const tokenText = [...setDiff(tb, ta).map((t) => `+${t}`), ...setDiff(ta, tb).map((t) => `-${t}`)];
    if (tokenText.length > 0) out.push(`tokens ${tokenText.join(' ')}; now \`${syntax(b.args)}\``);
    else if (syntax(a.args) !== syntax(b.args)) out.push(`grammar \`${syntax(a.args)}\` → \`${syntax(b.args)}\``);
    else out.push(`argument types \`${syntax(a.args, 'types')}\` → \`${syntax(b.args, 'types')}\``);
  }
  return out;
}

function unrecordedOf(...files) {
  const flags = new Set();
  const fields = new Set();
  for (const f of files) {
    for (const x of f.unrecorded?.flags ?? []) flags.add(x);
    for (const x of f.unrecorded?.fields ?? []) fields.add(x);
  }
  return { flags, fields };
}

/** { added, removed, changed: [[name, [change...]]] } from data file `a` to data file `b`. */
export function compareTables(a, b) {
  const ca = flatten(a.commands);
  const cb = flatten(b.commands);
  const unrecorded = unrecordedOf(a, b);
  const added = [...cb.keys()].filter((n) => !ca.has(n)).sort();
  const removed = [...ca.keys()].filter((n) => !cb.has(n)).sort();
  const changed = [];
  for (const [name, entry] of [...cb].sort(([x], [y]) => (x < y ? -1 : 1))) {
    const before = ca.get(name);
    if (!before) continue;
    const changes = commandChanges(before, entry, unrecorded);
    if (changes.length > 0) changed.push([name, changes]);
  }
  return { added, removed, changed, unrecorded };
}
