// A file that changed size under us: a redis-server (or something else) is still writing it.

export class FileChangedError extends Error {
  constructor(
    readonly path: string,
    readonly expectedSize: number,
    readonly actualSize: number,
    /** `read`: while aof read it (its verdict may be stale); `fix`: between the check and the cut. */
    readonly during: 'read' | 'fix' = 'fix',
  ) {
    const what = during === 'read' ? 'while being read' : 'since it was checked';
    const after = during === 'read' ? 'then run the command again' : 'then run the fix again. Nothing was changed';
    super(
      `${path} changed size ${what} (${expectedSize} → ${actualSize} bytes): is a redis-server still writing it? Stop it (or wait until it stops), ${after}.`,
    );
    this.name = 'FileChangedError';
  }
}
