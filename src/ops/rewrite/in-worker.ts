// rewrite as a library call: the replay runs on a worker thread, so a caller's event loop goes on meanwhile and the
// dataset's heap is given back whole when the worker ends.

import { Worker } from 'node:worker_threads';
import { FileChangedError } from '../../aof/io/file-changed.js';
import { IoFailure } from '../../aof/io/io-failure.js';
import { UnreadablePathError } from '../../aof/layout.js';
import type { RewriteOptions, RewriteReport } from './rewrite.js';

/** What the worker posts: progress, the report, or the error that ended it (as data: errors do not cross threads whole). */
export type WorkerMessage =
  { readonly progress: [number, number, ('listing' | undefined)?] } | { readonly report: RewriteReport } | { readonly error: CrossingError };

/** An error as data, with what its class carries, so the caller gets the class rewriteAof threw here. */
export type CrossingError =
  | { readonly kind: 'unreadable'; readonly path: string; readonly reason: string }
  | { readonly kind: 'io'; readonly path: string; readonly action: string; readonly code: string; readonly detail: string | undefined }
  | { readonly kind: 'changed'; readonly path: string; readonly expected: number; readonly actual: number | null; readonly during: 'read' | 'fix' }
  | { readonly kind: 'other'; readonly message: string };

export function toCrossing(e: unknown): CrossingError {
  if (e instanceof UnreadablePathError) return { kind: 'unreadable', path: e.path, reason: e.reason };
  if (e instanceof IoFailure) return { kind: 'io', path: e.path, action: e.action, code: e.code, detail: e.detail };
  if (e instanceof FileChangedError) return { kind: 'changed', path: e.path, expected: e.expectedSize, actual: e.actualSize, during: e.during };
  return { kind: 'other', message: e instanceof Error ? e.message : String(e) };
}

function fromCrossing(e: CrossingError): Error {
  switch (e.kind) {
    case 'unreadable':
      return new UnreadablePathError(e.path, e.reason);
    case 'io':
      return new IoFailure(e.path, e.action, e.code, e.detail);
    case 'changed':
      return new FileChangedError(e.path, e.expected, e.actual, e.during);
    case 'other':
      return new Error(e.message);
  }
}

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
  });
  return new Promise<RewriteReport>((resolve, reject) => {
    let settled = false;
    worker.on('message', (m: WorkerMessage) => {
      if ('progress' in m) onProgress?.(...m.progress);
      else {
        settled = true;
        if ('report' in m) resolve(m.report);
        else reject(fromCrossing(m.error));
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
