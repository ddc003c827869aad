// Build step: writes each server's command table into dist/ reduced to what the loader reads (compactTable).
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { compactTable } from '../dist/aof/commands/servers.js';

const from = new URL('../src/aof/commands/data/', import.meta.url);
const to = new URL('../dist/aof/commands/data/', import.meta.url);
mkdirSync(to, { recursive: true });
for (const name of readdirSync(from).filter((n) => n.endsWith('.json'))) {
  writeFileSync(new URL(name, to), compactTable(readFileSync(new URL(name, from), 'utf8')));
}
