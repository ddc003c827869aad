// Options shared by the commands that judge or replay an AOF (check, fix, salvage, rewrite).

export const allowUnknownCommandsOption = {
  type: 'boolean',
  default: false,
  describe: "commands no server version knows (a renamed one) are warnings, not errors; a module's (JSON.SET, TS.ADD, …) always are",
} as const;

export const serverOption = {
  type: 'string',
  describe:
    'the server that loads the file, as redis-7.0, redis-7.4, redis-8, valkey-8.0, valkey-9 (a dotted prefix; the newest matching table): ' +
    'judge commands by its table, and replay as it behaves where versions differ. Default: any version aof knows, ' +
    'and for rewrite the version an RDB base names',
} as const;
