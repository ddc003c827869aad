// Reads files out of a bare git directory at a revision (git ls-tree / git show), nothing checked out.
import { execFileSync } from 'node:child_process';

function git(dir, args) {
  return execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
}

/** The full commit hash a tag, branch or abbreviated hash names. */
export function resolveCommit(dir, rev) {
  return git(dir, ['rev-parse', '--verify', `${rev}^{commit}`]).trim();
}

/** Names of the files directly under `folder` at `rev`. */
export function listFiles(dir, rev, folder) {
  return git(dir, ['ls-tree', '--name-only', rev, `${folder.replace(/\/$/, '')}/`])
    .split('\n')
    .filter(Boolean)
    .map((p) => p.slice(p.lastIndexOf('/') + 1));
}

export function readFile(dir, rev, path) {
  return git(dir, ['show', `${rev}:${path}`]);
}

/** Many files at once through one `git cat-file --batch` (one git process per file is slow). */
export function readFiles(dir, rev, paths) {
  const out = execFileSync('git', ['-C', dir, 'cat-file', '--batch'], {
    input: paths.map((p) => `${rev}:${p}\n`).join(''),
    maxBuffer: 1 << 28,
  });
  const texts = [];
  let at = 0;
  for (const path of paths) {
    const eol = out.indexOf(10, at);
    const head = out.toString('utf8', at, eol).split(' ');
    if (head[1] !== 'blob') throw new Error(`${rev}:${path}: ${head.join(' ')}`);
    const size = Number(head[2]);
    texts.push(out.toString('utf8', eol + 1, eol + 1 + size));
    at = eol + 1 + size + 1;
  }
  return texts;
}
