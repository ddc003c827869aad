// Ctrl-C, SIGTERM and a closed pipe end the command promptly and cleanly: temp files go, exit codes follow the shell's rules.

import { errnoOf, IoFailure } from '../aof/io/io-failure.js';
import { removeTrackedTempsSync } from '../aof/io/temp-files.js';
import { EXIT, ioRemedy } from './errors.js';

const SIGNAL_EXIT = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;

/**
 * Installs the handlers once per process. A signal removes every temp file still being written (the
 * originals were never touched before their replacement was complete) and exits 128 + the signal number.
 * EPIPE on stdout (`aof cat … | head`) means the reader has all it wants: exit 0 quietly; any other failure
 * to write stdout (a redirect to a full disk) exits 74, as a failed write does.
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
    removeTrackedTempsSync();
    // Nobody reads the output any more: stop now rather than read the rest of the input for nothing.
    if (e.code === 'EPIPE') process.exit(0);
    // Output sent to a file on a full or failing disk: said as a failed write is, not as a crash.
    const failure = new IoFailure('standard output', 'write to', errnoOf(e) ?? 'EIO');
    process.stderr.write(`aof: ${failure.message}: what it holds is incomplete. ${ioRemedy(failure)}, then run it again.\n`);
    process.exit(EXIT.IO);
  });
}
