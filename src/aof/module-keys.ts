// The key arguments of the bundled modules' commands (JSON, TS, BF/CF/CMS/TOPK/TDIGEST, FT), which no command table here holds.
//
// From each module's command documentation: most take their key first; the exceptions are listed.

import { readCount } from './count-arg.js';

type Finder = (argv: readonly Buffer[], argc: number) => readonly number[];

const NONE: readonly number[] = Object.freeze([]);
const FIRST: Finder = (_argv, argc) => (argc > 1 ? [1] : NONE);

/** Keys at start, start + step, … below argc - tail. */
function every(start: number, step: number, tail = 0): Finder {
  return (_argv, argc) => {
    const out: number[] = [];
    for (let i = start; i < argc - tail; i += step) out.push(i);
    return out;
  };
}

/** `dest numkeys src…` (CMS.MERGE, TDIGEST.MERGE). */
const MERGE: Finder = (argv, argc) => {
  const n = Math.min(readCount(argv[2]), Math.max(0, argc - 3));
  return [1, ...Array.from({ length: n }, (_, i) => 3 + i)];
};

const EXCEPTIONS: Record<string, Finder> = {
  'json.mget': every(1, 1, 1),
  'json.mset': every(1, 3),
  'json.debug': (_argv, argc) => (argc > 2 ? [2] : NONE),
  'ts.madd': every(1, 3),
  'ts.createrule': (_argv, argc) => (argc > 2 ? [1, 2] : FIRST(_argv, argc)),
  'ts.deleterule': (_argv, argc) => (argc > 2 ? [1, 2] : FIRST(_argv, argc)),
  'ts.mget': () => NONE,
  'ts.mrange': () => NONE,
  'ts.mrevrange': () => NONE,
  'ts.queryindex': () => NONE,
  'cms.merge': MERGE,
  'tdigest.merge': MERGE,
  'ft.sugadd': FIRST,
  'ft.sugdel': FIRST,
  'ft.sugget': FIRST,
  'ft.suglen': FIRST,
};

const KEY_FIRST = new Set(['json', 'ts', 'bf', 'cf', 'cms', 'topk', 'tdigest']);

/** The finder for a module command `family.name` (lower case), or null when it is not one of theirs or names no key (FT.*'s indexes). */
export function moduleKeyFinder(name: string): Finder | null {
  const special = EXCEPTIONS[name];
  if (special) return special;
  const family = name.slice(0, name.indexOf('.'));
  return KEY_FIRST.has(family) ? FIRST : null;
}
