// A spinner with progress and MB/s on stderr for long runs; silent when stderr is not a terminal.

import type { Ora } from 'ora';
import { formatBytes } from './render/format.js';

type OnProgress = (done: number, total: number) => void;

const SHOW_AFTER_MS = 400;

function startProgress(label: string): { update: OnProgress; stop(): void } {
  // Not a terminal: no spinner, so there is nothing to update or stop.
  if (!process.stderr.isTTY) return { update: () => undefined, stop: () => undefined };
  const started = Date.now();
  // Loaded only for a terminal: ora and what it pulls in add ~2.5 MiB to every run's memory.
  let ora: typeof import('ora').default | null = null;
  import('ora').then(
    (m) => (ora = m.default),
    () => undefined,
  );
  let spinner: Ora | null = null;
  let last = 0;
  return {
    update(done, total) {
      const now = Date.now();
      if (ora === null || now - started < SHOW_AFTER_MS || now - last < 100) return;
      last = now;
      const rate = done / 1e6 / ((now - started) / 1000);
      const pct = total > 0 ? `${Math.floor((done / total) * 100)}%` : '';
      const text = `${label} ${pct} ${formatBytes(done)} of ${formatBytes(total)}, ${rate.toFixed(0)} MB/s`;
      if (spinner) spinner.text = text;
      else spinner = ora({ text, stream: process.stderr }).start();
    },
    stop() {
      spinner?.stop();
    },
  };
}

/** Runs a long operation with a spinner fed by its onProgress; the spinner goes however the operation ends. */
export async function withProgress<T>(label: string, run: (onProgress: OnProgress) => Promise<T>): Promise<T> {
  const progress = startProgress(label);
  try {
    return await run(progress.update);
  } finally {
    progress.stop();
  }
}
