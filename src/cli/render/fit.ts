// Human output that fits the terminal: prose wrapped with a hanging indent, tables whose widest columns give way.
import { createRequire } from 'node:module';

/*
 * The layout libraries load on first use, synchronously (require of an ES module: Node 20.19+, as package.json
 * asks): most runs write to a pipe or a file, which needs none of them, and loading them took 60 ms of every run.
 */
const load = createRequire(import.meta.url);
let stringWidth: ((s: string) => number) | null = null;
let wrapAnsi: typeof import('wrap-ansi').default | null = null;
let Table: typeof import('cli-table3') | null = null;

/**
 * Characters one column wide each, alone or together (printable ASCII and Latin-1, the dashes, ellipsis, arrow
 * and relations, box drawing and blocks, the marks ▶ ✔ ✘ the renderers use): no need for string-width, whose
 * loading alone (its emoji patterns, ICU's segmentation data) costs a check about 40 ms.
 */
const PLAIN = /^[\x20-\x7e\xa0-\xac\xae-\xff\u2013\u2014\u2026\u2192\u2248\u2265\u2500-\u259f\u25b6\u2714\u2718]*$/;

/** The columns a string takes on a terminal; plain ASCII (most cells: figures, keys, paths) is counted at once. */
export function textWidth(s: string): number {
  if (PLAIN.test(s)) return s.length;
  stringWidth ??= (load('string-width') as typeof import('string-width')).default;
  return stringWidth(s);
}

/**
 * The columns human output may use: COLUMNS when set (scripts and tests pin it), else the terminal's width, else
 * none (a file or a pipe gets whole lines: wrapping there would only break grep).
 */
export function outputWidth(stream: NodeJS.WriteStream = process.stdout, env: NodeJS.ProcessEnv = process.env): number {
  const pinned = Number(env.COLUMNS);
  if (Number.isInteger(pinned) && pinned > 0) return pinned;
  return stream.isTTY && stream.columns > 0 ? stream.columns : Infinity;
}

/** One line wrapped at `width`: continuation lines keep the line's indent plus two, long words (paths) are broken. */
export function wrapLine(line: string, width: number): string {
  if (!Number.isFinite(width) || textWidth(line) <= width) return line;
  const indent = /^ */.exec(line)?.[0].length ?? 0;
  const hang = Math.min(indent + 2, Math.floor(width / 2));
  // One width for all lines (the first is indented less, so it fits too): wrap-ansi carries colours across breaks.
  wrapAnsi ??= (load('wrap-ansi') as typeof import('wrap-ansi')).default;
  const [head = '', ...rest] = wrapAnsi(line.slice(indent), width - hang, { hard: true, trim: true }).split('\n');
  return [' '.repeat(indent) + head, ...rest.map((l) => ' '.repeat(hang) + l)].join('\n');
}

/** Every line of a text wrapped at `width` (a no-op for an unbounded width). */
export function fitText(text: string, width: number): string {
  if (!Number.isFinite(width)) return text;
  return text
    .split('\n')
    .map((l) => wrapLine(l, width))
    .join('\n');
}

type Align = 'left' | 'right';

/**
 * A compact table (no rule between rows) that is at most `width` columns wide: when its natural width is more,
 * the widest columns shrink first and their cells are elided with … (keys, paths), never the borders.
 */
export class FitTable {
  private readonly rows: (string | number)[][] = [];

  constructor(
    private readonly head: string[],
    private readonly aligns: Align[],
    private readonly width: number,
  ) {}

  push(...rows: (string | number)[][]): void {
    this.rows.push(...rows);
  }

  toString(): string {
    const natural = this.head.map((h, i) => Math.max(textWidth(h), ...this.rows.map((r) => textWidth(String(r[i] ?? '')))));
    const widths = shrink(
      natural,
      this.width - (3 * natural.length + 1),
      this.head.map((h) => textWidth(h)),
    );
    Table ??= load('cli-table3') as typeof import('cli-table3');
    const table = new Table({
      head: this.head,
      colAligns: this.aligns,
      colWidths: widths.map((w) => w + 2),
      style: { head: [], border: [], compact: true },
      truncate: '…',
    });
    table.push(...this.rows);
    return table.toString();
  }
}

/**
 * Column content widths summing to at most `room`: the widest column gives way first, down to its heading's width
 * (keys and paths go before figures), then, if that is not enough, down to 4.
 */
export function shrink(natural: readonly number[], room: number, floors: readonly number[] = []): number[] {
  const widths = [...natural];
  let excess = widths.reduce((a, b) => a + b, 0) - room;
  for (const floorOf of [(i: number) => Math.max(4, floors[i] ?? 4), () => 4]) {
    while (excess > 0) {
      const movable = widths.map((w, i) => (w > floorOf(i) ? w : -1));
      const widest = movable.reduce((best, w, i) => (w > (movable[best] ?? -1) ? i : best), 0);
      const w = movable[widest] ?? -1;
      if (w < 0) break;
      const second = Math.max(floorOf(widest), ...movable.filter((_, i) => i !== widest));
      const cut = Math.min(excess, Math.max(1, w - second));
      widths[widest] = w - cut;
      excess -= cut;
    }
  }
  return widths;
}

/** Human text for a stream, wrapped to its width (see outputWidth). */
export function fitted(text: string, stream: NodeJS.WriteStream = process.stdout): string {
  return fitText(text, outputWidth(stream));
}
