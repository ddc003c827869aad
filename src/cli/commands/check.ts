// `aof check PATH…`: checks each path as redis-server loads it; a human or JSON verdict, exit codes for CI.

import type { Argv, CommandModule } from 'yargs';
import type { CheckOptions, CheckReport } from '../../ops/check.js';
import { commandTarget } from '../../aof/command-table.js';
import { checkInWorkers, defaultJobs, type CheckOutcome } from '../check-pool.js';
import { describeFailure, EXIT, runAction, UsageError } from '../errors.js';
import { allowUnknownCommandsOption, serverOption } from '../options.js';
import { withProgress } from '../progress.js';
import { fitted } from '../render/fit.js';

type CheckFormat = 'human' | 'json' | 'github' | 'junit';

interface CheckArgs {
  paths: string[];
  json: boolean;
  format: CheckFormat | undefined;
  quiet: boolean;
  strict: boolean;
  allowUnknownCommands: boolean;
  server?: string;
  recursive: boolean;
  jobs: number | undefined;
}

/** The paths to check: as given, or with --recursive every AOF found under each directory given. */
async function expandPaths(args: CheckArgs): Promise<{ paths: string[]; empty: string[] }> {
  if (!args.recursive) return { paths: args.paths, empty: [] };
  const [{ stat }, { findAofs }] = await Promise.all([import('node:fs/promises'), import('../../aof/find-aofs.js')]);
  const paths: string[] = [];
  const empty: string[] = [];
  for (const path of args.paths) {
    const isDir = await stat(path).then(
      (s) => s.isDirectory(),
      () => false,
    );
    const found = isDir ? await findAofs(path) : [path];
    if (found.length === 0) empty.push(path);
    paths.push(...found);
  }
  return { paths, empty };
}

/** One path after another in this thread, with progress on a terminal (--jobs 1, or a single path). */
async function* checkHere(paths: readonly string[], options: CheckOptions): AsyncGenerator<CheckOutcome> {
  const [{ checkAof }, { UnreadablePathError }] = await Promise.all([import('../../ops/check.js'), import('../../aof/layout.js')]);
  for (const path of paths) {
    try {
      yield { path, report: await withProgress(`checking ${path}`, (onProgress) => checkAof(path, { ...options, onProgress })) };
    } catch (e) {
      if (!(e instanceof UnreadablePathError)) throw e;
      yield { path, failure: describeFailure(e), unreadable: e.reason };
    }
  }
}

async function check(args: CheckArgs): Promise<number> {
  const { checkJson, unreadableJson } = await import('../render/check-json.js');
  const format: CheckFormat = args.format ?? (args.json ? 'json' : 'human');
  const { githubAnnotations, junitReport } = await import('../render/check-ci.js');
  const human = await import('../render/check-human.js');
  const quiet = (r: CheckReport) => fitted(`${human.checkHeadline(r, args.strict)}\n`);
  const full = async (r: CheckReport) => fitted(await human.renderCheckReport(r, args.strict));
  const render = format === 'json' ? checkJson : format === 'github' ? githubAnnotations : format === 'junit' ? null : args.quiet ? quiet : full;
  const reports: CheckReport[] = [];
  const unreadable: string[] = [];
  let worst: number = EXIT.OK;
  const { paths, empty } = await expandPaths(args);
  for (const path of empty) {
    process.stderr.write(fitted(`aof: ${path}: no AOF, appendonlydir or RDB file under it. Check the path.\n`, process.stderr));
    worst = EXIT.USAGE;
    unreadable.push(path);
  }
  const options = { allowUnknownCommands: args.allowUnknownCommands, server: args.server };
  // An unknown --server is one usage error, said once, not every path's failure.
  if (args.server !== undefined) commandTarget(args.server);
  const jobs = args.jobs ?? defaultJobs(paths.length);
  const outcomes = jobs > 1 && paths.length > 1 ? checkInWorkers(paths, { ...options, split: false }, jobs) : checkHere(paths, options);
  for await (const outcome of outcomes) {
    if (!('report' in outcome)) {
      // One unreadable path must not hide the verdicts on the others: report it and go on.
      process.stderr.write(fitted(`aof: ${outcome.failure.message}\n`, process.stderr));
      if (worst !== EXIT.INTERNAL) worst = outcome.failure.exitCode;
      unreadable.push(outcome.path);
      if (format === 'json' && outcome.unreadable !== null) process.stdout.write(unreadableJson(outcome.path, outcome.unreadable));
      continue;
    }
    const { report } = outcome;
    reports.push(report);
    if (render) process.stdout.write(await render(report));
    const failed = (!report.valid && report.status !== 'unsupported') || (args.strict && report.warnings > 0);
    if (failed && (worst === EXIT.OK || worst === EXIT.UNSUPPORTED)) worst = EXIT.INVALID;
    else if (report.status === 'unsupported' && worst === EXIT.OK) worst = EXIT.UNSUPPORTED;
  }
  if (format === 'junit') process.stdout.write(junitReport(reports));
  if (format === 'human' && paths.length + empty.length > 1) process.stdout.write(fitted(human.checkSummary(reports, unreadable)));
  return worst;
}

export const checkCommand: CommandModule<object, CheckArgs> = {
  command: 'check <paths..>',
  describe: 'Check AOF files, manifests or appendonlydirs the way redis-server loads them',
  builder: (y: Argv) =>
    y
      .positional('paths', { type: 'string', array: true, demandOption: true, describe: 'AOF file, manifest, RDB or directory' })
      .option('allow-unknown-commands', allowUnknownCommandsOption)
      .option('server', serverOption)
      .option('json', { type: 'boolean', default: false, describe: 'one JSON object per path on stdout (the same as --format json)' })
      .option('recursive', {
        alias: 'r',
        type: 'boolean',
        default: false,
        describe: 'check every AOF under each directory given: appendonlydirs (by their manifest), .aof and .rdb files',
      })
      .option('jobs', {
        alias: 'j',
        type: 'number',
        describe: 'check this many paths at once, on worker threads (default: one per core; 1 checks them one by one, with progress)',
      })
      .check((a) => {
        if (a.jobs !== undefined && !(Number.isInteger(a.jobs) && a.jobs >= 1)) throw new UsageError(`--jobs ${a.jobs}: give a whole number of 1 or more`);
        return true;
      })
      .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'one line per path (its verdict), for fleets of backups' })
      .option('format', {
        choices: ['human', 'json', 'github', 'junit'] as const,
        describe: 'human (default), json, github (workflow annotations: ::error file=…,line=…::), junit (one XML report for all paths)',
      })
      .example('$0 check /var/lib/redis/appendonlydir', 'the verdict redis-server would reach, and the fix to run')
      .example('$0 check -q -r /srv/redis-backups', 'every backup under a tree, on all cores, one line each, then a summary')
      .example('$0 check backups/*/appendonlydir --format junit > aof-check.xml', 'a CI report of every backup')
      .option('strict', {
        type: 'boolean',
        default: false,
        describe: 'also fail (exit 1) on warnings: what redis-check-aof rejects but the server accepts',
      })
      .epilog(
        'Exit status: 0 every path is valid; 1 some path is not (or has warnings, with --strict); 2 usage error or unreadable path; 3 some path was written by a newer server than aof knows (and none is invalid); 70 internal error.',
      ) as unknown as Argv<CheckArgs>,
  handler: (args) => runAction(() => check(args)),
};
