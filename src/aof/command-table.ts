// Knows which command names each server version accepts, and their arity, to say what a loader would refuse.

import { lowerName } from '../resp/index.js';
import { ownEntry } from './own-entry.js';
import { findServer, serverTables, type CommandSpec, type ServerTable } from './commands/servers.js';

export type CommandVerdict =
  | { readonly status: 'ok' }
  | { readonly status: 'unknown'; readonly name: string }
  /** A `family.command` name no table knows (JSON.SET, TS.ADD, BF.ADD, FT.CREATE, …): a module's command. */
  | { readonly status: 'module'; readonly name: string }
  | { readonly status: 'unknown-subcommand'; readonly name: string; readonly sub: string }
  /** `short`: fewer arguments than the command needs (the loader reads past them and crashes). */
  | { readonly status: 'arity'; readonly name: string; readonly arity: number; readonly short: boolean }
  /** The target server lacks the command, other versions have it (labels, oldest first): a file for them. */
  | { readonly status: 'elsewhere'; readonly name: string; readonly servers: readonly string[] };

const OK: CommandVerdict = { status: 'ok' };

/** One name across every table: its distinct arities, its subcommands', and the servers that have it. */
interface UnionEntry {
  readonly arities: number[];
  readonly servers: string[];
  subcommands: Map<string, { arities: number[]; servers: string[] }> | null;
}

/** Each name's entry across the tables, gathered on first use (null: no table has it). */
const union = new Map<string, UnionEntry | null>();

function addArity(list: number[], arity: number): void {
  if (!list.includes(arity)) list.push(arity);
}

/**
 * One name across every table, gathered when a file first names it: a file names a few dozen commands, the
 * tables hold hundreds each, and merging them all took 15 ms of every run.
 */
function unionEntry(name: string): UnionEntry | undefined {
  let e = union.get(name);
  if (e === undefined) {
    e = null;
    for (const t of serverTables()) {
      const spec = ownEntry(t.commands, name);
      if (spec === undefined) continue;
      e ??= { arities: [], servers: [], subcommands: null };
      addArity(e.arities, spec.arity);
      e.servers.push(t.label);
      for (const [sub, subSpec] of Object.entries(spec.subcommands ?? {})) {
        e.subcommands ??= new Map();
        let s = e.subcommands.get(sub);
        if (s === undefined) e.subcommands.set(sub, (s = { arities: [], servers: [] }));
        addArity(s.arities, subSpec.arity);
        s.servers.push(t.label);
      }
    }
    union.set(name, e);
  }
  return e ?? undefined;
}

function arityOk(arity: number, argc: number): boolean {
  return arity >= 0 ? argc === arity : argc >= -arity;
}

/** Fits if any of the arities fits; short only if it is short for every one. */
function arityOf(name: string, arities: readonly number[], argc: number): CommandVerdict {
  if (arities.some((a) => arityOk(a, argc))) return OK;
  const need = Math.min(...arities.map(Math.abs));
  return { status: 'arity', name, arity: arities[0]!, short: argc < need };
}

// A module's commands are namespaced `family.command` (RedisModule_CreateCommand names by convention).
const MODULE_NAME = /^[a-z][a-z0-9_-]*\.[a-z0-9_.-]+$/;

function unknownName(name: string): CommandVerdict {
  return MODULE_NAME.test(name) ? { status: 'module', name } : { status: 'unknown', name };
}

/**
 * The rules of one server (a table, via --server), or of any server the tables know (null): a command any
 * version has is one some server wrote.
 */
export type CommandTarget = ServerTable | null;

/** The target for a --server value (`redis-7.0`, `valkey-9`, …) or undefined for any version. */
export function commandTarget(server: string | undefined): CommandTarget {
  return server === undefined ? null : findServer(server);
}

