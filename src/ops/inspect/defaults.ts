// inspect's defaults that the CLI shows in its help: a module of its own, so that help does not load inspect.

/**
 * Distinct keys per database (and key prefixes) counted exactly before estimates take over: as many as a
 * 16 MiB table holds (2^18 slots of 64 bytes, at most 60% full: 157,286), the most memory inspect keeps.
 * A tally outgrows its first small table straight into that one, so any limit up to it costs the same.
 */
export const DEFAULT_EXACT_KEYS = 150_000;
