// The contract between the scratch keyspace's core (databases, keys, expiry) and its per-type modules.

/** A reply as Redis would send it; tests compare these with recorded Redis replies. */
export type Reply = null | number | bigint | Buffer | SimpleReply | ErrorReply | Reply[];

export interface SimpleReply {
  readonly simple: string; // e.g. 'OK', 'QUEUED'
}

/** Redis refused the command; it changed nothing. */
export interface ErrorReply {
  readonly error: string; // e.g. 'WRONGTYPE Operation against a key holding the wrong kind of value'
}

/** Every value type module exports a class whose instances carry this discriminator. */
export type ValueType = 'string' | 'list' | 'hash' | 'set' | 'zset' | 'stream';

export interface RedisValue {
  readonly type: ValueType;
  /** Gives back pooled storage once the value leaves the keyspace (databases call it; it is never used again). */
  release?(): void;
}

/** What a command handler may do to the current database. */
export interface DbView {
  readonly index: number;
  /** The value at key, or undefined (keys never expire while replaying, as in Redis's loader). */
  lookup(key: Buffer): RedisValue | undefined;
  /** Adds a key that does not exist yet, with no TTL. */
  add(key: Buffer, value: RedisValue): void;
  /** Removes key and its TTL, releasing its value; true if it existed. */
  delete(key: Buffer): boolean;
}

export interface KeyspaceContext {
  readonly db: DbView;
  /** The time the command runs at (ms): relative expiries in old AOFs are resolved against it. */
  readonly nowMs: number;
  /** What the server that will load the output does where versions differ; absent: not known. */
  readonly behaviour?: ServerBehaviour;
  /** Records that a guess was made or a command replayed approximately (said once per kind in the report). */
  readonly caveat?: (message: string) => void;
}

/** Behaviour that differs between server versions (docs/server-versions.md, section 3); null: not known. */
export interface ServerBehaviour {
  /**
   * XCLAIM and XAUTOCLAIM create the named consumer even when they claim nothing: Redis and Valkey 7.2+ (#11099),
   * not 7.0. Unknown: behave as 7.2+, with a caveat.
   */
  readonly claimCreatesConsumer: boolean | null;
}

/** args[0] is the command name as written in the file (any case). */
export type CommandHandler = (ctx: KeyspaceContext, args: Buffer[]) => Reply;

/** Takes bytes where they lie, source[start, end), read during the call (a RespWriter's argRange). */
export interface ArgOut {
  argRange(source: Buffer, start: number, end: number): void;
}

/** Takes a command argument by argument (a RespWriter): begin(argc), then argc calls of arg or argRange. */
export interface CommandOut extends ArgOut {
  begin(argc: number): void;
  arg(bytes: Buffer): void;
}

/** Receives the commands of a rewrite, one argv at a time. */
export type EmitCommand = (args: Buffer[]) => void;
