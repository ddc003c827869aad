// Ctrl-C, SIGTERM and a closed pipe end the command promptly and cleanly: temp files go, exit codes follow the shell's rules.

import { removeTrackedTempsSync } from '../aof/io/temp-files.js';

const SIGNAL_EXIT = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;

/**
 * Installs the handlers once per process. A signal removes every temp file still being written (the
 * originals were never touched before their replacement was complete) and exits 128 + the signal number.
 * EPIPE on stdout (`aof cat … | head`) means the reader has all it wants: exit 0 quietly.
 */
export function installInterruptHandlers(): void {
  for (const [signal, code] of Object.entries(SIGNAL_EXIT)) {
    process.once(signal, () => {
      const removed = removeTrackedTempsSync();
      const note = removed.length > 0 ? ` (removed ${removed.length} temp file${removed.length === 1 ? '' : 's'})` : '';
      process.stderr.write(`\naof: interrupted by ${signal}${note}; no file was left half-written.\n`);
      // A signal must end the process now, mid-await: nothing else would stop the work in flight.
      process.exit(code);
    });
  }
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
    removeTrackedTempsSync();
    // Nobody reads the output any more: stop now rather than read the rest of the input for nothing.
    process.exit(0);
  });
}
