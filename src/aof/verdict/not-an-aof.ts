// Tells a file that is not an AOF at all from a damaged one, so that no fix acts on a binary or a text.

import { openFileBytes } from '../file-bytes.js';
import type { AofFile } from '../layout.js';
import type { AofProblem } from '../problem.js';
import { describeForeign, isZeroFilled } from '../sniff.js';

/** Bytes sniffed to tell a foreign file from an AOF. */
const SNIFF_BYTES = 4096;

/**
 * A file that starts with neither `*`, `#` nor an RDB magic is not an AOF at all (a binary, an image, a
 * text): the server refuses it like any bad file, but nothing in it is an AOF to repair, so it gets its own
 * problem, which no fix acts on. A zero-filled start is an AOF whose blocks a crash lost: that stays damage.
 * Returns the not-an-aof error that replaces `error`, or null when the file is an AOF.
 */
export function notAnAof(file: AofFile, error: AofProblem | null): AofProblem | null {
  if (file.rdb || error?.code !== 'bad-prefix' || error.offset !== 0) return null;
  const source = openFileBytes(file);
  let head: Buffer;
  try {
    head = Buffer.from(source.read(0, SNIFF_BYTES));
  } finally {
    source.close();
  }
  if (isZeroFilled(head)) return null;
  const message =
    `${file.name} does not start like an AOF or an RDB file: it looks like ${describeForeign(head)}. redis-server ` +
    'refuses it ("Bad file format"); aof will not change it. Check that the path names the AOF';
  return { ...error, code: 'not-an-aof', message };
}
