// Unicode bar charts for terminal reports: bars sized in eighths of a cell, so small differences still show.

const EIGHTHS = ' ▏▎▍▌▋▊▉';
const FULL = '█';

/** A bar for value on a scale where max fills width cells; any non-zero value shows at least a sliver. */
export function bar(value: number, max: number, width: number): string {
  if (max <= 0 || value <= 0 || width <= 0) return '';
  const eighths = Math.max(1, Math.round((value / max) * width * 8));
  return FULL.repeat(Math.floor(eighths / 8)) + (eighths % 8 === 0 ? '' : EIGHTHS.charAt(eighths % 8));
}

export interface BarRow {
  readonly label: string;
  readonly value: number;
  /** Shown after the bar, e.g. the formatted value. */
  readonly note: string;
}

/** Rows of `label │bar note`, labels padded to one column, the largest value filling width cells. */
export function barChart(rows: readonly BarRow[], width: number): string[] {
  const max = Math.max(0, ...rows.map((r) => r.value));
  const labelWidth = Math.max(0, ...rows.map((r) => r.label.length));
  return rows.map((r) => {
    const b = bar(r.value, max, width);
    return `${r.label.padStart(labelWidth)} │${b}${' '.repeat(Math.max(0, width - cellsOf(b)) + 1)}${r.note}`;
  });
}

/** Cells a bar takes: every code point is one cell (bars are built of single-code-point block characters). */
function cellsOf(b: string): number {
  return Array.from(b).length;
}

/**
 * Sums counts of equal-width buckets into at most `rows` wider ones, so a histogram fits a screen.
 * Returns the factor each new bucket spans and the sums.
 */
export function rebin(counts: readonly number[], rows: number): { factor: number; sums: number[] } {
  const factor = Math.max(1, Math.ceil(counts.length / Math.max(1, rows)));
  const sums: number[] = [];
  for (let i = 0; i < counts.length; i += factor) {
    let s = 0;
    for (const n of counts.slice(i, i + factor)) s += n;
    sums.push(s);
  }
  return { factor, sums };
}
