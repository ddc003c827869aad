// Renders an InspectReport for people: composition, totals, tables with bar charts, time, danger, damage.

import stdoutChalk, { Chalk, type ChalkInstance } from 'chalk';
import type { InspectReport, KeyStat, PrefixStat } from '../../ops/inspect/report.js';
import { quoteArg } from './quote.js';
import { escapeText, fileName, formatBytes, formatCount, formatOffset, formatTime, plural, shellQuote } from './format.js';
import { bar, barChart, rebin } from './charts.js';
import { fileLabels } from './inspect-files.js';
import { aofCommand } from '../../aof/hint.js';
import { FitTable, fitText, outputWidth } from './fit.js';

export interface RenderOptions {
  readonly chalk: ChalkInstance;
  /** Terminal columns available. */
  readonly width: number;
}

const KIND_LABEL: Record<InspectReport['kind'], string> = {
  resp: 'RESP AOF',
  'rdb-preamble': 'AOF with an RDB preamble',
  'multi-part': 'multi-part AOF',
  rdb: 'RDB file',
};

/** Longest key shown in a table cell; the rest is cut with an ellipsis. */
const KEY_CELL_MAX = 48;
const HISTOGRAM_ROWS = 16;

type Align = 'left' | 'right';

/** A table with bold headings, at most `width` columns wide; colours come only from the chalk given. */
function makeTable({ chalk, width }: RenderOptions, head: string[], aligns: Align[]): FitTable {
  return new FitTable(
    head.map((h) => chalk.bold(h)),
    aligns,
    width,
  );
}

function shortKey(key: Buffer): string {
  const q = quoteArg(key);
  return q.length > KEY_CELL_MAX ? `${q.slice(0, KEY_CELL_MAX - 1)}…` : q;
}

function percent(part: number, whole: number): string {
  return whole > 0 ? `${((part / whole) * 100).toFixed(1)}%` : '—';
}

/** The report for stdout: colours only on a terminal, as wide as it is (or COLUMNS). */
export function renderInspectTerminal(report: InspectReport): string {
  const colors = new Chalk({ level: process.stdout.isTTY ? stdoutChalk.level : 0 });
  return renderInspectReport(report, { chalk: colors, width: outputWidth() });
}

