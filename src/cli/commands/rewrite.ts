// `aof rewrite IN OUT`: offline compaction through the scratch keyspace; a human summary or JSON.

import { existsSync } from 'node:fs';
import type { Argv, CommandModule } from 'yargs';
import { EXIT, ExitError, runAction } from '../errors.js';
import { serverOption } from '../options.js';
import { withProgress } from '../progress.js';
import { fitted } from '../render/fit.js';

interface RewriteArgs {
  input: string;
  output: string;
  format: 'resp' | 'multi-part' | 'rdb' | undefined;
  base: 'resp' | 'rdb';
  rdbVersion: number | undefined;
  dropExpired: boolean;
  now: number | undefined;
  force: boolean;
  json: boolean;
  server?: string;
  threads: number | undefined;
}

const RDB_VERSIONS = [9, 10, 11, 12] as const;

async function rewrite(args: RewriteArgs): Promise<number> {
  const [{ rewriteAof, outputConflict }, { renderRewriteReport, rewriteJson }] = await Promise.all([
    import('../../ops/rewrite/rewrite.js'),
    import('../render/rewrite.js'),
  ]);
  const conflict = await outputConflict(args.input, args.output);
  if (conflict) throw new ExitError(`${conflict}.`, EXIT.USAGE);
  if (existsSync(args.output) && !args.force) {
    throw new ExitError(`${args.output} exists: pass --force to replace it (it is replaced atomically).`, EXIT.USAGE);
  }
  const rdbVersion = RDB_VERSIONS.find((v) => v === args.rdbVersion);
  if (args.rdbVersion !== undefined && rdbVersion === undefined) {
    throw new ExitError(`--rdb-version takes 9 (Redis 5/6), 10 (7.0), 11 (7.2, Valkey 7.2/8.x) or 12 (7.4 to 8.4), not ${args.rdbVersion}`, EXIT.USAGE);
  }
  // A .rdb OUTPUT is a dump.rdb unless a format says otherwise.
  const format = args.format ?? (args.output.endsWith('.rdb') ? 'rdb' : 'resp');
  if (args.threads !== undefined && args.threads !== 1 && args.threads !== 2) throw new ExitError(`--threads takes 1 or 2, not ${args.threads}`, EXIT.USAGE);
  const { dropExpired, base } = args;
  const shards = args.threads === undefined ? 'auto' : args.threads === 1 ? 'off' : 'on';
  const nowMs = args.now ?? Date.now();
  const report = await withProgress(`replaying ${args.input}`, (onProgress) =>
    rewriteAof(args.input, args.output, { format, base, rdbVersion, dropExpired, nowMs, onProgress, replace: args.force, server: args.server, shards }),
  );
  process.stdout.write(args.json ? rewriteJson(report) : fitted(renderRewriteReport(report)));
  return report.ok ? EXIT.OK : EXIT.INVALID;
}

export const rewriteCommand: CommandModule<object, RewriteArgs> = {
  command: 'rewrite <input> <output>',
  describe: 'Compact an AOF offline: replay it into a scratch keyspace, write the minimal AOF (or RDB) that rebuilds it',
  builder: (y: Argv) =>
    y
      .positional('input', { type: 'string', demandOption: true, describe: 'AOF file, manifest, appendonlydir or .rdb' })
      .positional('output', { type: 'string', demandOption: true, describe: 'the AOF file (or, with --format multi-part, the directory) to write' })
      .option('format', {
        choices: ['resp', 'multi-part', 'rdb'] as const,
        describe: 'one AOF file (default), an appendonlydir (manifest + base + empty incr), or a dump.rdb (the default for an OUTPUT ending in .rdb)',
      })
      .option('base', {
        choices: ['resp', 'rdb'] as const,
        default: 'resp' as const,
        describe: 'the base as RESP commands, or as an RDB (aof-use-rdb-preamble yes: smaller, faster to load)',
      })
      .option('rdb-version', {
        type: 'number',
        describe:
          "RDB version to write: 9, 10 (Redis 7.0), 11 (7.2, Valkey 7.2/8), 12 (7.4 to 8.x); default: the newest the --server loads, else the input's own, else 10",
      })
      .option('drop-expired', { type: 'boolean', default: false, describe: 'leave out keys whose TTL has passed (Redis keeps them)' })
      .option('now', { type: 'number', describe: 'the clock in unix ms for --drop-expired and relative TTLs of old AOFs (default: now)' })
      .option('force', { type: 'boolean', default: false, describe: 'replace OUTPUT if it exists' })
      .option('threads', {
        type: 'number',
        describe:
          'replay on 2 threads, each keeping about half the keys (the same output, faster, about a third more memory), or on 1; default: 2 for a log of commands of 32 MiB or more when free memory is twice its size',
      })
      .option('server', serverOption)
      .option('json', { type: 'boolean', default: false, describe: 'print the summary as one JSON object' })
      .example('$0 rewrite appendonlydir compact.aof', 'one RESP file')
      .example('$0 rewrite appendonly.aof newdir --format multi-part --base rdb', 'an appendonlydir with an RDB base, as Redis 7 writes it')
      .example('$0 rewrite appendonlydir dump.rdb --rdb-version 10', 'an RDB to seed a new instance (loads in Redis 7.0 and later)')
      .epilog(
        'OUTPUT is written to a temp name beside it, synced, then renamed: a failure or Ctrl-C leaves no partial output. Exit status: 0 written; 1 the input cannot be replayed (nothing written); 2 usage error or unreadable path; 74 a write failed (nothing written); 70 internal error.',
      ) as unknown as Argv<RewriteArgs>,
  handler: (args) => runAction(() => rewrite(args)),
};
