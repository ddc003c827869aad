#!/usr/bin/env -S node --max-semi-space-size=4 --heap-growing-percent=30
// Entry point: hands argv to the compiled CLI, which owns output and exit codes.
// The flags keep the heap close to the live data (measured by `npm run bench`, README "Performance"):
// a 4 MB young generation (check, inspect and rewrite all ran as fast or faster with it) and growth by 30%
// instead of up to 4x per major GC, which halves the garbage an overwrite-heavy rewrite keeps around.
import { main } from '../dist/cli/main.js';

await main(process.argv.slice(2));
