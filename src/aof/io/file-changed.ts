// A file that changed size, or went away, under us: a redis-server (or something else) is still writing it.

export class FileChangedError extends Error {
  constructor(
    readonly path: string,
    readonly expectedSize: number,
    /** Its size now; null when it is gone (a server's AOF rewrite replaces the files its manifest lists). */
    readonly actualSize: number | null,
    /** `read`: while aof read it (its verdict may be stale); `fix`: between the check and the cut. */
    readonly during: 'read' | 'fix' = 'fix',
  ) {
    const what = during === 'read' ? 'while being read' : 'since it was checked';
    const after = during === 'read' ? 'then run the command again' : 'then run the fix again. Nothing was changed';
    const change =
      actualSize === null
        ? `was removed ${what} (it had ${expectedSize} bytes): is a redis-server still writing it (its AOF rewrite replaces the files)?`
        : `changed size ${what} (${expectedSize} → ${actualSize} bytes): is a redis-server still writing it?`;
    super(`${path} ${change} Stop it (or wait until it stops), ${after}.`);
    this.name = 'FileChangedError';
  }
}
