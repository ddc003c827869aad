// What `aof cat` prints: one sink per --format (text, a RESP sub-log, JSON lines), and its notes for stderr.

import type { CatCommand, CatResult, CatSink } from '../../ops/cat/cat.js';
import { OutputQueue, writeCommand } from './cat-output.js';
import type { CatColumn } from './cat-text.js';
import { aofCommand } from '../../aof/hint.js';
import { shellQuote } from './format.js';

export type CatFormat = 'text' | 'resp' | 'json';
export { OutputQueue };

/** The sink that writes each selected command in the format asked for, through the output queue (which paces the read). */
export function catSink(format: CatFormat, columns: readonly CatColumn[], out: OutputQueue, width = Infinity): CatSink {
  return {
    command: (c: CatCommand) => {
      writeCommand(out, format, c, columns, width);
    },
    timestamp: (ts: number) => {
      out.write(`#TS:${ts}\r\n`);
    },
    pause: () => out.pause(),
  };
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
    out.push(`aof: ${s.file}: output stops${at}: ${s.message}. Run ${aofCommand(`check ${shellQuote(path)}`)} for details.\n`);
  }
  return out.join('');
}
