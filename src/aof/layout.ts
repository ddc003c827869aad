// Resolves a path to what it holds: a single AOF, an RDB, a manifest with its files, or an appendonlydir.

import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { parseManifest, type Manifest } from './manifest.js';
import { indexPacked, packingsOf, readHead, unpackedName, type PackedIndex, type PackedRef } from './packed/archive.js';
import { unpackCommand } from './packed/packing.js';
import type { AofProblem } from './problem.js';

export type AofKind = 'resp' | 'rdb-preamble' | 'multi-part' | 'rdb';
export type FileRole = 'single' | 'base' | 'incr' | 'history';

export interface AofFile {
  readonly path: string;
  readonly name: string;
  readonly role: FileRole;
  /** Size in bytes, or null when the file is missing. */
  readonly size: number | null;
  /**
   * Starts with an RDB magic, `REDIS` or Valkey 9's `VALKEY` (how the server tells an RDB base or preamble,
   * whatever the name).
   */
  readonly rdb: boolean;
  /** Set when the file is a member of a packed backup (a tar, a .gz, a .zst): its bytes are streamed from there. */
  readonly packed?: PackedRef;
}

export interface AofLayout {
  /** The path as the user gave it. */
  readonly path: string;
  readonly kind: AofKind;
  readonly manifestPath: string | null;
  readonly manifest: Manifest | null;
  /** Base first, then incr files in manifest order, then history files (which are never read). */
  readonly files: AofFile[];
  /** Manifest problems and missing files: any error here means redis-server will not start. */
  readonly problems: AofProblem[];
}

/** Thrown for a path that cannot be read at all (exit code 2), as opposed to a damaged file. */
export class UnreadablePathError extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`${path}: ${reason}`);
  }
}

const RDB_MAGICS = [Buffer.from('REDIS'), Buffer.from('VALKEY')];

