// `aof rewrite IN OUT`: offline compaction through the scratch keyspace; human summary or JSON.

import { existsSync } from 'node:fs';
import type { Argv, CommandModule } from 'yargs';
import { outputConflict, rewriteAof, type RewriteReport } from '../ops/rewrite/rewrite.js';
import { EXIT, ExitError, runAction } from './errors.js';
import { formatBytes, formatCount, formatOffset, plural } from './format.js';
import { startProgress } from './progress.js';

interface RewriteArgs {
  input: string;
  output: string;
  format: 'resp' | 'multi-part';
  dropExpired: boolean;
  now: number | undefined;
  force: boolean;
  json: boolean;
}

export function renderRewriteReport(r: RewriteReport): string {
  const out: string[] = [];
  if (!r.ok) {
    const f = r.failure!;
    const where = f.offset !== null ? ` at ${formatOffset(f.offset)}` : '';
    out.push(`✘ ${r.input}: cannot rewrite — nothing was written`);
    out.push(`  ${f.file}${where}${f.command ? ` (${f.command.toUpperCase()})` : ''}: ${f.message}`);
    out.push(`  next: aof check ${r.input}   (the full report on the input)`);
    return out.join('\n') + '\n';
  }
  const ratio = r.inputBytes > 0 ? ` (${((r.outputBytes / r.inputBytes) * 100).toFixed(1)}% of the input)` : '';
  out.push(`✔ ${r.input} → ${r.output} (${r.format}) in ${r.seconds.toFixed(2)} s`);
  out.push(`  commands ${formatCount(r.inputCommands)} → ${formatCount(r.outputCommands)}`);
  out.push(`  bytes    ${formatBytes(r.inputBytes)} → ${formatBytes(r.outputBytes)}${ratio}`);
  for (const [db, types] of Object.entries(r.keys)) {
    const total = Object.values(types).reduce((a, b) => a + b, 0);
    const detail = Object.entries(types)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([t, n]) => `${t} ${formatCount(n)}`)
      .join(', ');
    out.push(`  db ${db}: ${plural(total, 'key')} (${detail})`);
  }
  if (r.keysWithTtl) out.push(`  ${plural(r.keysWithTtl, 'key')} with a TTL (written as PEXPIREAT)`);
  if (r.functions) out.push(`  ${plural(r.functions, 'function library', )}`);
  if (r.expiredDropped) out.push(`  ${plural(r.expiredDropped, 'expired key')} left out (--drop-expired)`);
  for (const d of r.dropped) {
    const from = formatOffset(r.droppedFrom ?? d.offset ?? 0);
    out.push(`  warning: dropped ${d.file} from ${from} to its end, as redis-server with aof-load-truncated yes would (at ${formatOffset(d.offset ?? 0)}: ${d.message})`);
  }
  for (const c of r.caveats) out.push(`  warning: ${plural(c.commands, 'command')}: ${c.message}`);
  if (r.failedCommands) {
    out.push(`  note: ${plural(r.failedCommands, 'command')} failed as they would in redis-server (no effect), e.g.:`);
    for (const e of r.failedExamples) out.push(`    ${e}`);
  }
  if (r.format === 'multi-part') out.push(`  start Redis on it with: --appendonly yes --appenddirname <that directory's name> --dir <its parent>`);
  return out.join('\n') + '\n';
}

async function rewrite(args: RewriteArgs): Promise<number> {
  const conflict = await outputConflict(args.input, args.output);
  if (conflict) throw new ExitError(`${conflict}.`, EXIT.USAGE);
  if (existsSync(args.output) && !args.force) {
    throw new ExitError(`${args.output} exists: pass --force to replace it (it is replaced atomically).`, EXIT.USAGE);
  }
  const progress = startProgress(`replaying ${args.input}`);
  let report: RewriteReport;
  try {
    report = await rewriteAof(args.input, args.output, {
      format: args.format,
      dropExpired: args.dropExpired,
      nowMs: args.now ?? Date.now(),
      replace: args.force,
      onProgress: (d, t) => progress.update(d, t),
    });
  } finally {
    progress.stop();
  }
  process.stdout.write(args.json ? JSON.stringify(report) + '\n' : renderRewriteReport(report));
  return report.ok ? EXIT.OK : EXIT.INVALID;
}

export const rewriteCommand: CommandModule<object, RewriteArgs> = {
  command: 'rewrite <input> <output>',
  describe: 'Compact an AOF offline: replay it into a scratch keyspace, write the minimal AOF that rebuilds it',
  builder: (y: Argv) =>
    y
      .positional('input', { type: 'string', demandOption: true, describe: 'AOF file, manifest, appendonlydir or .rdb' })
      .positional('output', { type: 'string', demandOption: true, describe: 'the AOF file (or, with --format multi-part, the directory) to write' })
      .option('format', { choices: ['resp', 'multi-part'] as const, default: 'resp' as const, describe: 'one RESP file, or an appendonlydir (manifest + base + empty incr)' })
      .option('drop-expired', { type: 'boolean', default: false, describe: 'leave out keys whose TTL has passed (Redis keeps them)' })
      .option('now', { type: 'number', describe: 'the clock in unix ms for --drop-expired and relative TTLs of old AOFs (default: now)' })
      .option('force', { type: 'boolean', default: false, describe: 'replace OUTPUT if it exists' })
      .option('json', { type: 'boolean', default: false, describe: 'print the summary as one JSON object' })
      .epilog('OUTPUT is written to a temp name beside it, synced, then renamed: a failure or Ctrl-C leaves no partial output. Exit status: 0 written; 1 the input cannot be replayed (nothing written); 2 usage error or unreadable path; 74 a write failed (nothing written); 70 internal error.') as unknown as Argv<RewriteArgs>,
  handler: (args) => runAction(() => rewrite(args)),
};
