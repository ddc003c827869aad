#!/usr/bin/env node
// Entry point: starts a large file's second thread early, then hands argv to the compiled CLI, which owns output and exit codes.
import { startAhead } from '../dist/bundle/start-ahead.js';

const argv = process.argv.slice(2);
startAhead(argv);
// Loaded only now, so that the thread starts while the CLI's modules load.
const { main } = await import('../dist/bundle/main.js');
await main(argv);
