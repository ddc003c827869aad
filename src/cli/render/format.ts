// Small text renderings shared by the reporters: offsets, sizes, times, escaped bytes, shell-safe paths.

import { quoteArg } from './quote.js';

/** `0x1f4 (500)`: hex for redis-check-aof users, decimal for dd/head/tail. */
export function formatOffset(offset: number): string {
  return `0x${offset.toString(16)} (${offset})`;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  let v = n / 1024;
  let unit = 'KiB';
  for (const larger of ['MiB', 'GiB', 'TiB']) {
    if (v < 1024) break;
    v /= 1024;
    unit = larger;
  }
  return `${v.toFixed(v < 10 ? 2 : 1)} ${unit}`;
}

/** `1,234,567`. Grouped by hand for integers: the first toLocaleString loads ICU's data, ~20 ms of a small check. */
export function formatCount(n: number): string {
  if (!Number.isSafeInteger(n)) return n.toLocaleString('en-US');
  return String(n).replace(/\B(?=(\d{3})+$)/g, ',');
}

/** Bytes as redis-cli shows them, without the surrounding quotes (for excerpts around an offset). */
export function escapeBytes(bytes: Buffer): string {
  return quoteArg(bytes).slice(1, -1);
}

/** A #TS time as ISO 8601 UTC (`2023-11-14T22:13:20Z`), or — when unknown. */
export function formatTime(ts: number | null): string {
  return ts === null ? '—' : new Date(ts * 1000).toISOString().replace('.000Z', 'Z');
}

/** The last component of a path, as the tables show files (control characters escaped). */
export function fileName(path: string): string {
  return escapeText(path.slice(path.lastIndexOf('/') + 1));
}

/** A path as it can be pasted into a POSIX shell; control characters as bash's $'\xNN', never raw. */
export function shellQuote(path: string): string {
  if (/^[\w@%+=:,./-]+$/.test(path)) return path;
  if (/[\x00-\x1f\x7f-\x9f]/.test(path)) return `$'${escapeText(path.replace(/\\/g, '\\\\').replace(/'/g, "\\'"))}'`;
  return `'${path.replace(/'/g, `'\\''`)}'`;
}

/** `1 command`, `2,000 commands`. */
export function plural(n: number, noun: string): string {
  return `${formatCount(n)} ${noun}${n === 1 ? '' : 's'}`;
}

/**
 * Text for a terminal with every control character escaped (\x1b and friends): file names, keys and
 * messages quoting file bytes must not drive the terminal.
 */
export function escapeText(text: string): string {
  return text.replace(/[\x00-\x1f\x7f-\x9f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
