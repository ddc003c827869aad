// Build step: bundles every server's command table into one file in dist/, reduced to what the loader reads (bundleTables).
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { bundleTables } from '../dist/aof/commands/servers.js';

const from = new URL('../src/aof/commands/data/', import.meta.url);
const to = new URL('../dist/aof/commands/data/', import.meta.url);
mkdirSync(to, { recursive: true });
const files = new Map(
  readdirSync(from)
    .filter((n) => n.endsWith('.json'))
    .map((name) => [name, readFileSync(new URL(name, from), 'utf8')]),
);
writeFileSync(new URL('tables.json', to), bundleTables(files));
