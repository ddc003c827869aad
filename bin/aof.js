#!/usr/bin/env node
// Entry point: hands argv to the compiled CLI, which owns output and exit codes.
// Commands that hold a dataset (rewrite, salvage, filter) run with a heap flag that keeps the heap close to the
// live data (docs/benchmarks.md): growth by 30% instead of up to 4x per major GC. A 4 MB young generation
// beside it saved an overwrite-heavy rewrite 30 of its 208 MiB but cost an RDB-based one 21% more time (and
// more memory: values promoted early), so it is gone. V8 reads flags only at start-up, so aof starts itself
// again with it (once). check, cat and inspect run without it: their memory is flat anyway.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const FLAGS = ['--heap-growing-percent=30'];
const HOLDS_A_DATASET = new Set(['rewrite', 'salvage', 'filter']);
const argv = process.argv.slice(2);
const command = argv.find((a) => !a.startsWith('-'));
// AOF_HEAP_FLAGS=on gives every command the flags, =off none.
const wanted = process.env.AOF_HEAP_FLAGS === 'on' || (HOLDS_A_DATASET.has(command) && process.env.AOF_HEAP_FLAGS !== 'off');

if (!wanted || FLAGS.every((f) => process.execArgv.includes(f))) {
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
