// A failed read, write, sync or rename, carrying the file and errno so every message names both.

/** What each errno means to an operator, for the one-line message. */
const MEANING: Record<string, string> = {
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EFBIG: 'file too large (a file size limit, e.g. ulimit -f)',
  EIO: 'input/output error (the disk may be failing)',
  EROFS: 'read-only file system',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EEXIST: 'the file already exists',
  ENOENT: 'no such file or directory',
  EXDEV: 'on another file system',
  EISDIR: 'is a directory',
  ENOTDIR: 'not a directory',
  EMFILE: 'too many open files',
  EINTR: 'interrupted',
};

/** An I/O operation on `path` failed with `code` (an errno name such as ENOSPC, or a short code of ours). */
export class IoFailure extends Error {
  constructor(
    readonly path: string,
    readonly action: string,
    readonly code: string,
    readonly detail?: string,
    /** The symlink the user named, when `path` was reached through it (a full disk may be the link's target's). */
    readonly link?: string,
  ) {
    super(`cannot ${action} ${path}${link === undefined ? '' : ` (reached through the link ${link})`}: ${code} (${detail ?? MEANING[code] ?? 'system error'})`);
    this.name = 'IoFailure';
  }
}

/** The failure told as reached through `link`, when the path the user named was a symlink to `target`. */
export function throughLink(e: unknown, link: string, target: string): unknown {
  if (link === target || !(e instanceof IoFailure) || e.link !== undefined) return e;
  return new IoFailure(e.path, e.action, e.code, e.detail, link);
}

/** The errno name of a Node system error, or null when `e` is not one. */
export function errnoOf(e: unknown): string | null {
  if (!(e instanceof Error)) return null;
  const code = (e as NodeJS.ErrnoException).code;
  return typeof code === 'string' && code.startsWith('E') ? code : null;
}

/** Runs `op`; a system error it throws becomes an IoFailure naming `path` and `action`. */
export async function withPath<T>(path: string, action: string, op: () => Promise<T>): Promise<T> {
  try {
    return await op();
  } catch (e) {
    const code = errnoOf(e);
    if (code === null) throw e;
    throw new IoFailure(path, action, code);
  }
}

/** The same failure told of the file the user named, not of the temp file it was being written as. */
export function asFailureOf(e: unknown, temp: string, target: string): unknown {
  if (!(e instanceof IoFailure) || !e.path.startsWith(temp)) return e;
  return new IoFailure(target + e.path.slice(temp.length), e.action, e.code, e.detail);
}
