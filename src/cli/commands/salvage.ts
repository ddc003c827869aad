// `aof salvage INPUT OUTPUT`: recovery past mid-file damage into a new AOF; the report lists every skipped span.

import { existsSync } from 'node:fs';
import type { Argv, CommandModule } from 'yargs';
import type { SalvageReport } from '../../ops/salvage/salvage.js';
import { EXIT, ExitError, runAction } from '../errors.js';
import { escapeText, formatBytes, formatOffset, plural, shellQuote } from '../render/format.js';
import { withProgress } from '../progress.js';
import { aofCommand } from '../../aof/hint.js';
import { fitted } from '../render/fit.js';

interface SalvageArgs {
  input: string;
  output: string;
  format: 'resp' | 'multi-part';
  force: boolean;
  json: boolean;
  allowUnknownCommands: boolean;
}

const KIND_TEXT: Record<SalvageReport['skipped'][number]['kind'], string> = {
  damaged: 'damaged bytes',
  transaction: 'a transaction cut by the damage, dropped whole',
  rdb: 'the rest of the RDB section after damage in it',
};

export function renderSalvageReport(r: SalvageReport): string {
  const out: string[] = [];
  if (!r.written) {
    out.push(`✘ ${escapeText(r.input)}: nothing salvaged — ${r.reason ?? 'nothing usable'}; nothing was written`);
    return out.join('\n') + '\n';
  }
  const lostCommands = r.skipped.reduce((n, s) => n + s.commands, 0);
  const estimated = r.skipped.some((s) => s.estimated && s.commands > 0);
  out.push(
    `✔ ${escapeText(r.input)} → ${escapeText(r.output)} (${r.format}): kept ${plural(r.keptCommands, 'command')}${r.keptRdbKeys ? ` and ${plural(r.keptRdbKeys, 'RDB key')}` : ''}`,
  );
  if (r.skipped.length === 0) out.push('  nothing was damaged: the output holds the whole input');
  else out.push(`  skipped ${plural(r.skipped.length, 'span')}, ${estimated ? 'about ' : ''}${plural(lostCommands, 'command')} lost:`);
  for (const s of r.skipped) {
    const keys = s.keys !== undefined ? `, about ${plural(s.keys, 'key')}` : '';
    const commands = s.kind === 'rdb' ? '' : `, ${s.estimated ? 'about ' : ''}${plural(s.commands, 'command')}`;
    out.push(`    ${escapeText(s.file)} ${formatOffset(s.start)}–${formatOffset(s.end)} (${formatBytes(s.bytes)}${commands}${keys}): ${KIND_TEXT[s.kind]}`);
  }
  for (const a of r.assumedDatabases) {
    out.push(
      `  note: the commands from ${formatOffset(a.offset)} of ${escapeText(a.file)} are kept in db ${a.db}, the database before the damage (a SELECT may have been lost in it)`,
    );
  }
  out.push(`  next: ${aofCommand(`check ${shellQuote(r.output)}`)}   (then start redis-server on it, and compare with what you expect)`);
  return out.join('\n') + '\n';
}

async function salvage(args: SalvageArgs): Promise<number> {
  const { outputConflict } = await import('../../ops/rewrite/rewrite.js');
  const conflict = await outputConflict(args.input, args.output);
  if (conflict) throw new ExitError(`${conflict}.`, EXIT.USAGE);
  if (existsSync(args.output) && !args.force) {
    throw new ExitError(`${args.output} exists: pass --force to replace it (it is replaced atomically).`, EXIT.USAGE);
  }
  const { salvageAof } = await import('../../ops/salvage/salvage.js');
  const report: SalvageReport = await withProgress(`salvaging ${args.input}`, () =>
    salvageAof(args.input, args.output, { format: args.format, replace: args.force, allowUnknownCommands: args.allowUnknownCommands }),
  );
  process.stdout.write(args.json ? JSON.stringify(report) + '\n' : fitted(renderSalvageReport(report)));
  return report.written ? EXIT.OK : EXIT.INVALID;
}

export const salvageCommand: CommandModule<object, SalvageArgs> = {
  command: 'salvage <input> <output>',
  describe: 'Recover an AOF damaged in the middle: keep every sound command before and after each damaged span, in a new AOF',
  builder: (y: Argv) =>
    y
      .positional('input', { type: 'string', demandOption: true, describe: 'AOF file, manifest or appendonlydir (only read)' })
      .positional('output', { type: 'string', demandOption: true, describe: 'the AOF file (or, with --format multi-part, the directory) to write' })
      .option('format', { choices: ['resp', 'multi-part'] as const, default: 'resp' as const, describe: 'one AOF file, or an appendonlydir' })
      .option('force', { type: 'boolean', default: false, describe: 'replace OUTPUT if it exists' })
      .option('allow-unknown-commands', {
        type: 'boolean',
        default: false,
        describe: "resynchronise on commands no server version knows too (renamed ones); a module's always count",
      })
      .option('json', { type: 'boolean', default: false, describe: 'print the report as one JSON object' })
      .example('$0 salvage appendonly.aof salvaged.aof', 'keep what is sound around damage in the middle')
      .example('$0 salvage /var/lib/redis/appendonlydir /tmp/salvaged --format multi-part', 'a ready appendonlydir')
      .epilog(
        `Transactions that overlap damage are dropped whole; commands after damage run in the database before it. ` +
          `Exit status: 0 OUTPUT written (even with spans skipped: see the report); 1 nothing usable found (nothing written); ` +
          `2 usage error or unreadable path; 74 a write failed (nothing written); 70 internal error.`,
      ) as unknown as Argv<SalvageArgs>,
  handler: (args) => runAction(() => salvage(args)),
};
