#!/usr/bin/env -S node --max-semi-space-size=1 --heap-growing-percent=30
// Entry point: hands argv to the compiled CLI, which owns output and exit codes.
// The flags keep the heap close to the live data (measured by `npm run bench`, README "Performance"): a
// 1 MB young generation (check, inspect and rewrite ran as fast as with the default 16 MB, as almost all
// they allocate dies within one command) and growth by 30% instead of up to 4x per major GC. Together they
// take an overwrite-heavy rewrite's peak RSS from 259 to 175 MiB. Started as `node bin/aof.js`, the shebang's
// flags are not there: V8 reads them only at start-up, so aof starts itself again with them (once).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const FLAGS = ['--max-semi-space-size=1', '--heap-growing-percent=30'];
const argv = process.argv.slice(2);

if (FLAGS.every((f) => process.execArgv.includes(f)) || process.env.AOF_HEAP_FLAGS === 'off') {
  const { main } = await import('../dist/cli/main.js');
  await main(argv);
} else {
  const child = spawn(process.execPath, [...process.execArgv, ...FLAGS, fileURLToPath(import.meta.url), ...argv], { stdio: 'inherit' });
  // A terminal's Ctrl-C reaches both processes; the child handles it. A signal sent to this process alone is passed on.
  const forward = (signal) => child.kill(signal);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, forward);
  child.on('exit', (code, signal) => {
    if (signal === null) process.exit(code ?? 1);
    for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.off(s, forward);
    process.kill(process.pid, signal);
  });
}
