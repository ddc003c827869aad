// Parses a Redis 7 AOF manifest with the strictness of the server's loader (aofLoadManifestFromFile).

import { splitArgs } from './split-args.js';

export type ManifestFileType = 'base' | 'history' | 'incr';

export interface ManifestEntry {
  readonly name: string;
  readonly seq: number;
  readonly type: ManifestFileType;
  /** 1-based line of the manifest that lists the file. */
  readonly line: number;
}

export interface ManifestProblem {
  readonly code: string;
  readonly message: string;
  /** 1-based manifest line, or null for the whole file. */
  readonly line: number | null;
  readonly offset: number | null;
}

export interface Manifest {
  readonly base: ManifestEntry | null;
  readonly history: ManifestEntry[];
  readonly incrs: ManifestEntry[];
  /** The first problem, phrased like the server's log; a manifest with a problem stops the server. */
  readonly problem: ManifestProblem | null;
  /** Deviations the server tolerates, e.g. upper-case keys that redis-check-aof does not recognise. */
  readonly warnings: ManifestProblem[];
}

/** fgets(buf, MANIFEST_MAX_LINE + 1) with MANIFEST_MAX_LINE = 1024. */
const LINE_MAX = 1024;
const TYPES: Record<string, ManifestFileType> = { b: 'base', h: 'history', i: 'incr' };

/** Lines as fgets() yields them: up to and including LF, or LINE_MAX bytes. */
function* manifestLines(bytes: Buffer): Generator<{ text: Buffer; offset: number }> {
  let pos = 0;
  while (pos < bytes.length) {
    const lf = bytes.indexOf(0x0a, pos);
    const end = Math.min(lf < 0 ? bytes.length : lf + 1, pos + LINE_MAX);
    yield { text: bytes.subarray(pos, end), offset: pos };
    pos = end;
  }
}

function trim(line: Buffer): Buffer {
  const isTrim = (c: number) => c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a;
  let s = 0;
  let e = line.length;
  while (s < e && isTrim(line[s]!)) s++;
  while (e > s && isTrim(line[e - 1]!)) e--;
  return line.subarray(s, e);
}

/** atoll(): leading space, sign, digits; 0 when there are none. */
function atoll(word: Buffer): number {
  const m = /^[\s]*([+-]?\d+)/.exec(word.toString('latin1'));
  return m ? Number(m[1]) : 0;
}

export function parseManifest(bytes: Buffer): Manifest {
  let base: ManifestEntry | null = null;
  const history: ManifestEntry[] = [];
  const incrs: ManifestEntry[] = [];
  const warnings: ManifestProblem[] = [];
  let maxSeq = 0;
  let lineNo = 0;
  const fail = (code: string, message: string, line: number | null, offset: number | null): Manifest => ({
    base,
    history,
    incrs,
    problem: { code, message, line, offset },
    warnings,
  });

  for (const { text, offset } of manifestLines(bytes)) {
    lineNo++;
    if (text[0] === 0x23) continue; // '#' comment, tested before anything else
    if (text.indexOf(0x0a) < 0) {
      return fail(
        'manifest-line-unterminated',
        'The AOF manifest file contains too long line (a line longer than 1024 bytes, or a last line without a newline)',
        lineNo,
        offset,
      );
    }
    const nul = text.indexOf(0);
    const line = trim(nul >= 0 ? text.subarray(0, nul) : text);
    if (line.length === 0) return fail('manifest-format', 'Invalid AOF manifest file format (a blank line)', lineNo, offset);
    const words = splitArgs(line);
    if (words === null || words.length < 6 || words.length % 2 !== 0) {
      return fail('manifest-format', 'Invalid AOF manifest file format (expected `file <name> seq <n> type <b|h|i>`)', lineNo, offset);
    }
    let name: string | null = null;
    let seq = 0;
    let type = 0;
    for (let i = 0; i < words.length; i += 2) {
      const key = words[i]!.toString('latin1');
      const value = words[i + 1]!;
      const lower = key.toLowerCase();
      if (lower !== key && (lower === 'file' || lower === 'seq' || lower === 'type')) {
        warnings.push({
          code: 'manifest-key-case',
          message: `key '${key}' is not lower case: redis-server accepts it, redis-check-aof does not recognise the manifest`,
          line: lineNo,
          offset,
        });
      }
      if (lower === 'file') {
        if (value.includes(0x2f) || value.includes(0x5c)) {
          return fail('manifest-path', "File can't be a path, just a filename", lineNo, offset);
        }
        name = value.toString('utf8');
      } else if (lower === 'seq') {
        seq = atoll(value);
      } else if (lower === 'type') {
        type = value[0] ?? 0;
      }
      // Other keys are ignored, for forward compatibility, as the server does.
    }
    if (name === null || name === '' || seq === 0 || type === 0) {
      return fail('manifest-format', 'Invalid AOF manifest file format (a file, seq or type is missing)', lineNo, offset);
    }
    const kind = TYPES[String.fromCharCode(type)];
    if (kind === undefined) {
      return fail('manifest-type', `Unknown AOF file type '${String.fromCharCode(type)}'`, lineNo, offset);
    }
    const entry: ManifestEntry = { name, seq, type: kind, line: lineNo };
    if (kind === 'base') {
      if (base !== null) return fail('manifest-duplicate-base', 'Found duplicate base file information', lineNo, offset);
      base = entry;
    } else if (kind === 'history') {
      history.push(entry);
    } else {
      if (seq <= maxSeq) return fail('manifest-seq', 'Found a non-monotonic sequence number', lineNo, offset);
      incrs.push(entry);
      maxSeq = seq;
    }
  }
  if (lineNo === 0) return fail('manifest-empty', 'Found an empty AOF manifest', null, null);
  return { base, history, incrs, problem: null, warnings };
}
