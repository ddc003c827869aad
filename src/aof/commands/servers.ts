// The command table of each server version (data/*.json, see docs/server-versions.md), loaded once on first use.

import { existsSync, readFileSync, readdirSync } from 'node:fs';

export interface CommandSpec {
  readonly arity: number;
  readonly subcommands?: Readonly<Record<string, CommandSpec>>;
  /** A bundled module's command (Redis 8's vector sets): loaded by default, so known like the rest. */
  readonly module?: string;
}

export interface ServerTable {
  /** The data file's name: `redis-7.0.15`, `valkey-9.0.2`, … */
  readonly id: string;
  readonly server: 'redis' | 'valkey';
  readonly version: string;
  /** "Redis 7.0.15", "Valkey 9.0.2": how messages name it. */
  readonly label: string;
  readonly commands: Readonly<Record<string, CommandSpec>>;
}

// Beside this file in src/; in dist/, the build's one bundle of them (bundleTables).
const DATA = new URL('./data/', import.meta.url);

let loaded: ServerTable[] | null = null;

/** Numeric parts of a version for ordering; a development snapshot (`unstable-…`) sorts after every release. */
function versionKey(version: string): number[] {
  if (!/^\d/.test(version)) return [Number.MAX_SAFE_INTEGER];
  return version.split(/[.-]/).map((p) => (/^\d+$/.test(p) ? Number(p) : -1));
}

function compareVersions(a: string, b: string): number {
  const [x, y] = [versionKey(a), versionKey(b)];
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** A data file as stored: provenance and full command docs beside the `commands` the loader reads. */
interface TableFile {
  readonly server: 'redis' | 'valkey';
  readonly version: string;
  readonly commands: Readonly<Record<string, CommandSpec>>;
}

/** A spec with only the fields aof reads (a data file also records flags, key specs and arguments). */
function keptSpec(spec: CommandSpec): CommandSpec {
  const kept: { arity: number; subcommands?: Record<string, CommandSpec>; module?: string } = { arity: spec.arity };
  if (spec.subcommands !== undefined) kept.subcommands = keptCommands(spec.subcommands);
  if (spec.module !== undefined) kept.module = spec.module;
  return kept;
}

function keptCommands(commands: Readonly<Record<string, CommandSpec>>): Record<string, CommandSpec> {
  const out: Record<string, CommandSpec> = {};
  for (const [name, spec] of Object.entries(commands)) out[name] = keptSpec(spec);
  return out;
}

/** What the build bundles: a table with its id, reduced to what the loader reads. */
interface BundledTable extends TableFile {
  readonly id: string;
}

/** The one file in dist that holds every table (see bundleTables); src/ has only the data files. */
const BUNDLE = 'tables.json';

/**
 * Every data file (name → text), reduced to what the loader reads, as one JSON text: the build writes it in
 * dist. Parsing the full files (1.7 MB) took 40–60 ms of every run that judges a command; the reduced ones one
 * by one 14–28 ms (on each thread that judges), this file 7 ms.
 */
export function bundleTables(files: ReadonlyMap<string, string>): string {
  return JSON.stringify([...files].map(([name, text]) => reduced(name, text)));
}

/** The data file `name` (its text) reduced to what the loader reads. */
function reduced(name: string, text: string): BundledTable {
  const data = JSON.parse(text) as TableFile;
  return { id: name.slice(0, -'.json'.length), server: data.server, version: data.version, commands: keptCommands(data.commands) };
}

/** The tables as the build bundled them, or each data file reduced as it is read (from src/, in tests). */
function readTables(): BundledTable[] {
  const bundle = new URL(BUNDLE, DATA);
  if (existsSync(bundle)) return JSON.parse(readFileSync(bundle, 'utf8')) as BundledTable[];
  return readdirSync(DATA)
    .filter((n) => n.endsWith('.json'))
    .map((name) => reduced(name, readFileSync(new URL(name, DATA), 'utf8')));
}

/** Every table, Redis before Valkey, oldest version first. */
export function serverTables(): readonly ServerTable[] {
  if (loaded !== null) return loaded;
  const tables: ServerTable[] = readTables().map((t) => ({ ...t, label: `${t.server === 'redis' ? 'Redis' : 'Valkey'} ${t.version}` }));
  // Code-point order, not localeCompare: the first collation loads ICU's data (~20 ms of every run).
  tables.sort((a, b) => (a.server === b.server ? compareVersions(a.version, b.version) : a.server < b.server ? -1 : 1));
  loaded = tables;
  return tables;
}

/** Thrown for a --server the tables do not cover: a usage error, named with the choices. */
export class UnknownServerError extends Error {
  constructor(readonly wanted: string) {
    super(`no command table for server '${wanted}': use one of ${serverChoices().join(', ')} (e.g. redis-7.0, redis-8, valkey-9.0)`);
  }
}

/** The ids --server accepts in full; any dotted prefix of one works too. */
export function serverChoices(): string[] {
  return serverTables().map((t) => t.id);
}

/**
 * The table for `redis-7.0`, `redis-8`, `valkey-9.0.2`, …: the newest release whose version starts with
 * the one given at a dot boundary (a development snapshot only when named).
 */
export function findServer(wanted: string): ServerTable {
  const m = /^(redis|valkey)[-@ ]?(.*)$/i.exec(wanted.trim());
  if (m === null) throw new UnknownServerError(wanted);
  const server = m[1]!.toLowerCase();
  const version = m[2]!.toLowerCase();
  const matches = serverTables().filter(
    (t) =>
      t.server === server &&
      (version === '' ? /^\d/.test(t.version) : t.version === version || t.version.startsWith(`${version}.`) || t.version.startsWith(`${version}-`)),
  );
  const newest = matches.at(-1);
  if (newest === undefined) throw new UnknownServerError(wanted);
  return newest;
}
