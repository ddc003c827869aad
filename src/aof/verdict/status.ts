// The verdict on a whole AOF in one word, from its manifest's problems and its files' verdicts.

import type { AofLayout } from '../layout.js';
import type { FileResult } from './file-verdict.js';

/**
 * `valid` (loads), `empty` (an empty appendonlydir: the server starts on it with no data), `truncated` (only
 * the last file's tail is cut: aof-load-truncated yes, the default, loads it by cutting it; no refuses),
 * `invalid` (refused), `unsupported` (written by a server newer than aof knows), `not-aof` (not an AOF or
 * RDB at all).
 */
export type CheckStatus = 'valid' | 'empty' | 'truncated' | 'invalid' | 'unsupported' | 'not-aof';

/** redis-server with aof-load-truncated no loads the AOF. */
export function loads(layout: AofLayout, results: readonly FileResult[]): boolean {
  return layout.problems.every((p) => p.severity !== 'error') && results.every((r) => r.error === null);
}

export function aofStatus(layout: AofLayout, results: readonly FileResult[]): CheckStatus {
  if (loads(layout, results)) return layout.kind === 'multi-part' && layout.manifest === null ? 'empty' : 'valid';
  const errors = [...layout.problems.filter((p) => p.severity === 'error'), ...results.flatMap((r) => (r.error ? [r.error] : []))];
  if (errors.some((p) => p.kind === 'unsupported')) return 'unsupported';
  if (results.length === 1 && errors[0]?.code === 'not-an-aof') return 'not-aof';
  const lastFile = results.at(-1)?.file;
  const onlyCutTail = errors.length === 1 && errors[0]?.kind === 'truncated' && errors[0].file === lastFile?.path;
  return onlyCutTail ? 'truncated' : 'invalid';
}
