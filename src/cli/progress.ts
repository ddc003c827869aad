// A spinner with progress, MB/s and the time left on stderr for long runs; silent when stderr is not a terminal.

import type { Ora } from 'ora';
import { formatBytes } from './render/format.js';

type OnProgress = (done: number, total: number, phase?: 'listing') => void;

const SHOW_AFTER_MS = 400;

/** `m:ss` or `h:mm:ss`. */
function clock(seconds: number): string {
  const s = Math.round(seconds);
  const mmss = `${Math.floor((s % 3600) / 60)}:${String(s % 60).padStart(2, '0')}`;
  return s >= 3600 ? `${Math.floor(s / 3600)}:${mmss.padStart(5, '0')}` : mmss;
}

/**
 * One progress line: `checking a.aof 42% 420 MB of 1.0 GB, 350 MB/s, 0:02 left`, cut to `width` columns (the spinner
 * takes two) so that it never wraps: a wrapped line is redrawn as a new line on every update.
 */
export function progressLine(label: string, done: number, total: number, elapsedMs: number, width: number): string {
  const rate = elapsedMs > 0 ? done / (elapsedMs / 1000) : 0;
  const pct = total > 0 ? ` ${Math.floor((done / total) * 100)}%` : '';
  const left = total > done && rate > 0 ? `, ${clock((total - done) / rate)} left` : '';
  const figures = `${pct} ${formatBytes(done)} of ${formatBytes(total)}, ${(rate / 1e6).toFixed(0)} MB/s${left}`;
  const room = Math.max(10, width - 2);
  if (label.length + figures.length <= room) return label + figures;
  // The figures are what changes: the label (it names the path) gives way first, elided in the middle.
  const keep = room - figures.length - 1;
  if (keep < 8) return figures.trimStart().slice(0, room);
  const head = Math.ceil(keep / 2);
  return `${label.slice(0, head)}…${label.slice(label.length - (keep - head))}${figures}`;
}

function startProgress(label: string): { update: OnProgress; stop(): void } {
  // Not a terminal: no spinner, so there is nothing to update or stop.
  // A terminal of 0 columns (a pseudo-terminal never sized, as `docker run -t` or `script` can give) gets none
  // either: ora divides by the width to count the lines it redraws, and would clear lines forever.
  if (!process.stderr.isTTY || !(process.stderr.columns > 0)) return { update: () => undefined, stop: () => undefined };
  let started = Date.now();
  let phase: 'listing' | undefined;
  // Loaded only for a terminal: ora and what it pulls in add ~2.5 MiB to every run's memory.
  let ora: typeof import('ora').default | null = null;
  import('ora').then(
    (m) => (ora = m.default),
    () => undefined,
  );
  let spinner: Ora | null = null;
  let last = 0;
  return {
    update(done, total, nowPhase) {
      if (nowPhase !== phase) {
        // Listing a packed backup counts its packed bytes, then the check counts unpacked ones: rates start anew.
        phase = nowPhase;
        started = Date.now() - SHOW_AFTER_MS;
      }
      const now = Date.now();
      if (ora === null || now - started < SHOW_AFTER_MS || now - last < 100) return;
      last = now;
      const text = progressLine(phase === 'listing' ? `${label} (listing the archive)` : label, done, total, now - started, process.stderr.columns || 80);
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