export function renderInspectReport(report: InspectReport, options: RenderOptions): string {
  const { chalk } = options;
  // Bars get what the widest table row leaves, between 10 and 40 columns.
  const barWidth = Math.max(10, Math.min(40, options.width - 70));
  const table = (head: string[], aligns: Align[]) => makeTable(options, head, aligns);
  const out: string[] = [];
  const section = (title: string) => out.push('', chalk.bold.underline(title));
  const t = report.totals;

  out.push(`${chalk.bold(escapeText(report.path))}: ${KIND_LABEL[report.kind]}`);
  if (report.manifestPath) out.push(`manifest ${report.manifestPath}`);
  for (const p of report.problems) out.push(chalk.red(`✘ ${p}`));

  section('Files');
  const files = table(['file', 'role', 'format', 'size', 'commands', 'read'], ['left', 'left', 'left', 'right', 'right', 'left']);
  for (const f of report.files) {
    const status = !f.read
      ? f.size === null
        ? chalk.red('missing')
        : 'not loaded (history)'
      : f.stoppedAt
        ? chalk.red(`stopped at ${f.stoppedAt.offset === null ? '?' : formatOffset(f.stoppedAt.offset)}`)
        : chalk.green('to the end');
    const { format, commands } = fileLabels(f);
    files.push([escapeText(f.name), f.role, format, f.size === null ? '—' : formatBytes(f.size), commands, status]);
  }
  out.push(files.toString());
  for (const f of report.files) {
    if (f.stoppedAt) {
      out.push(
        chalk.red(
          `✘ ${escapeText(f.name)}: read up to ${f.stoppedAt.offset === null ? 'an unknown offset' : formatOffset(f.stoppedAt.offset)}: ${escapeText(f.stoppedAt.message)}`,
        ),
      );
      out.push(`  figures below cover what comes before; next: ${aofCommand(`check ${shellQuote(report.path)}`)}`);
    }
    if (f.rdb) out.push(...renderRdb(escapeText(f.name), f.rdb));
  }

  section('Totals');
  out.push(
    [
      plural(t.commands, 'command'),
      `${formatBytes(t.bytes)} of commands`,
      plural(t.transactions, 'transaction'),
      plural(t.annotations, 'annotation'),
      plural(t.selects, 'SELECT'),
      plural(t.databases, 'database'),
    ].join(', '),
  );

  section('Commands');
  const commands = table(['command', 'count', 'bytes', '% of bytes', ''], ['left', 'right', 'right', 'right', 'left']);
  const entries = Object.entries(report.commands);
  const maxBytes = Math.max(0, ...entries.map(([, s]) => s.bytes));
  for (const [name, s] of entries) {
    commands.push([escapeText(name), formatCount(s.count), formatBytes(s.bytes), percent(s.bytes, t.bytes), bar(s.bytes, maxBytes, barWidth)]);
  }
  out.push(commands.toString());

  section('Databases');
  const dbs = table(['db', 'commands', 'bytes', 'keys touched'], ['right', 'right', 'right', 'right']);
  for (const [db, s] of Object.entries(report.databases)) {
    dbs.push([db, formatCount(s.commands), formatBytes(s.bytes), `${s.keysApproximate ? '≈' : ''}${formatCount(s.keys)}`]);
  }
  out.push(dbs.toString());

  section('Data types (by the commands that touch them)');
  out.push(
    ...barChart(
      Object.entries(report.types).map(([type, s]) => ({
        label: type,
        value: s.bytes,
        note: `${plural(s.count, 'command')}, ${formatBytes(s.bytes)}`,
      })),
      barWidth,
    ),
  );

  out.push(...renderKeys('Hot keys (by commands)', report.hotKeys, 'count', options));
  out.push(...renderKeys('Big writers (by bytes)', report.bigWriters, 'bytes', options));
  out.push(...renderPrefixes(report, options));
  out.push(...renderTime(report, options, barWidth));
  out.push(...renderDanger(report, options));

  if (report.largest.length > 0) {
    section('Largest commands');
    const largest = table(['size', 'command', 'key', 'file', 'offset', 'time'], ['right', 'left', 'left', 'left', 'right', 'left']);
    for (const c of report.largest) {
      largest.push([formatBytes(c.size), escapeText(c.command), c.key ? shortKey(c.key) : '—', fileName(c.file), formatOffset(c.offset), formatTime(c.ts)]);
    }
    out.push(largest.toString());
  }

  if (report.approximate.length > 0) {
    out.push(
      '',
      chalk.yellow(
        `≈ estimates: ${report.approximate.join(', ')} — more distinct keys than --exact-keys; ` +
          'key counts are HyperLogLog estimates (±1%) and ranked figures may be overstated by the ± shown.',
      ),
    );
  }
  return fitText(out.join('\n'), options.width) + '\n';
}

function formatDuration(seconds: number): string {
  if (seconds < 120) return `${seconds} s`;
  if (seconds < 7200) return `${(seconds / 60).toFixed(1)} min`;
  if (seconds < 172800) return `${(seconds / 3600).toFixed(1)} h`;
  return `${(seconds / 86400).toFixed(1)} days`;
}

function renderRdb(name: string, rdb: NonNullable<InspectReport['files'][number]['rdb']>): string[] {
  const out = [`${name}: RDB${rdb.version === null ? '' : ` v${rdb.version}`}, ${plural(rdb.keysWithExpiry, 'key')} with expiry`];
  const aux = ['redis-ver', 'ctime', 'used-mem', 'aof-base', 'aof-preamble'].flatMap((k) => {
    const v = rdb.aux[k];
    return v === undefined ? [] : [`${k}=${v}`];
  });
  if (aux.length > 0) out.push(`  aux ${aux.join(' ')}`);
  for (const [db, types] of Object.entries(rdb.keys)) {
    out.push(
      `  db ${db}: ${Object.entries(types)
        .map(([type, n]) => `${formatCount(n)} ${type}`)
        .join(', ')}`,
    );
  }
  return out;
}

function renderKeys(title: string, keys: KeyStat[], ranked: 'count' | 'bytes', options: RenderOptions): string[] {
  const { chalk } = options;
  if (keys.length === 0) return [];
  const t = makeTable(options, ['db', 'key', 'commands', 'bytes'], ['right', 'left', 'right', 'right']);
  for (const k of keys) {
    const bound = (v: string, isRanked: boolean) =>
      isRanked ? (k.error > 0 ? `${v} ±${ranked === 'count' ? formatCount(k.error) : formatBytes(k.error)}` : v) : k.approximate ? `≥${v}` : v;
    t.push([k.db, shortKey(k.key), bound(formatCount(k.count), ranked === 'count'), bound(formatBytes(k.bytes), ranked === 'bytes')]);
  }
  return ['', chalk.bold.underline(title), t.toString()];
}

