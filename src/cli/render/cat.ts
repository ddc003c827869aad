// What `aof cat` prints: one sink per --format (text, a RESP sub-log, JSON lines), and its notes for stderr.

import type { CatCommand, CatResult, CatSink } from '../../ops/cat.js';
import { encodeCommand } from '../../resp/index.js';
import { formatCatLine, type CatColumn } from './cat-text.js';
import { jsonBytes } from './quote.js';

export type CatFormat = 'text' | 'resp' | 'json';

/** The sink that hands each selected command, in the format asked for, to push. */
export function catSink(format: CatFormat, columns: readonly CatColumn[], push: (bytes: Buffer | string) => void): CatSink {
  if (format === 'resp') {
    return {
      command: (c: CatCommand) => push(encodeCommand(c.args)),
      timestamp: (ts: number) => push(`#TS:${ts}\r\n`),
    };
  }
  if (format === 'json') {
    return {
      command: (c: CatCommand) =>
        push(
          JSON.stringify({
            file: c.file,
            offset: c.offset,
            db: c.db,
            ts: c.ts,
            command: c.name.toUpperCase(),
            args: c.args.slice(1).map(jsonBytes),
            keys: c.keys,
            // Only on commands rebuilt from an RDB base or preamble: frames on disk keep the plain shape.
            ...(c.fromRdb ? { fromRdb: true } : {}),
          }) + '\n',
        ),
    };
  }
  return { command: (c: CatCommand) => push(formatCatLine(c, columns) + '\n') };
}

/** Why the output is incomplete, if it is: manifest problems, RDB keys left out, where reading stopped. */
export function catNotes(result: CatResult, path: string): string {
  const out = result.problems.map((p) => `aof: ${p}\n`);
  const first = result.unconverted[0];
  if (first) {
    out.push(
      `aof: ${result.unconverted.length} RDB key(s) have no command form and are left out, the first in ${first.file} at offset ${first.offset}: ${first.message}\n`,
    );
  }
  for (const s of result.stopped) {
    const at = s.offset === null ? '' : ` at offset ${s.offset}`;
    out.push(`aof: ${s.file}: output stops${at}: ${s.message}. Run aof check ${path} for details.\n`);
  }
  return out.join('');
}
