// Makes an older version's table from a newer one by dropping what its `since` fields say came later.
import { sortCommands } from './compact.mjs';

/** Numeric comparison of dotted versions ("8.2.0" < "8.10.0"); a missing part counts as 0. */
export function compareVersions(a, b) {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

const later = (since, until) => since !== undefined && compareVersions(since, until) > 0;

/** `dropTokens`: tokens of this command that came after `until` although no `since` field says so. */
function keepArgs(args, until, dropTokens) {
  if (!args) return undefined;
  const kept = [];
  for (const arg of args) {
    if (later(arg.since, until)) continue;
    if (arg.token !== undefined && dropTokens.has(arg.token.toUpperCase())) continue;
    const inner = keepArgs(arg.args, until, dropTokens);
    // A oneof/block whose every alternative came later came later itself.
    if (arg.args && !inner) continue;
    kept.push(inner ? { ...arg, args: inner } : withoutArgs(arg));
  }
  return kept.length > 0 ? kept : undefined;
}

function withoutArgs(arg) {
  const { args: _dropped, ...rest } = arg;
  return rest;
}

function keepCommands(commands, until, tokenSince, prefix) {
  const out = {};
  for (const [name, entry] of Object.entries(commands)) {
    if (later(entry.since, until)) continue;
    const full = prefix + name;
    const dropTokens = new Set(tokenSince.filter((t) => t.command === full && later(t.since, until)).flatMap((t) => t.tokens.map((x) => x.toUpperCase())));
    const copy = { ...entry };
    const args = keepArgs(entry.args, until, dropTokens);
    if (args) copy.args = args;
    else delete copy.args;
    if (entry.subcommands) copy.subcommands = keepCommands(entry.subcommands, until, tokenSince, `${full} `);
    out[name] = copy;
  }
  return out;
}

/**
 * The commands of `commands` as of version `until`: without what their `since` fields, or the cited
 * `tokenSince` entries ({ command, tokens, since }), date after it.
 */
export function deriveCommands(commands, until, tokenSince = []) {
  return sortCommands(keepCommands(commands, until, tokenSince, ''));
}

/** The `tokenSince` entries that removed something when deriving version `until`. */
export function appliedTokenSince(tokenSince, until) {
  return tokenSince.filter((t) => later(t.since, until));
}
