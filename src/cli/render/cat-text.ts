// One readable line per command: optional file, offset, database and time columns, then the quoted argv.

import type { CatCommand } from '../../ops/cat/cat.js';
import { fileName, formatTime } from './format.js';
import { quoteCommand } from './quote.js';

export const CAT_COLUMNS = ['file', 'offset', 'db', 'time'] as const;
export type CatColumn = (typeof CAT_COLUMNS)[number];

function column(c: CatCommand, name: CatColumn): string {
  switch (name) {
    case 'file':
      return fileName(c.file);
    case 'offset':
      return c.offset === null ? '-' : String(c.offset);
    case 'db':
      return `db${c.db}`;
    case 'time':
      return formatTime(c.ts);
  }
}

/** The --show columns of a line, space-separated. */
export function catColumnsText(c: CatCommand, columns: readonly CatColumn[]): string {
  return columns.map((n) => column(c, n)).join(' ');
}

export function formatCatLine(c: CatCommand, columns: readonly CatColumn[]): string {
  const command = quoteCommand(c.args);
  return columns.length === 0 ? command : `${catColumnsText(c, columns)}  ${command}`;
}
