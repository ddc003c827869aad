#!/usr/bin/env -S node --max-semi-space-size=1 --heap-growing-percent=30
// Entry point: hands argv to the compiled CLI, which owns output and exit codes.
// The flags keep the heap close to the live data (measured by `npm run bench`, README "Performance"): a
// 1 MB young generation (check, inspect and rewrite ran as fast as with the default 16 MB, as almost all
// they allocate dies within one command) and growth by 30% instead of up to 4x per major GC. Together they
// take an overwrite-heavy rewrite's peak RSS from 177 to 112 MiB.
import { main } from '../dist/cli/main.js';

await main(process.argv.slice(2));
