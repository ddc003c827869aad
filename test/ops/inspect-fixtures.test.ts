// inspect on AOFs written by a real redis-server, checked against redis-check-aof's totals and a naive count.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { catAof } from '../../src/ops/cat/cat.js';
import { inspectAof } from '../../src/ops/inspect/inspect.js';

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures');

interface Expect {
  checkAof?: { exit: number; okUpTo: number | null; okUpToLine: number | null };
  server?: { dbsize?: Record<string, { keys: number }> | null };
}

/**
 * The simplest possible reading of a well-formed RESP file, independent of RespReader: per upper-case
 * command its count and frame bytes, plus check-aof's line total (1 per header, 2 per argument).
 */
function naiveCount(bytes: Buffer): { commands: Record<string, { count: number; bytes: number }>; lines: number; annotationBytes: number } {
  const commands: Record<string, { count: number; bytes: number }> = {};
  let lines = 0;
  let annotationBytes = 0;
  let i = 0;
  const readLine = () => {
    const end = bytes.indexOf('\r\n', i);
    const text = bytes.subarray(i, end).toString('latin1');
    i = end + 2;
    return text;
  };
  while (i < bytes.length) {
    const start = i;
    if (bytes[i] === 0x23) {
      i = bytes.indexOf('\n', i) + 1;
      annotationBytes += i - start;
      continue;
    }
    const argc = Number(readLine().slice(1));
    let name = '';
    for (let a = 0; a < argc; a++) {
      const len = Number(readLine().slice(1));
      if (a === 0)
        name = bytes
          .subarray(i, i + len)
          .toString('latin1')
          .toUpperCase();
      i += len + 2;
    }
    lines += 1 + 2 * argc;
    const c = (commands[name] ??= { count: 0, bytes: 0 });
    c.count++;
    c.bytes += i - start;
  }
  return { commands, lines, annotationBytes };
}

function respFiles(path: string): string[] {
  if (!path.endsWith('/')) return [path];
  const dir = join(path, 'appendonlydir');
  const manifest = readFileSync(join(dir, 'appendonly.aof.manifest'), 'latin1');
  return [...manifest.matchAll(/^file (\S+) seq \d+ type ([bi])/gm)].map((m) => join(dir, m[1]!));
}

const cases: Array<[string, string]> = existsSync(FIXTURES)
  ? [
      ...readdirSync(join(FIXTURES, 'resp'))
        .filter((n) => n.endsWith('.aof'))
        .map((n): [string, string] => [`resp/${n}`, join(FIXTURES, 'resp', n)]),
      ['multipart/resp-base', join(FIXTURES, 'multipart', 'resp-base') + '/'],
      ['multipart/timestamps', join(FIXTURES, 'multipart', 'timestamps') + '/'],
    ]
  : [];

describe.skipIf(cases.length === 0)('inspectAof on redis-server fixtures', () => {
  it.each(cases)('%s: counts match a naive parse and redis-check-aof', async (name, path) => {
    const expected = JSON.parse(readFileSync(join(FIXTURES, `${name}.expect.json`), 'utf8')) as Expect;
    const files = respFiles(path);
    const naive = files.map((f) => naiveCount(readFileSync(f)));
    const merged: Record<string, { count: number; bytes: number }> = {};
    for (const n of naive) {
      for (const [c, s] of Object.entries(n.commands)) {
        merged[c] ??= { count: 0, bytes: 0 };
        merged[c].count += s.count;
        merged[c].bytes += s.bytes;
      }
    }
    const lines = naive.reduce((n, x) => n + x.lines, 0);
    const size = files.reduce((n, f) => n + readFileSync(f).length, 0);
    // The naive reference agrees with redis-check-aof (whose line counter starts at 1 and spans files).
    if (expected.checkAof?.okUpToLine) expect(lines + 1).toBe(expected.checkAof.okUpToLine);

    const r = await inspectAof(path.replace(/\/$/, ''));
    expect(r.damaged).toBe(false);
    expect(r.commands).toEqual(merged);
    expect(r.totals.bytes + naive.reduce((n, x) => n + x.annotationBytes, 0)).toBe(size);
    // Keys alive at the end were all touched by some command; MOVE and SWAPDB move keys between
    // databases, so only the totals compare.
    const alive = Object.values(expected.server?.dbsize ?? {}).reduce((n, s) => n + s.keys, 0);
    expect(Object.values(r.databases).reduce((n, d) => n + d.keys, 0)).toBeGreaterThanOrEqual(alive);
    // cat sees the same commands.
    let catLines = 0;
    await catAof(path.replace(/\/$/, ''), {}, { command: (c) => (catLines += 1 + 2 * c.args.length) });
    expect(catLines).toBe(lines);
  });
});

const rdbOnly: Array<[string, string]> = existsSync(FIXTURES)
  ? [
      ['preamble/base-only.aof', join(FIXTURES, 'preamble', 'base-only.aof')],
      ...readdirSync(join(FIXTURES, 'rdb'))
        .filter((n) => n.endsWith('.rdb'))
        .map((n): [string, string] => [`rdb/${n}`, join(FIXTURES, 'rdb', n)]),
    ]
  : [];

describe.skipIf(rdbOnly.length === 0)('inspectAof on RDB files and bases written by redis-server', () => {
  it.each(rdbOnly)('%s: keys per database and keys with expiry match what redis-server loaded', async (name, path) => {
    const expected = JSON.parse(readFileSync(join(FIXTURES, `${name}.expect.json`), 'utf8')) as {
      server: { dbsize: Record<string, { keys: number; expires: number }> | null };
    };
    const r = await inspectAof(path);
    const rdb = r.files[0]!.rdb!;
    const perDb = Object.fromEntries(Object.entries(rdb.keys).map(([db, types]) => [`db${db}`, Object.values(types).reduce((n, k) => n + k!, 0)]));
    const dbsize = expected.server.dbsize ?? {};
    expect(perDb).toEqual(Object.fromEntries(Object.entries(dbsize).map(([db, s]) => [db, s.keys])));
    expect(rdb.keysWithExpiry).toBe(Object.values(dbsize).reduce((n, s) => n + s.expires, 0));
  });
});
