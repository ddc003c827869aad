// readRdbSection (the RDB part of a check): a database index redis-server's default config cannot hold ends it.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readRdbSection } from '../../src/aof/rdb-section.js';
import { keyRecord, len, rdbFile, str, u8 } from './helpers/rdb-builder.js';

const dir = mkdtempSync(join(tmpdir(), 'aof-rdb-section-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Reads the section with key records, and checks that counting keys instead gives the same result. */
async function section(name: string, bytes: Buffer) {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  const keys: string[] = [];
  const file = { path, name, role: 'single' as const, size: bytes.length, rdb: true };
  const result = await readRdbSection(
    file,
    (r) => r.type === 'key' && keys.push(r.key.toString()),
    () => undefined,
  );
  expect(result.keys).toBe(keys.length);
  const seen: string[] = [];
  const counted = await readRdbSection(
    file,
    (r) => seen.push(r.type),
    () => undefined,
    { keys: 'count' },
  );
  expect(counted).toEqual(result);
  expect(seen).not.toContain('key');
  return { result, keys };
}

describe('readRdbSection', () => {
  it('reads databases 0 to 15 to the end', async () => {
    const bytes = rdbFile(10, [u8(0xfe), len(15), keyRecord(0, 'a', str('1'))]);
    const { result, keys } = await section('db15.rdb', bytes);
    expect(result).toMatchObject({ end: bytes.length, version: 10, problem: null, checksum: 'ok' });
    expect(keys).toEqual(['a']);
  });

  it('stops at SELECTDB 16, which redis-server 7.0 refuses ("configured to handle more than 16 databases")', async () => {
    const bytes = rdbFile(10, [u8(0xfe), len(0), keyRecord(0, 'a', str('1')), u8(0xfe), len(16), keyRecord(0, 'b', str('2'))]);
    const { result, keys } = await section('db16.rdb', bytes);
    expect(result.end).toBeNull();
    expect(result.version).toBe(10);
    // The SELECTDB opcode after REDIS0010, FE 00 and the key 00 01 'a' 01 '1'.
    expect(result.problem).toMatchObject({ code: 'rdb-db-out-of-range', severity: 'error', offset: 16 });
    expect(keys).toEqual(['a']);
  });
});
