// `check --jobs N`: checks many paths on worker threads and hands back each outcome in input order, as soon as it is known.
import { readdir, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { CheckOptions, CheckReport } from '../ops/check.js';
import { invocation } from '../aof/hint.js';
import { UnreadablePathError } from '../aof/layout.js';
import { checkAof } from '../ops/check.js';
import { describeFailure, EXIT } from './errors.js';

/** What checking one path came to: its report, or the failure to print (with the reason, when the path was unreadable). */
export type CheckOutcome =
  | { readonly path: string; readonly report: CheckReport }
  | { readonly path: string; readonly failure: { message: string; exitCode: number }; readonly unreadable: string | null };

export interface CheckJob {
  readonly index: number;
  readonly path: string;
  readonly options: CheckOptions;
}

/**
 * Old-generation heap per worker. A check's memory is flat (one read buffer, the verdict's small state), so this
 * bounds a runaway, not a big file; a worker that hits it fails that one path and is replaced.
 */
const JOB_HEAP_MB = 256;

/** Jobs when --jobs is not given: one per core, and never more than there are paths. */
export function defaultJobs(paths: number): number {
  return Math.max(1, Math.min(availableParallelism(), paths));
}

/** Bytes a path holds, to schedule big ones first: a file's size, or a directory's files (and its appendonlydir's). */
async function bytesOf(path: string): Promise<number> {
  const sizes = async (dir: string, depth: number): Promise<number> => {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    let total = 0;
    for (const e of entries) {
      const inner = join(dir, e.name);
      if (e.isFile()) total += (await stat(inner).catch(() => ({ size: 0 }))).size;
      else if (e.isDirectory() && depth > 0 && e.name === 'appendonlydir') total += await sizes(inner, depth - 1);
    }
    return total;
  };
  const s = await stat(path).catch(() => null);
  return s === null ? 0 : s.isDirectory() ? sizes(path, 1) : s.size;
}

/**
 * The order jobs are handed out: largest first, so the last job to finish is a small one and no core sits idle
 * at the end while another checks a big file (output order is the input order regardless).
 */
export async function dispatchOrder(paths: readonly string[]): Promise<number[]> {
  const bytes = await Promise.all(paths.map(bytesOf));
  return paths.map((_, i) => i).sort((a, b) => (bytes[b] ?? 0) - (bytes[a] ?? 0) || a - b);
}

/** One path checked here: its report, or its failure as a check in the main thread reports it. */
export async function checkOutcome(path: string, options: CheckOptions): Promise<CheckOutcome> {
  try {
    return { path, report: await checkAof(path, options) };
  } catch (e) {
    // An unreadable path keeps its reason for --json.
    return { path, failure: describeFailure(e), unreadable: e instanceof UnreadablePathError ? e.reason : null };
  }
}

/**
 * Checks `paths` as `jobs` jobs: this thread is one of them (it would only wait otherwise, and its code is warm),
 * worker threads the others; yields outcomes in the order of `paths`.
 */
export async function* checkInWorkers(paths: readonly string[], options: CheckOptions, jobs: number): AsyncGenerator<CheckOutcome> {
  const outcomes = new Map<number, CheckOutcome>();
  let wake: (() => void) | null = null;
  const order = await dispatchOrder(paths);
  let next = 0;
  const settle = (index: number, outcome: CheckOutcome) => {
    outcomes.set(index, outcome);
    wake?.();
  };
  const workers = new Set<Worker>();
  const start = () => {
    // The worker writes its hints the way this process was started, as this thread does.
    const worker = new Worker(new URL('./check-worker.js', import.meta.url), {
      workerData: invocation(),
      resourceLimits: { maxOldGenerationSizeMb: JOB_HEAP_MB },
    });
    workers.add(worker);
    let current = -1;
    const feed = () => {
      if (next >= paths.length) {
        workers.delete(worker);
        void worker.terminate();
        return;
      }
      current = order[next++] ?? 0;
      worker.postMessage({ index: current, path: paths[current] ?? '', options } satisfies CheckJob);
    };
    worker.on('message', ({ index, outcome }: { index: number; outcome: CheckOutcome }) => {
      settle(index, outcome);
      feed();
    });
    worker.on('error', (e) => {
      // Out of memory or a crash: that path's failure; a fresh worker takes the rest.
      workers.delete(worker);
      if (current >= 0 && !outcomes.has(current)) {
        const path = paths[current] ?? '';
        settle(current, {
          path,
          failure: { message: `${path}: the check stopped: ${e.message}. Check it alone with --jobs 1`, exitCode: EXIT.INTERNAL },
          unreadable: null,
        });
      }
      if (next < paths.length) start();
    });
    feed();
  };
  const here = async () => {
    while (next < paths.length) {
      const index = order[next++] ?? 0;
      settle(index, await checkOutcome(paths[index] ?? '', options));
    }
  };
  try {
    for (let i = 1; i < Math.min(jobs, paths.length); i++) start();
    const local = here();
    for (let i = 0; i < paths.length; i++) {
      while (!outcomes.has(i)) await new Promise<void>((resolve) => (wake = resolve));
      const outcome = outcomes.get(i);
      outcomes.delete(i);
      if (outcome) yield outcome;
    }
    await local;
  } finally {
    next = paths.length; // this thread takes no more paths either
    // Early exit (an EPIPE, Ctrl-C) must not leave threads keeping the process alive.
    await Promise.all([...workers].map((w) => w.terminate()));
  }
}