function renderPrefixes(report: InspectReport, options: RenderOptions): string[] {
  const { chalk } = options;
  const { byCount, separator, depth } = report.prefixes;
  if (byCount.length === 0) return [];
  const t = makeTable(options, ['prefix', 'commands', 'bytes'], ['left', 'right', 'right']);
  const label = (p: PrefixStat) => (p.prefix.length === 0 ? '(no separator)' : `${shortKey(p.prefix)}*`);
  for (const p of byCount) t.push([label(p), `${formatCount(p.count)}${p.error > 0 ? ` ±${formatCount(p.error)}` : ''}`, formatBytes(p.bytes)]);
  return ['', chalk.bold.underline(`Key prefixes (separator ${JSON.stringify(separator)}, depth ${depth})`), t.toString()];
}

function renderTime(report: InspectReport, { chalk }: RenderOptions, barWidth: number): string[] {
  const time = report.time;
  if (time === null) return ['', chalk.bold.underline('Time'), 'no #TS annotations (aof-timestamp-enabled is off): no timeline'];
  const out = ['', chalk.bold.underline('Time'), `from ${formatTime(time.first)} to ${formatTime(time.last)}`];
  if (time.untimed > 0) out.push(`${plural(time.untimed, 'command')} before the first #TS`);
  const { factor, sums } = rebin(time.counts, HISTOGRAM_ROWS);
  const width = time.width * factor;
  const rows = barChart(
    sums.map((n, i) => ({ label: formatTime(time.start + i * width), value: n, note: formatCount(n) })),
    barWidth,
  );
  // A quiet stretch shows as one line, not a column of empty bars.
  let skipTo = 0;
  for (const [i, row] of rows.entries()) {
    if (i < skipTo) continue;
    let j = i;
    while (j < rows.length && sums[j] === 0) j++;
    if (j - i >= 2) {
      out.push(`${' '.repeat(formatTime(0).length)} ┆ no commands for ${formatDuration((j - i) * width)}`);
      skipTo = j;
    } else {
      out.push(row);
    }
  }
  out.push(`(each row: ${formatDuration(width)})`);
  return out;
}

function renderDanger(report: InspectReport, options: RenderOptions): string[] {
  const { chalk } = options;
  const { commands, omitted, deleteBursts } = report.dangerous;
  const out = ['', chalk.bold.underline('Dangerous commands')];
  const [first] = commands;
  if (first === undefined) out.push('no FLUSHALL, FLUSHDB or SWAPDB');
  else {
    const t = makeTable(options, ['command', 'db', 'file', 'offset', 'time'], ['left', 'right', 'left', 'right', 'left']);
    for (const c of commands) {
      t.push([chalk.red([c.command, ...c.args].join(' ')), c.db, fileName(c.file), formatOffset(c.offset), formatTime(c.ts)]);
    }
    out.push(t.toString());
    if (omitted > 0) out.push(`… and ${formatCount(omitted)} more: ${aofCommand(`cat ${shellQuote(report.path)} --command flushall,flushdb,swapdb`)}`);
    out.push(`to see what came before the first one: ${aofCommand(`cat ${shellQuote(report.path)} --to ${fileName(first.file)}:${first.offset}`)}`);
  }
  if (deleteBursts.length > 0) {
    const t = makeTable(options, ['keys', 'commands', 'db', 'file', 'offsets', 'time'], ['right', 'right', 'right', 'left', 'left', 'left']);
    for (const b of deleteBursts) {
      const when = b.ts === b.lastTs ? formatTime(b.ts) : `${formatTime(b.ts)} – ${formatTime(b.lastTs)}`;
      t.push([formatCount(b.keys), formatCount(b.commands), b.db, fileName(b.file), `${b.offset}–${b.end}`, when]);
    }
    out.push('', 'Largest DEL/UNLINK runs (consecutive, SELECT/MULTI/EXEC between them allowed)', t.toString());
  }
  return out;
}
