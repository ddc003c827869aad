// `aof rewrite` for people (a summary: counts, sizes, keys per database, warnings) and as one JSON object.

import type { RewriteReport } from '../../ops/rewrite/rewrite.js';
import { aofCommand } from '../../aof/hint.js';
import { formatBytes, formatCount, formatOffset, plural, shellQuote } from './format.js';

export function renderRewriteReport(r: RewriteReport): string {
  const out: string[] = [];
  // failure is set exactly when the rewrite did not succeed (ok is false).
  const f = r.failure;
  if (f !== null) {
    const where = f.offset !== null ? ` at ${formatOffset(f.offset)}` : '';
    out.push(`✘ ${r.input}: cannot rewrite — nothing was written`);
    out.push(`  ${f.file}${where}${f.command ? ` (${f.command.toUpperCase()})` : ''}: ${f.message}`);
    out.push(`  next: ${aofCommand(`check ${shellQuote(r.input)}`)}   (the full report on the input)`);
    return out.join('\n') + '\n';
  }
  const ratio = r.inputBytes > 0 ? ` (${((r.outputBytes / r.inputBytes) * 100).toFixed(1)}% of the input)` : '';
  const threads =
    r.replayThreads > 1 ? `, replayed on ${r.replayThreads} threads` : r.oneThreadBecause !== null ? `, replayed on 1 thread (${r.oneThreadBecause})` : '';
  out.push(`✔ ${r.input} → ${r.output} (${r.format}) in ${r.seconds.toFixed(2)} s${threads}`);
  out.push(`  commands ${formatCount(r.inputCommands)} → ${formatCount(r.outputCommands)}`);
  out.push(`  bytes    ${formatBytes(r.inputBytes)} → ${formatBytes(r.outputBytes)}${ratio}`);
  for (const [db, types] of Object.entries(r.keys)) {
    const total = Object.values(types).reduce((a, b) => a + b, 0);
    const detail = Object.entries(types)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([t, n]) => `${t} ${formatCount(n)}`)
      .join(', ');
    out.push(`  db ${db}: ${plural(total, 'key')} (${detail})`);
  }
  // No command written at all: every key went into an RDB (a dump.rdb, or an RDB base with nothing after it).
  if (r.keysWithTtl) out.push(`  ${plural(r.keysWithTtl, 'key')} with a TTL (${r.outputCommands === 0 ? 'stored in the RDB' : 'written as PEXPIREAT'})`);
  if (r.functions) out.push(`  ${plural(r.functions, 'function library')}`);
  if (r.expiredDropped) out.push(`  ${plural(r.expiredDropped, 'expired key')} left out (--drop-expired)`);
  for (const d of r.dropped) {
    const from = formatOffset(r.droppedFrom ?? d.offset ?? 0);
    out.push(
      `  warning: dropped ${d.file} from ${from} to its end, as redis-server with aof-load-truncated yes would (at ${formatOffset(d.offset ?? 0)}: ${d.message})`,
    );
  }
  for (const c of r.caveats) out.push(`  warning: ${plural(c.commands, 'command')}: ${c.message}`);
  if (r.failedCommands) {
    out.push(`  note: ${plural(r.failedCommands, 'command')} failed as they would in redis-server (no effect), e.g.:`);
    for (const e of r.failedExamples) out.push(`    ${e}`);
  }
  if (r.format === 'multi-part') out.push(`  start Redis on it with: --appendonly yes --appenddirname <that directory's name> --dir <its parent>`);
  if (r.format === 'rdb') out.push(`  start Redis on it with: --appendonly no --dbfilename <its name> --dir <its directory>`);
  return out.join('\n') + '\n';
}

/** The report as it is: plain data already. */
export function rewriteJson(report: RewriteReport): string {
  return JSON.stringify(report) + '\n';
}
