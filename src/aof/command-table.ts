// Knows which command names redis-server accepts, and their arity, to warn about what it would refuse.

import { createRequire } from 'node:module';
import { lowerName } from '../resp/index.js';

interface CommandSpec {
  readonly arity: number;
  readonly subcommands?: Record<string, CommandSpec>;
}

// The command table of @ioredis/commands (Redis up to 8.x), read as data: it carries arity and subcommands.
const table = createRequire(import.meta.url)('@ioredis/commands/built/commands.json') as Record<string, CommandSpec>;

export type CommandVerdict =
  | { readonly status: 'ok' }
  | { readonly status: 'unknown'; readonly name: string }
  | { readonly status: 'unknown-subcommand'; readonly name: string; readonly sub: string }
  /** `short`: fewer arguments than the command needs (the loader reads past them and crashes). */
  | { readonly status: 'arity'; readonly name: string; readonly arity: number; readonly short: boolean };

const OK: CommandVerdict = { status: 'ok' };

function arityOk(arity: number, argc: number): boolean {
  return arity >= 0 ? argc === arity : argc >= -arity;
}

function arity(name: string, spec: CommandSpec, argc: number): CommandVerdict {
  return arityOk(spec.arity, argc) ? OK : { status: 'arity', name, arity: spec.arity, short: argc < Math.abs(spec.arity) };
}

/** What redis-server's lookupCommand + the command's arity say of an argv (args[0], args[1] and argc). */
export function classifyCommand(name: Buffer, sub: Buffer | undefined, argc: number): CommandVerdict {
  const lower = lowerName(name);
  const spec = table[lower];
  if (spec === undefined) return { status: 'unknown', name: lower };
  // Like lookupCommandLogic: a container command with a second argument is looked up by subcommand.
  if (spec.subcommands && sub !== undefined) {
    const subName = lowerName(sub);
    const subSpec = spec.subcommands[subName];
    if (subSpec === undefined) return { status: 'unknown-subcommand', name: lower, sub: subName };
    return arity(`${lower} ${subName}`, subSpec, argc);
  }
  return arity(lower, spec, argc);
}

/** True for container commands (FUNCTION, XGROUP, …), whose second argument names the subcommand. */
export function hasSubcommands(name: string): boolean {
  return table[name]?.subcommands !== undefined;
}

/** The verdict for a command whose lower-case name is already known (see NameInterner). */
export function checkCommand(name: string, args: Buffer[], argc: number): CommandVerdict {
  const spec = table[name];
  if (spec === undefined) return { status: 'unknown', name };
  if (spec.subcommands && args[0] !== undefined) return classifyCommand(args[0], args[1], argc);
  return arity(name, spec, argc);
}