async function statOrNull(path: string): Promise<{ size: number; dir: boolean; file: boolean; what: string } | null> {
  try {
    const s = await stat(path);
    const what = s.isFIFO()
      ? 'a FIFO'
      : s.isCharacterDevice()
        ? 'a character device'
        : s.isBlockDevice()
          ? 'a block device'
          : s.isSocket()
            ? 'a socket'
            : 'not a regular file';
    return { size: s.size, dir: s.isDirectory(), file: s.isFile(), what };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

async function isRdb(path: string): Promise<boolean> {
  const head = await readHead(path, 6);
  return RDB_MAGICS.some((m) => head.subarray(0, m.length).equals(m));
}

/** A manifest is named *.manifest or its first non-comment line starts with the word `file`. */
function looksLikeManifest(path: string, head: Buffer): boolean {
  if (path.endsWith('.manifest')) return true;
  if (head[0] === 0x2a || head.length === 0) return false; // '*': RESP
  for (const line of head.toString('latin1').split('\n')) {
    if (line.startsWith('#')) continue;
    return /^\s*file\s/i.test(line);
  }
  return false;
}

async function findManifest(dir: string): Promise<string | null> {
  const names = (await readdir(dir)).filter((n) => n.endsWith('.manifest') && !n.startsWith('temp-'));
  if (names.length === 1) return join(dir, names[0]!);
  if (names.includes('appendonly.aof.manifest')) return join(dir, 'appendonly.aof.manifest');
  if (names.length > 1) {
    throw new UnreadablePathError(dir, `holds several manifests (${names.join(', ')}): name the one to use`);
  }
  return null;
}

/** Entries that are no AOF's: hidden files (a `.gitkeep`, an editor's), which no server reads. */
function aofEntries(names: string[]): string[] {
  return names.filter((n) => !n.startsWith('.'));
}

/**
 * An appendonlydir with no manifest, or an empty one, beside an old single `appendonly.aof`: the server
 * upgrades (aofUpgradePrepare) and loads that file; so does aof. Null when there is no such file.
 */
async function pendingUpgrade(dataDir: string): Promise<string | null> {
  const old = join(dataDir, 'appendonly.aof');
  return (await statOrNull(old))?.file ? old : null;
}

/** The manifest or single AOF a directory holds, or null for an empty appendonlydir (a fresh server's). */
async function resolveDirectory(dir: string): Promise<string | null> {
  const manifest = await findManifest(dir);
  if (manifest) return manifest;
  const here = aofEntries(await readdir(dir));
  if (here.length === 0) return (await pendingUpgrade(dirname(dir))) ?? null;
  // A Redis data directory: look inside its appendonlydir, or use its old-style appendonly.aof.
  const inner = join(dir, 'appendonlydir');
  if ((await statOrNull(inner))?.dir) {
    const innerManifest = await findManifest(inner);
    if (innerManifest) return innerManifest;
    const old = await pendingUpgrade(dir);
    if (old) return old;
    if (aofEntries(await readdir(inner)).length === 0) return null;
    throw new UnreadablePathError(
      inner,
      'holds files but no manifest: redis-server would start with an EMPTY dataset and ignore them. Restore the manifest (appendonly.aof.manifest) before starting it',
    );
  }
  const old = await pendingUpgrade(dir);
  if (old) return old;
  if (here.some((n) => /\.(aof|rdb)$/.test(n))) {
    throw new UnreadablePathError(
      dir,
      'holds AOF files but no manifest: redis-server would start with an EMPTY dataset and ignore them. Restore the manifest (appendonly.aof.manifest) before starting it',
    );
  }
  throw new UnreadablePathError(dir, 'is a directory with no AOF manifest (*.manifest), appendonlydir or appendonly.aof');
}

async function describeFile(path: string, role: AofFile['role']): Promise<AofFile> {
  const s = await statOrNull(path);
  const regular = s?.file === true;
  return { path, name: basename(path), role, size: regular ? s.size : null, rdb: regular && s.size > 0 && (await isRdb(path)) };
}

/** Where a manifest's files are looked up: the directory on disk, or the members of a packed backup. */
interface FileTree {
  /** The file at `path` (a path in the tree), as AofFile (size null when it is not there). */
  describe(path: string, role: FileRole): Promise<AofFile>;
  isFile(path: string): Promise<boolean>;
  /** How messages name a path of the tree. */
  display(path: string): string;
}

const DISK: FileTree = {
  describe: describeFile,
  isFile: async (path) => (await statOrNull(path))?.file ?? false,
  display: (path) => path,
};

async function resolveManifest(userPath: string, manifestAt: string, manifestBytes: Buffer, tree: FileTree): Promise<AofLayout> {
  const manifest = parseManifest(manifestBytes);
  const manifestPath = tree.display(manifestAt);
  const dir = dirname(manifestAt);
  const problems: AofProblem[] = [];
  const toProblem = (p: { code: string; message: string; line: number | null; offset: number | null }, severity: 'error' | 'warning'): AofProblem => ({
    severity,
    code: p.code,
    kind: 'corrupt',
    file: manifestPath,
    offset: p.offset,
    line: p.line,
    message: p.message,
  });
  if (manifest.problem) problems.push(toProblem(manifest.problem, 'error'));
  for (const w of manifest.warnings) problems.push({ ...toProblem(w, 'warning'), kind: undefined });
  const files: AofFile[] = [];
  const entries = [
    ...(manifest.base ? [{ e: manifest.base, role: 'base' as const }] : []),
    ...manifest.incrs.map((e) => ({ e, role: 'incr' as const })),
    ...manifest.history.map((e) => ({ e, role: 'history' as const })),
  ];
  // An upgrade interrupted after the manifest was written and before the old file moved in: the server
  // finds the base in its data directory and moves it (loadAppendOnlyFiles' third upgrade case).
  const upgrading =
    manifest.base !== null && manifest.incrs.length === 0 && !(await tree.isFile(join(dir, manifest.base.name)))
      ? await tree.isFile(join(dirname(dir), manifest.base.name))
      : false;
  if (upgrading && manifest.base) {
    problems.push({
      severity: 'warning',
      code: 'upgrade-pending',
      file: manifestPath,
      offset: null,
      line: manifest.base.line,
      message: `an upgrade from a single-file AOF was interrupted: ${manifest.base.name} is still beside the appendonlydir; redis-server moves it in and loads it at its next start`,
    });
  }
  for (const { e, role } of entries) {
    const file = await tree.describe(upgrading && role === 'base' ? join(dirname(dir), e.name) : join(dir, e.name), role);
    files.push(file);
    if (join(dir, e.name) === manifestAt && role !== 'history') {
      problems.push({
        severity: 'error',
        code: 'manifest-lists-itself',
        kind: 'corrupt',
        file: manifestPath,
        offset: null,
        line: e.line,
        message: `the manifest lists itself as ${role} file (line ${e.line}): redis-server would read the manifest as an AOF and refuse it ("Bad file format")`,
      });
      continue;
    }
    if (file.size === null && role !== 'history') {
      problems.push({
        severity: 'error',
        code: 'file-missing',
        kind: 'corrupt',
        file: file.path,
        offset: null,
        line: e.line,
        message: `the manifest lists ${role} file ${e.name} (line ${e.line}) but it does not exist: redis-server exits ("Unable to obtain the AOF file length")`,
      });
    }
  }
  if (!manifest.problem && !manifest.base && manifest.incrs.length === 0) {
    problems.push({
      severity: 'warning',
      code: 'manifest-no-files',
      file: manifestPath,
      offset: null,
      line: null,
      message: 'the manifest lists no base and no incr file: redis-server starts with an empty dataset',
    });
  }
  return { path: userPath, kind: 'multi-part', manifestPath, manifest, files, problems };
}

/** Progress of a long read; `listing` while a packed backup's members are found, before any file is read. */
export type OnProgress = (done: number, total: number, phase?: 'listing') => void;

/** ResolveOptions that report a packed backup's listing to `onProgress`, marked as such. */
export function listingTo(onProgress: OnProgress | undefined): ResolveOptions {
  return {
    onListing:
      onProgress &&
      ((done, total) => {
        onProgress(done, total, 'listing');
      }),
  };
}

export interface ResolveOptions {
  /** Packed bytes read while a packed backup is listed (its members found before any is checked). */
  readonly onListing?: (done: number, total: number) => void;
}

/** What PATH is: a file (RESP, RDB preamble, bare RDB, manifest) or a directory holding a manifest. */
export async function resolveAof(path: string, options: ResolveOptions = {}): Promise<AofLayout> {
  if (path === '-') throw new UnreadablePathError(path, 'reading standard input is not supported: save it to a file (or unpack it) first, then name that file');
  const s = await statOrNull(path);
  if (!s) throw new UnreadablePathError(path, 'no such file or directory');
  if (!s.dir && !s.file) throw new UnreadablePathError(path, `is ${s.what}, not an AOF file or directory`);
  if (s.file) {
    const packings = await packingsOf(path);
    if (packings.length > 0) return resolvePacked(path, await indexPacked(path, packings, options.onListing));
  }
  const target = s.dir ? await resolveDirectory(path) : path;
  // An empty appendonlydir is what a fresh server has: it starts on it with no data (and creates the files).
  if (target === null) return { path, kind: 'multi-part', manifestPath: null, manifest: null, files: [], problems: [] };
  const head = await readHead(target, 4096);
  if (looksLikeManifest(target, head)) return resolveManifest(path, target, await readFile(target), DISK);
  return singleFile(path, await describeFile(target, 'single'));
}

function singleFile(path: string, file: AofFile): AofLayout {
  const kind: AofKind = file.rdb ? (file.name.endsWith('.rdb') ? 'rdb' : 'rdb-preamble') : 'resp';
  return { path, kind, manifestPath: null, manifest: null, files: [file], problems: [] };
}

/** The members of a packed backup as a FileTree: paths are member names; messages say `archive:member`. */
function packedTree(index: PackedIndex): FileTree {
  const byName = new Map(index.members.map((m) => [m.ref.member ?? '', m]));
  const display = (name: string) => `${index.path}:${name}`;
  return {
    describe(name, role) {
      const m = byName.get(name);
      const rdb = m !== undefined && m.size > 0 && RDB_MAGICS.some((magic) => m.head.subarray(0, magic.length).equals(magic));
      return Promise.resolve({ path: display(name), name: basename(name), role, size: m?.size ?? null, rdb, ...(m && { packed: m.ref }) });
    },
    isFile: (name) => Promise.resolve(byName.has(name)),
    display,
  };
}

/** Damage in the packing: what comes before it is read; the verdict cannot be better than this error. */
function packingProblem(index: PackedIndex): AofProblem[] {
  const d = index.damage;
  if (d === null) return [];
  const what = index.packings.join(' inside ');
  const where = d.member === null ? `after ${d.offset} uncompressed bytes` : `in ${d.member} after ${d.offset} of its bytes`;
  return [
    {
      severity: 'error',
      code: 'archive-damaged',
      kind: 'corrupt',
      file: d.member === null ? index.path : `${index.path}:${d.member}`,
      offset: d.offset,
      line: null,
      message:
        `the ${what} packing is damaged (${d.reason}) ${where}: what comes before is checked, the rest cannot be read. ` +
        `Get an intact copy of the backup, or unpack what can be read (${unpackCommand(index.packings[0]!, basename(index.path))}) and check that`,
    },
  ];
}

/**
 * An appendonlydir packed without a manifest, as the server sees one on disk (resolveDirectory): empty (hidden
 * files at most) is a fresh server's, files without a manifest are ignored by the server. Undefined when the
 * archive has no appendonlydir, or AOF files outside it.
 */
function packedAofDir(path: string, index: PackedIndex, names: string[]): AofLayout | undefined {
  const inAofDir = (name: string) => basename(dirname(name)) === 'appendonlydir';
  const hasAofDir = index.dirs.some((d) => basename(d) === 'appendonlydir') || names.some(inAofDir);
  if (!hasAofDir || names.some((n) => !inAofDir(n) && /\.(aof|rdb)$/.test(n))) return undefined;
  if (!names.some((n) => inAofDir(n) && !basename(n).startsWith('.')))
    return { path, kind: 'multi-part', manifestPath: null, manifest: null, files: [], problems: [] };
  throw new UnreadablePathError(
    path,
    `holds an appendonlydir with files but no manifest: redis-server would start with an EMPTY dataset and ignore them. Restore the manifest (appendonly.aof.manifest), or unpack it (${unpackCommand(index.packings[0]!, basename(path))}) and look at the files`,
  );
}

/**
 * A packed backup: a compressed lone AOF or RDB, or a tar holding an appendonlydir (found by its manifest),
 * a single appendonly.aof or a dump.rdb.
 */
async function resolvePacked(path: string, index: PackedIndex): Promise<AofLayout> {
  const problems = packingProblem(index);
  const tree = packedTree(index);
  const withDamage = (layout: AofLayout): AofLayout => ({ ...layout, problems: [...problems, ...layout.problems] });
  if (index.packings.at(-1) !== 'tar') {
    const m = index.members[0]!;
    if (m.content !== null && looksLikeManifest(unpackedName(path), m.content.subarray(0, 4096))) {
      throw new UnreadablePathError(path, 'holds only a manifest: the files it lists are not in it. Pack the whole appendonlydir (tar) and check that');
    }
    const file = await tree.describe('', 'single');
    return withDamage(singleFile(path, { ...file, path, name: unpackedName(path) }));
  }
  const manifests = index.members.filter((m) => m.ref.member?.endsWith('.manifest') === true && !basename(m.ref.member).startsWith('temp-'));
  const chosen = manifests.length === 1 ? manifests[0] : manifests.find((m) => basename(m.ref.member!) === 'appendonly.aof.manifest');
  if (chosen) {
    if (chosen.content === null)
      throw new UnreadablePathError(
        path,
        `its manifest ${chosen.ref.member ?? ''} is over a MiB: not a manifest aof can read from an archive; extract it and check the directory`,
      );
    return withDamage(await resolveManifest(path, chosen.ref.member!, chosen.content, tree));
  }
  const names = index.members.map((m) => m.ref.member!);
  const aofDirLayout = packedAofDir(path, index, names);
  if (aofDirLayout !== undefined) return withDamage(aofDirLayout);
  if (manifests.length > 1) {
    throw new UnreadablePathError(path, `holds several manifests (${manifests.map((m) => m.ref.member).join(', ')}): extract it and name the one to use`);
  }
  const aofs = names.filter((n) => /\.(aof|rdb)$/.test(n));
  if (aofs.length === 1) return withDamage(singleFile(path, await tree.describe(aofs[0]!, 'single')));
  if (aofs.length > 1) {
    const listed = aofs.slice(0, 5).join(', ') + (aofs.length > 5 ? ', …' : '');
    throw new UnreadablePathError(
      path,
      `holds ${aofs.length} AOF or RDB files and no manifest (${listed}): extract it (${unpackCommand(index.packings[0]!, basename(path))}) and name the one to check`,
    );
  }
  if (index.damage) return { path, kind: 'multi-part', manifestPath: null, manifest: null, files: [], problems };
  throw new UnreadablePathError(
    path,
    `is a ${index.packings.join(' inside ')} archive with no AOF in it (no manifest, appendonlydir, *.aof or *.rdb among its ${names.length} files): name the backup of a Redis data directory, or list it (tar -tvf ${basename(path)}) to see what it holds`,
  );
}

/** The files redis-server reads, in order: the base, then the incr files (history files are skipped). */
export function loadedFiles(layout: AofLayout): AofFile[] {
  return layout.files.filter((f) => f.role !== 'history');
}

/**
 * Why a tool that writes (fix, salvage, filter) will not work on a packed backup, with the command that
 * unpacks it; null when no file of the layout is packed.
 */
export function packedRefusal(layout: AofLayout): string | null {
  const packed = layout.files.find((f) => f.packed)?.packed;
  if (packed === undefined) return null;
  const name = basename(packed.archive);
  return (
    `${name} is a packed backup (${packed.packings.join(' inside ')}): aof changes files only in place and leaves a backup as it is. ` +
    `Unpack it (${unpackCommand(packed.packings[0]!, name)}), then run this on the unpacked ${packed.member === null ? 'file' : 'files'}`
  );
}
