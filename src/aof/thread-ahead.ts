// Worker threads started before the code that will use them has loaded: taken once by that code, or left to end with the process.

import { Worker, type WorkerOptions } from 'node:worker_threads';

/** Per script (its URL), the worker started ahead and waiting for its job; gone once taken, or if it ended first. */
const ahead = new Map<string, Worker>();

/**
 * Starts a worker of `script` now, without its job: Node takes ~0.15 s of CPU to start a thread, and the script
 * more to load its modules, which then run on a core the main thread leaves idle while it loads the command's own.
 * It does not keep the process alive: one never taken ends with it. The script must take its job as the first
 * message when it has no workerData (null).
 */
export function startThreadAhead(script: URL, options: WorkerOptions = {}): void {
  if (ahead.has(script.href)) return;
  const worker = new Worker(script, { ...options, workerData: null });
  worker.unref();
  const gone = () => {
    if (ahead.get(script.href) === worker) ahead.delete(script.href);
  };
  worker.on('error', gone);
  worker.on('exit', gone);
  ahead.set(script.href, worker);
}

/**
 * The worker of `script` started ahead, if there is one: the caller gives it its job (sendJob). If it has ended
 * meanwhile, its exit still reaches the caller's listeners, attached in the same turn.
 */
export function takeThreadAhead(script: URL): Worker | null {
  const worker = ahead.get(script.href);
  if (worker === undefined) return null;
  ahead.delete(script.href);
  // Its listeners hold the process open from now on; ref() says so outright, whatever Node's default.
  worker.ref();
  return worker;
}

/** Gives a worker started ahead its job: the message threadJob waits for. */
export function sendJob(worker: Worker, job: unknown): void {
  worker.postMessage({ job });
}

/** The job of a worker started by startThreadAhead (the first message) or the usual way (workerData). */
export function threadJob<T>(port: { once(event: 'message', listener: (m: { job: T }) => void): unknown }, workerData: unknown): Promise<T> {
  if (workerData !== null) return Promise.resolve(workerData as T);
  return new Promise<T>((resolve) => {
    port.once('message', (m) => {
      resolve(m.job);
    });
  });
}
