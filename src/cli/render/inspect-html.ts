// inspect --html: one self-contained page (inline CSS and SVG, no scripts, no fonts) to look at and to share.

import type { InspectReport, KeyStat, PrefixStat } from '../../ops/inspect/report.js';
import { quoteArg } from './quote.js';
import { formatBytes, formatCount, plural } from './format.js';
import { fileLabels } from './inspect-files.js';

const WIDTH = 900;
const BAR_HEIGHT = 18;

/** Text for HTML: &, <, >, quotes escaped; control characters shown as \\xNN by the callers' quoting. */
function h(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

function iso(ts: number): string {
  return new Date(ts * 1000).toISOString().replace('.000Z', 'Z');
}

/** A horizontal bar chart as inline SVG: one labelled bar per row. */
function barChart(rows: { label: string; value: number; text: string }[], color: string): string {
  if (rows.length === 0) return '<p class="none">nothing to show</p>';
  const max = Math.max(...rows.map((r) => r.value), 1);
  const labelWidth = 220;
  const height = rows.length * (BAR_HEIGHT + 6) + 6;
  const bars = rows
    .map((r, i) => {
      const y = 6 + i * (BAR_HEIGHT + 6);
      const w = Math.max(1, ((WIDTH - labelWidth - 260) * r.value) / max);
      return (
        `<text x="${labelWidth - 8}" y="${y + 13}" text-anchor="end">${h(r.label)}</text>` +
        `<rect x="${labelWidth}" y="${y}" width="${w.toFixed(1)}" height="${BAR_HEIGHT}" fill="${color}"><title>${h(r.label)}: ${h(r.text)}</title></rect>` +
        `<text x="${labelWidth + w + 6}" y="${y + 13}">${h(r.text)}</text>`
      );
    })
    .join('');
  return `<svg class="chart" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" role="img">${bars}</svg>`;
}

/** Commands over time (from #TS annotations), with FLUSHALL/FLUSHDB/SWAPDB marked where they happened. */
function timeline(report: InspectReport): string {
  const t = report.time;
  if (t === null || t.counts.length === 0) {
    return '<p class="none">No #TS annotations (aof-timestamp-enabled was off): the timeline cannot be placed in time. The dangerous commands below are listed by file and offset.</p>';
  }
  const height = 220;
  const plot = { left: 60, right: WIDTH - 20, top: 10, bottom: height - 40 };
  const max = Math.max(...t.counts, 1);
  const barW = (plot.right - plot.left) / t.counts.length;
  const bars = t.counts
    .map((n, i) => {
      const hgt = ((plot.bottom - plot.top) * n) / max;
      const x = plot.left + i * barW;
      const from = t.start + i * t.width;
      return `<rect x="${x.toFixed(2)}" y="${(plot.bottom - hgt).toFixed(2)}" width="${Math.max(0.5, barW - 0.5).toFixed(2)}" height="${hgt.toFixed(2)}" fill="#4c78a8"><title>${h(iso(from))}: ${formatCount(n)} commands</title></rect>`;
    })
    .join('');
  const span = Math.max(1, t.start + t.counts.length * t.width - t.start);
  const xOf = (ts: number) => plot.left + ((ts - t.start) / span) * (plot.right - plot.left);
  const marks = report.dangerous.commands
    .map((d) => {
      if (d.ts === null) return '';
      const x = xOf(d.ts).toFixed(2);
      return `<line x1="${x}" x2="${x}" y1="${plot.top}" y2="${plot.bottom}" class="danger"><title>${h(d.command)} ${h(d.args.join(' '))} at ${h(iso(d.ts))} (${h(d.file)}:${d.offset})</title></line>`;
    })
    .join('');
  const axis =
    `<line x1="${plot.left}" x2="${plot.right}" y1="${plot.bottom}" y2="${plot.bottom}" class="axis"/>` +
    `<text x="${plot.left}" y="${height - 18}">${h(iso(t.first))}</text>` +
    `<text x="${plot.right}" y="${height - 18}" text-anchor="end">${h(iso(t.last))}</text>` +
    `<text x="${plot.left - 6}" y="${plot.top + 10}" text-anchor="end">${formatCount(max)}</text>`;
  return (
    `<svg class="chart" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" role="img">${bars}${marks}${axis}</svg>` +
    `<p class="legend"><span class="swatch"></span>commands per ${formatCount(t.width)} s &nbsp; <span class="swatch danger"></span>FLUSHALL / FLUSHDB / SWAPDB${t.untimed ? ` &nbsp; (${formatCount(t.untimed)} commands before the first #TS)` : ''}</p>`
  );
}

function table(head: string[], rows: string[][]): string {
  if (rows.length === 0) return '<p class="none">none</p>';
  return `<table><thead><tr>${head.map((c) => `<th>${h(c)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c) => `<td>${h(c)}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

const keyRows = (keys: KeyStat[]) => keys.map((k) => [String(k.db), quoteArg(k.key), formatCount(k.count), formatBytes(k.bytes)]);
const prefixRows = (p: PrefixStat[]) => p.map((x) => [quoteArg(x.prefix), formatCount(x.count), formatBytes(x.bytes)]);

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px auto;max-width:960px;color:#1d232a;background:#fff}
h1{font-size:20px;margin:0 0 4px}h2{font-size:16px;margin:28px 0 8px;border-bottom:1px solid #dde2e8;padding-bottom:4px}
.meta{color:#5a6470}.damaged{color:#b3261e;font-weight:600}.none{color:#5a6470;font-style:italic}
table{border-collapse:collapse;font-size:13px}th,td{padding:3px 10px;border-bottom:1px solid #eef1f4;text-align:left;font-variant-numeric:tabular-nums}
th{background:#f5f7f9}svg.chart text{font-size:12px;fill:#1d232a}line.danger{stroke:#d62728;stroke-width:2}line.axis{stroke:#98a2ad}
.legend{font-size:12px;color:#5a6470}.swatch{display:inline-block;width:10px;height:10px;background:#4c78a8;margin-right:4px}.swatch.danger{background:#d62728}
`;

/** The page for a report: charts of commands and bytes by command, type and database, the timeline, top keys and prefixes, dangers. */
export function renderInspectHtml(report: InspectReport): string {
  const t = report.totals;
  const commands = Object.entries(report.commands)
    .sort((a, b) => b[1].count - a[1].count)
    .slice(0, 20);
  const types = Object.entries(report.types).sort((a, b) => b[1].bytes - a[1].bytes);
  const dbs = Object.entries(report.databases).sort((a, b) => Number(a[0]) - Number(b[0]));
  const sections = [
    `<h1>${h(report.path)}</h1>`,
    `<p class="meta">${h(report.kind)} AOF · ${plural(t.commands, 'command')} · ${formatBytes(t.bytes)} of commands · ${plural(t.transactions, 'transaction')} · ${plural(t.databases, 'database')} · ${formatBytes(t.filesBytes)} on disk</p>`,
    report.damaged ? `<p class="damaged">The AOF is damaged: the figures cover what precedes the damage (run aof check ${h(report.path)}).</p>` : '',
    '<h2>Timeline</h2>',
    timeline(report),
    '<h2>Commands</h2>',
    barChart(
      commands.map(([name, s]) => ({ label: name, value: s.count, text: `${formatCount(s.count)} · ${formatBytes(s.bytes)}` })),
      '#4c78a8',
    ),
    '<h2>Bytes by data type</h2>',
    barChart(
      types.map(([name, s]) => ({ label: name, value: s.bytes, text: `${formatBytes(s.bytes)} · ${formatCount(s.count)} commands` })),
      '#59a14f',
    ),
    '<h2>Databases</h2>',
    barChart(
      dbs.map(([db, s]) => ({
        label: `db ${db}`,
        value: s.bytes,
        text: `${formatBytes(s.bytes)} · ${formatCount(s.commands)} commands · ${s.keysApproximate ? '≈' : ''}${formatCount(s.keys)} keys`,
      })),
      '#f28e2b',
    ),
    '<h2>Files</h2>',
    table(
      ['file', 'role', 'format', 'size', 'commands'],
      report.files.map((f) => {
        const { format, commands } = fileLabels(f);
        return [f.name, f.role, format, f.size === null ? 'missing' : formatBytes(f.size), commands];
      }),
    ),
    '<h2>Hot keys (by commands)</h2>',
    table(['db', 'key', 'commands', 'bytes'], keyRows(report.hotKeys)),
    '<h2>Big writers (by bytes)</h2>',
    table(['db', 'key', 'commands', 'bytes'], keyRows(report.bigWriters)),
    `<h2>Key prefixes (separator ${h(JSON.stringify(report.prefixes.separator))})</h2>`,
    table(['prefix', 'commands', 'bytes'], prefixRows(report.prefixes.byCount)),
    '<h2>Dangerous commands</h2>',
    table(
      ['command', 'args', 'db', 'file', 'offset', 'time'],
      report.dangerous.commands.map((d) => [
        d.command,
        d.args.join(' '),
        String(d.db),
        d.file.slice(d.file.lastIndexOf('/') + 1),
        String(d.offset),
        d.ts === null ? '—' : iso(d.ts),
      ]),
    ),
    report.approximate.length ? `<p class="meta">≈ estimates: ${h(report.approximate.join(', '))}</p>` : '',
  ];
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>aof inspect: ${h(report.path)}</title><style>${STYLE}</style></head><body>${sections.join('\n')}</body></html>\n`;
}