function verdictIn(target: ServerTable, lower: string, sub: Buffer | undefined, argc: number): CommandVerdict {
  const spec: CommandSpec | undefined = ownEntry(target.commands, lower);
  const known = unionEntry(lower);
  if (spec === undefined) return known ? { status: 'elsewhere', name: lower, servers: known.servers } : unknownName(lower);
  if (spec.subcommands && sub !== undefined) {
    const subName = lowerName(sub);
    const subSpec = ownEntry(spec.subcommands, subName);
    if (subSpec === undefined) {
      const other = known?.subcommands?.get(subName);
      return other ? { status: 'elsewhere', name: `${lower} ${subName}`, servers: other.servers } : { status: 'unknown-subcommand', name: lower, sub: subName };
    }
    return arityOf(`${lower} ${subName}`, [subSpec.arity], argc);
  }
  return arityOf(lower, [spec.arity], argc);
}

function verdictAny(lower: string, sub: Buffer | undefined, argc: number): CommandVerdict {
  const e = unionEntry(lower);
  if (e === undefined) return unknownName(lower);
  // Like lookupCommandLogic: a container command with a second argument is looked up by subcommand.
  if (e.subcommands && sub !== undefined) {
    const subName = lowerName(sub);
    const s = e.subcommands.get(subName);
    if (s === undefined) return { status: 'unknown-subcommand', name: lower, sub: subName };
    return arityOf(`${lower} ${subName}`, s.arities, argc);
  }
  return arityOf(lower, e.arities, argc);
}

/** What the target's lookupCommand + the command's arity say of an argv (args[0], args[1] and argc). */
export function classifyCommand(name: Buffer, sub: Buffer | undefined, argc: number, target: CommandTarget = null): CommandVerdict {
  const lower = lowerName(name);
  return target === null ? verdictAny(lower, sub, argc) : verdictIn(target, lower, sub, argc);
}

/**
 * What the tables say of one command name, looked up once per name: the judgement of a file calls check()
 * for every command, and three table look-ups per command were a third of a check's time.
 */
export interface CommandRule {
  /** A container command (FUNCTION, XGROUP, …): its second argument names the subcommand, so check() reads it. */
  readonly subcommands: boolean;
  check(args: readonly Buffer[], argc: number): CommandVerdict;
}

/** Arities as one test: exact counts, and the least count of any variadic form (Infinity without one). */
function arityTest(arities: readonly number[]): (argc: number) => boolean {
  const exact = arities.filter((a) => a >= 0);
  const least = Math.min(...arities.filter((a) => a < 0).map((a) => -a));
  return (argc) => argc >= least || exact.includes(argc);
}

/** The rule for a lower-case name under a target. */
export function commandRule(name: string, target: CommandTarget = null): CommandRule {
  const e = unionEntry(name);
  const subcommands = e?.subcommands != null;
  const spec = target === null ? undefined : ownEntry(target.commands, name);
  const arities = target === null ? e?.arities : spec && [spec.arity];
  const slow = (args: readonly Buffer[], argc: number) => {
    const sub = subcommands ? args[1] : undefined;
    return target === null ? verdictAny(name, sub, argc) : verdictIn(target, name, sub, argc);
  };
  if (arities === undefined || (subcommands && (target === null || spec?.subcommands))) return { subcommands, check: slow };
  // The common case: a plain command the target has, whose arity is all there is to judge.
  const fits = arityTest(arities);
  return { subcommands, check: (args, argc) => (fits(argc) ? OK : slow(args, argc)) };
}

/** The span of versions the tables cover, for reports: "Redis 7.0.15 – 8.10.0, Valkey 7.2.7 – 9.1.0-rc2". */
export function knownServers(): string {
  const spans = new Map<string, string[]>();
  for (const t of serverTables()) if (/^\d/.test(t.version)) spans.set(t.server, [...(spans.get(t.server) ?? []), t.version]);
  return [...spans]
    .map(([server, versions]) => `${server === 'redis' ? 'Redis' : 'Valkey'} ${versions.slice(0, 1).join('')} – ${versions.slice(-1).join('')}`)
    .join(', ');
}
