// rewrite as a library call: the replay runs on a worker thread whose young generation is kept small, as the
// CLI's own Node flags keep it, so a library caller's process does not pay the memory the flags save.

import { Worker } from 'node:worker_threads';
import { UnreadablePathError } from '../../aof/layout.js';
import type { RewriteOptions, RewriteReport } from './rewrite.js';

/**
 * The young generation of the worker, in MiB: the CLI runs with --max-semi-space-size=1 (a young generation of
 * about 3 MiB); Node gives a worker its limits at creation, not flags.
 */
const YOUNG_MB = 3;

/** What the worker posts: progress, the report, or the error that ended it (as data: errors do not cross threads whole). */
export type WorkerMessage =
  | { readonly progress: [number, number, ('listing' | undefined)?] }
  | { readonly report: RewriteReport }
  | { readonly error: { readonly message: string; readonly path?: string; readonly reason?: string } };

export interface WorkerJob {
  readonly input: string;
  readonly output: string;
  readonly options: Omit<RewriteOptions, 'onProgress'>;
}

/**
 * Runs rewriteAof on a worker thread when aof runs compiled (from the TypeScript sources, as its tests do, the
 * worker's module is not there: `run` does the work here instead).
 */
export async function rewriteOffThread(input: string, output: string, options: RewriteOptions, run: () => Promise<RewriteReport>): Promise<RewriteReport> {
  const script = new URL('./rewrite-worker.js', import.meta.url);
  if (!import.meta.url.endsWith('.js')) return run();
  const { onProgress, ...rest } = options;
  const worker = new Worker(script, {
    workerData: { input, output, options: rest } satisfies WorkerJob,
    resourceLimits: { maxYoungGenerationSizeMb: YOUNG_MB },
  });
  return new Promise<RewriteReport>((resolve, reject) => {
    let settled = false;
    worker.on('message', (m: WorkerMessage) => {
      if ('progress' in m) onProgress?.(...m.progress);
      else {
        settled = true;
        if ('report' in m) resolve(m.report);
        else
          reject(
            m.error.path !== undefined && m.error.reason !== undefined ? new UnreadablePathError(m.error.path, m.error.reason) : new Error(m.error.message),
          );
      }
    });
    worker.on('error', (e) => {
      settled = true;
      reject(e);
    });
    worker.on('exit', (code) => {
      if (!settled) reject(new Error(`the rewrite's worker thread stopped (exit ${code}) before it reported`));
    });
  });
}
