// A table's entry for a name read from a file: its own property only, never one Object.prototype supplies.

/**
 * `record[name]` when the record has that name itself, else undefined. Tables kept as plain objects and looked up
 * by command, subcommand or option names a file holds would otherwise answer `constructor`, `__proto__` or
 * `toString` with Object.prototype's (a known command of arity undefined, a crash further on).
 */
export function ownEntry<T>(record: Readonly<Record<string, T>> | undefined, name: string): T | undefined {
  return record !== undefined && Object.hasOwn(record, name) ? record[name] : undefined;
}
