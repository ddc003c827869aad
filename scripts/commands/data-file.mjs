// Writes and reads the per-version data files: a readable header, then one command per line.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DATA_DIR = join(ROOT, 'src', 'aof', 'commands', 'data');

export function dataPath(file) {
  return join(DATA_DIR, `${file}.json`);
}

/** JSON text with header fields pretty-printed and each command on one line, so versions diff by command. */
export function formatDataFile(header, commands) {
  const head = JSON.stringify(header, null, 2).replace(/\n}$/, '');
  const lines = Object.entries(commands).map(([name, c]) => `    ${JSON.stringify(name)}: ${JSON.stringify(c)}`);
  return `${head},\n  "commands": {\n${lines.join(',\n')}\n  }\n}\n`;
}

export function writeDataFile(file, header, commands) {
  writeFileSync(dataPath(file), formatDataFile(header, commands));
}

export function readDataFile(file) {
  return JSON.parse(readFileSync(dataPath(file), 'utf8'));
}

export function listDataFiles() {
  return readdirSync(DATA_DIR)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -5));
}
