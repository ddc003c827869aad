// `aof rewrite IN OUT`: offline compaction through the scratch keyspace; a human summary or JSON.

import { existsSync } from 'node:fs';
import { realpath } from 'node:fs/promises';
import type { Argv, CommandModule } from 'yargs';
import { EXIT, ExitError, runAction } from '../errors.js';
import { withProgress } from '../progress.js';

interface RewriteArgs {
  input: string;
  output: string;
  format: 'resp' | 'multi-part';
  dropExpired: boolean;
  now: number | undefined;
  force: boolean;
  json: boolean;
}

async function samePath(a: string, b: string): Promise<boolean> {
  try {
    return (await realpath(a)) === (await realpath(b));
  } catch {
    return false;
  }
}

async function rewrite(args: RewriteArgs): Promise<number> {
  if (await samePath(args.input, args.output)) {
    throw new ExitError(`${args.output} is the input itself: write the rewrite elsewhere, check it, then swap the files.`, EXIT.USAGE);
  }
  if (existsSync(args.output) && !args.force) {
    throw new ExitError(`${args.output} exists: pass --force to replace it (it is replaced atomically).`, EXIT.USAGE);
  }
  const [{ rewriteAof }, { renderRewriteReport, rewriteJson }] = await Promise.all([import('../../ops/rewrite.js'), import('../render/rewrite.js')]);
  const { format, dropExpired } = args;
  const nowMs = args.now ?? Date.now();
  const report = await withProgress(`replaying ${args.input}`, (onProgress) =>
    rewriteAof(args.input, args.output, { format, dropExpired, nowMs, onProgress }),
  );
  process.stdout.write(args.json ? rewriteJson(report) : renderRewriteReport(report));
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
      .epilog('Exit status: 0 written; 1 the input cannot be replayed (nothing written); 2 usage error or unreadable path; 70 internal error.') as unknown as Argv<RewriteArgs>,
  handler: (args) => runAction(() => rewrite(args)),
};
