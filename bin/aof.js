#!/usr/bin/env node
// Entry point: hands argv to the compiled CLI, which owns output and exit codes.
import { main } from '../dist/cli/main.js';

await main(process.argv.slice(2));
