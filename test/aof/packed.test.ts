// Packed backups (gzip, zstd, tar, .tar.gz, .tar.zst) are checked, inspected, read and rewritten as the files
// they hold: same verdicts, offsets in uncompressed bytes, damage in the packing as a problem, and never fixed.

import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import xxhash from 'xxhash-wasm';
import { describe, expect, it } from 'vitest';
import { check, filter, inspect, planFix, readCommands, rewrite, salvage, UnreadablePathError } from '../../src/index.js';
import { planUntil } from '../../src/ops/until.js';
import { FileChangedError } from '../../src/aof/io/file-changed.js';
import { resolveAof } from '../../src/aof/layout.js';
import { indexPacked, openMember, packingsOf } from '../../src/aof/packed/archive.js';
import { walkAof } from '../../src/aof/walk.js';
import { loadUnpacker, UnpackStream } from '../../src/aof/packed/unpack-stream.js';
import { ZstdFrameScanner } from '../../src/aof/packed/zstd-frames.js';
import { gzip, tarOf, zstdStored } from '../helpers/packing.js';
import { tempDir } from '../helpers/tmp.js';

const tmp = tempDir();
/** Writes `bytes` as `name` in a folder of its own (names repeat across tests). */
function write(name: string, bytes: Buffer): string {
  const path = join(mkdtempSync(join(tmp, 'f')), name);
  writeFileSync(path, bytes);
  return path;
}

/** The fixture's appendonlydir as tar members named `appendonlydir/…`, manifest last (as a crash-time copy may be). */
function dirMembers(fixture: string, order: 'manifest-last' | 'manifest-first' = 'manifest-last'): [string, Buffer][] {
  const dir = join('fixtures/multipart', fixture, 'appendonlydir');
  const names = readdirSync(dir).sort((a, b) => Number(a.endsWith('.manifest')) - Number(b.endsWith('.manifest')));
  if (order === 'manifest-first') names.reverse();
  return names.map((name) => [`appendonlydir/${name}`, readFileSync(join(dir, name))]);
}

/** What must not change when a file is packed: everything but the paths. */
function comparable(result: Awaited<ReturnType<typeof check>>) {
  return {
    valid: result.valid,
    status: result.status,
    kind: result.kind,
    problems: result.problems.map((p) => [p.code, p.offset]),
    files: result.files.map((f) => ({
      role: f.role,
      format: f.format,
      size: f.size,
      okUpTo: f.okUpTo,
      commands: f.commands,
      rdbKeys: f.rdbKeys,
      problems: f.problems.map((p) => [p.code, p.offset, p.line]),
      loss: f.loss,
    })),
  };
}

const { h64Raw } = await xxhash();
const xxh64 = (bytes: Buffer) => h64Raw(bytes);
const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('packed backups: detection', () => {
  it('tells the packing by magic bytes, not by the name', async () => {
    const aof = readFileSync('fixtures/preamble/small.aof');
    const tar = await tarOf([['appendonly.aof', aof]]);
    expect(await packingsOf(write('a', gzip(aof)))).toEqual(['gzip']);
    expect(await packingsOf(write('b', zstdStored(aof)))).toEqual(['zstd']);
    expect(await packingsOf(write('c', tar))).toEqual(['tar']);
    expect(await packingsOf(write('d', gzip(tar)))).toEqual(['gzip', 'tar']);
    expect(await packingsOf('fixtures/archives/resp-base.tar.zst')).toEqual(['zstd', 'tar']);
    expect(await packingsOf('fixtures/preamble/small.aof')).toEqual([]);
  });
});

describe('packed backups: the same verdict as unpacked', () => {
  const single = [
    ['fixtures/preamble/all-types.aof', 'fixtures/archives/preamble.aof.zst'],
    ['fixtures/rdb/all-encodings.rdb', 'fixtures/archives/all-encodings.rdb.zst'],
    ['fixtures/multipart/resp-base/appendonlydir', 'fixtures/archives/resp-base.tar.zst'],
    ['fixtures/multipart/rdb-base/appendonlydir', 'fixtures/archives/rdb-base.tar.zst'],
  ] as const;
  it.each(single)('%s and %s (made by tar and zstd)', async (plain, packed) => {
    expect(comparable(await check(packed))).toEqual(comparable(await check(plain)));
  });

  it.each(['resp-base', 'rdb-base', 'two-rewrites', 'with-history'])('%s as .tar, .tar.gz and stored .tar.zst, manifest first or last', async (fixture) => {
    const plain = comparable(await check(join('fixtures/multipart', fixture, 'appendonlydir')));
    for (const order of ['manifest-last', 'manifest-first'] as const) {
      const tar = await tarOf(dirMembers(fixture, order));
      for (const bytes of [tar, gzip(tar), zstdStored(tar, 4096)]) expect(comparable(await check(write('backup', bytes)))).toEqual(plain);
    }
  });

  it('every server-written fixture (170 appendonlydirs, 69 AOF and RDB files from Redis 7.0 to 8.4 and Valkey 7.2 to 9) checks the same packed', async () => {
    const root = 'fixtures/servers';
    for (const server of readdirSync(root).filter((d) => statSync(join(root, d)).isDirectory())) {
      const dirs = join(root, server, 'multipart');
      for (const name of existsSync(dirs) ? readdirSync(dirs).filter((n) => statSync(join(dirs, n)).isDirectory()) : []) {
        const dir = join(dirs, name);
        // The data directory, as `tar -czf backup.tar.gz -C /var/lib/redis .` packs it (an empty appendonlydir included).
        const members = readdirSync(join(dir, 'appendonlydir')).map((f): [string, Buffer] => [
          `./appendonlydir/${f}`,
          readFileSync(join(dir, 'appendonlydir', f)),
        ]);
        const expected = await check(dir).then(comparable, (e: unknown) => String(e).replace(dir, 'PATH'));
        const packed = write('backup.tar.gz', gzip(await tarOf(members)));
        const got = await check(packed).then(comparable, (e: unknown) => String(e).replace(packed, 'PATH'));
        // A directory aof cannot use (a manifest-less appendonlydir) is one packed too; the words name the archive.
        if (typeof expected === 'string') expect([server, name, typeof got]).toEqual([server, name, 'string']);
        else expect([server, name, got]).toEqual([server, name, expected]);
      }
      for (const kind of ['preamble', 'rdb']) {
        const files = join(root, server, kind);
        for (const name of existsSync(files) ? readdirSync(files).filter((n) => /\.(aof|rdb)$/.test(n)) : []) {
          const expected = comparable(await check(join(files, name)));
          expect([server, name, comparable(await check(write(`${name}.zst`, zstdStored(readFileSync(join(files, name))))))]).toEqual([server, name, expected]);
        }
      }
    }
  });

  it('an empty appendonlydir packed is a fresh server’s, one without a manifest is refused as on disk', async () => {
    const empty = await check(write('empty.tar', await tarOf([['appendonlydir/.gitkeep', Buffer.alloc(0)]])));
    expect(empty.status).toBe('empty');
    const orphans = write('orphans.tar', await tarOf(dirMembers('resp-base').filter(([n]) => !n.endsWith('.manifest'))));
    await expect(check(orphans)).rejects.toThrow(/appendonlydir with files but no manifest: redis-server would start with an EMPTY dataset/);
  });

  it('names each file archive:member, and offsets are in uncompressed bytes', async () => {
    const r = await check('fixtures/archives/rdb-base.tar.zst');
    expect(r.files.map((f) => f.path)).toEqual([
      'fixtures/archives/rdb-base.tar.zst:appendonlydir/appendonly.aof.2.base.rdb',
      'fixtures/archives/rdb-base.tar.zst:appendonlydir/appendonly.aof.2.incr.aof',
    ]);
  });

  it('finds a lone appendonly.aof or dump.rdb in a tar, and refuses to guess between two', async () => {
    const aof = readFileSync('fixtures/preamble/all-types.aof');
    const plain = comparable(await check('fixtures/preamble/all-types.aof'));
    expect(comparable(await check(write('data.tar.gz', gzip(await tarOf([['data/appendonly.aof', aof]])))))).toEqual(plain);
    const two = write(
      'two.tar',
      await tarOf([
        ['a/appendonly.aof', aof],
        ['b/appendonly.aof', aof],
      ]),
    );
    await expect(check(two)).rejects.toThrow(/holds 2 AOF or RDB files and no manifest.*tar -xf two.tar/);
  });
});

describe('packed backups: damage', () => {
  const aof = readFileSync('fixtures/preamble/all-types.aof');

  it('an AOF cut short inside an intact gzip: the same verdict and offsets, and no fix (the unpack command instead)', async () => {
    const cut = aof.subarray(0, aof.length - 7);
    const plainPath = write('appendonly.aof', cut);
    const packedPath = write('appendonly.aof.gz', gzip(cut));
    const before = sha(packedPath);
    expect(comparable(await check(packedPath))).toEqual(comparable(await check(plainPath)));
    expect(await planFix(plainPath)).toMatchObject({ action: 'truncate' });
    const plan = await planFix(packedPath);
    expect(plan).toMatchObject({ action: 'refused' });
    expect(plan.action === 'refused' && plan.reason).toMatch(/packed backup \(gzip\).*gunzip -k appendonly\.aof\.gz/);
    await expect(salvage(packedPath, join(tmp, 'out.aof'))).rejects.toThrow(/packed backup/);
    await expect(filter(packedPath, join(tmp, 'out2.aof'), { format: 'resp' })).rejects.toThrow(/packed backup/);
    const until = await planUntil(packedPath, { kind: 'offset', file: null, offset: 100 });
    expect(until).toMatchObject({ action: 'refused' });
    expect(until.action === 'refused' && until.reason).toMatch(/gunzip -k appendonly\.aof\.gz/);
    expect(sha(packedPath)).toBe(before);
  });

  it('a gzip cut short: what comes before is checked, and the packing damage is an error with its member and offset', async () => {
    const tar = gzip(await tarOf(dirMembers('resp-base', 'manifest-first')));
    const path = write('cut.tar.gz', tar.subarray(0, tar.length - 30));
    const r = await check(path);
    expect(r.valid).toBe(false);
    expect(r.problems[0]).toMatchObject({ code: 'archive-damaged', severity: 'error' });
    expect(r.problems[0]!.message).toMatch(/tar -xzf cut\.tar\.gz -C DIR/);
    expect(await planFix(path)).toMatchObject({ action: 'refused' });
  });

  it('a flipped byte in a zstd block or a gzip member, and a bad tar header checksum, are damage, never a crash', async () => {
    const packed = readFileSync('fixtures/archives/preamble.aof.zst');
    const flipped = Buffer.from(packed);
    flipped[Math.floor(packed.length / 2)]! ^= 0xff;
    const r = await check(write('flipped.aof.zst', flipped));
    expect(r.valid).toBe(false);
    // gzip's CRC-32 is checked (fflate itself skips it): any flip in the deflate data or trailer is found.
    const gz = gzip(readFileSync('fixtures/preamble/all-types.aof'));
    for (const at of [Math.floor(gz.length / 2), gz.length - 6]) {
      const bad = Buffer.from(gz);
      bad[at]! ^= 0x01;
      const g = await check(write('flipped.aof.gz', bad));
      expect(g.valid).toBe(false);
      expect(g.problems.map((p) => p.code)).toContain('archive-damaged');
    }
    const tar = await tarOf(dirMembers('resp-base'));
    tar[100]! ^= 0x01; // inside the first header's mode field: its checksum no longer matches
    const t = await check(write('bad.tar', tar));
    expect(t.problems[0]).toMatchObject({ code: 'archive-damaged', offset: 0 });
  });

  it('a flipped byte in zstd content the decompressor accepts is caught by the frame checksum', async () => {
    // A stored block: the flip changes one content byte, which only the checksum can tell.
    const plain = readFileSync('fixtures/preamble/all-types.aof');
    const hashed = withChecksum(zstdStored(plain), plain);
    expect(comparable(await check(write('ok.aof.zst', hashed)))).toEqual(comparable(await check('fixtures/preamble/all-types.aof')));
    const bad = Buffer.from(hashed);
    bad[hashed.length - 100]! ^= 0x01;
    const r = await check(write('bad.aof.zst', bad));
    expect(r.problems[0]).toMatchObject({ code: 'archive-damaged' });
    expect(r.problems[0]!.message).toMatch(/zstd checksum does not match/);
  });

  it('gzip and zstd streams that end early are damage at the bytes they gave', async () => {
    const whole = gzip(aof);
    for (const [name, bytes] of [
      ['a.aof.gz', whole.subarray(0, whole.length - 200)],
      ['a.aof.zst', zstdStored(aof, 1000).subarray(0, 5000)],
    ] as const) {
      const r = await check(write(name, bytes));
      expect(r.problems[0]).toMatchObject({ code: 'archive-damaged' });
      expect(r.files[0]!.size).toBeLessThan(aof.length);
    }
  });
});

describe('packed backups: any damage is a verdict, never a crash', () => {
  it('random flips, cuts and insertions in a .tar.gz and a .tar.zst give a report (or a path aof cannot use)', async () => {
    const tar = await tarOf(dirMembers('rdb-base', 'manifest-first'));
    const packed = [gzip(tar), readFileSync('fixtures/archives/rdb-base.tar.zst'), tar];
    const damage = fc.record({
      which: fc.nat(packed.length - 1),
      at: fc.nat(),
      kind: fc.constantFrom('flip', 'cut', 'insert'),
      value: fc.integer({ min: 1, max: 255 }),
    });
    await fc.assert(
      fc.asyncProperty(damage, async ({ which, at, kind, value }) => {
        const bytes = packed[which]!;
        const i = at % bytes.length;
        const spoiled =
          kind === 'flip'
            ? Buffer.from(bytes).fill(bytes[i]! ^ value, i, i + 1)
            : kind === 'cut'
              ? bytes.subarray(0, i)
              : Buffer.concat([bytes.subarray(0, i), Buffer.from([value]), bytes.subarray(i)]);
        try {
          const r = await check(write('spoiled', spoiled));
          expect(['valid', 'empty', 'truncated', 'invalid', 'unsupported', 'not-aof']).toContain(r.status);
        } catch (e) {
          expect(e).toBeInstanceOf(UnreadablePathError);
        }
      }),
      { numRuns: 150, seed: 7 },
    );
  });
});

describe('packed backups replaced while being read', () => {
  it('an archive that changes between its listing and its reading is a file that changed, never a verdict on the wrong bytes', async () => {
    const path = write('moving.tar.gz', gzip(await tarOf(dirMembers('resp-base'))));
    const layout = await resolveAof(path);
    writeFileSync(path, gzip(await tarOf(dirMembers('rdb-base'))));
    await expect(walkAof(layout, {})).rejects.toBeInstanceOf(FileChangedError);
  });
});

describe('packed backups: inspect, cat and rewrite read them as the files they hold', () => {
  it('inspect gives the same counts', async () => {
    const plain = await inspect('fixtures/multipart/rdb-base/appendonlydir');
    const packed = await inspect('fixtures/archives/rdb-base.tar.zst');
    expect(packed.totals).toEqual(plain.totals);
    expect(packed.commands).toEqual(plain.commands);
  });

  it('readCommands yields the same commands', async () => {
    const all = async (path: string) => {
      const out: string[] = [];
      for await (const c of readCommands(path)) out.push(`${c.db} ${c.args.map((a) => a.toString('latin1')).join(' ')}`);
      return out;
    };
    expect(await all('fixtures/archives/preamble.aof.zst')).toEqual(await all('fixtures/preamble/all-types.aof'));
  });

  it('rewrite writes the same bytes from the archive as from the directory', async () => {
    const a = join(tmp, 'from-dir.aof');
    const b = join(tmp, 'from-archive.aof');
    await rewrite('fixtures/multipart/rdb-base/appendonlydir', a, { nowMs: 0 });
    await rewrite('fixtures/archives/rdb-base.tar.zst', b, { nowMs: 0 });
    expect(readFileSync(b).equals(readFileSync(a))).toBe(true);
  });
});

/** A stored zstd frame given a content checksum: the descriptor's checksum flag, then XXH64's low 32 bits. */
function withChecksum(frame: Buffer, content: Buffer): Buffer {
  const out = Buffer.from(frame);
  out[4] = out[4]! | 0x04;
  const sum = Buffer.alloc(4);
  sum.writeUInt32LE(Number(xxh64(content) & 0xffffffffn));
  return Buffer.concat([out, sum]);
}

describe('ZstdFrameScanner', () => {
  it('finds every frame end (with or without checksum, skippable frames between), at any split of the bytes', () => {
    const a = zstdStored(Buffer.from('first frame'), 4);
    const b = withChecksum(zstdStored(Buffer.from('second, with a checksum'), 5), Buffer.from('second, with a checksum'));
    const skippable = Buffer.concat([Buffer.from([0x50, 0x2a, 0x4d, 0x18, 3, 0, 0, 0]), Buffer.from('xyz')]);
    const all = Buffer.concat([a, skippable, b]);
    const expected = [
      { at: a.length, checksum: null },
      { at: all.length, checksum: Number(xxh64(Buffer.from('second, with a checksum')) & 0xffffffffn) },
    ];
    for (let split = 0; split <= all.length; split++) {
      const scanner = new ZstdFrameScanner();
      const first = scanner.scan(all.subarray(0, split));
      const second = scanner.scan(all.subarray(split)).map((e) => ({ ...e, at: e.at + split }));
      expect([...first, ...second]).toEqual(expected);
    }
  });
});

describe('openMember', () => {
  it('returns the member bytes for any sequence of reads, forward, skipping ahead or going back', async () => {
    const aof = readFileSync('fixtures/preamble/all-types.aof');
    const path = write(
      'm.tar.gz',
      gzip(
        await tarOf([
          ['x/other', Buffer.alloc(3000, 7)],
          ['x/appendonly.aof', aof],
        ]),
      ),
    );
    const index = await indexPacked(path, await packingsOf(path));
    const member = index.members.find((m) => m.ref.member === 'x/appendonly.aof')!;
    expect(member.size).toBe(aof.length);
    const reads = fc.array(fc.tuple(fc.nat(aof.length + 10), fc.integer({ min: 0, max: 3 * 4096 })), { maxLength: 12 });
    fc.assert(
      fc.property(reads, (list) => {
        const source = openMember(member.ref, member.size);
        try {
          for (const [at, len] of list) expect(Buffer.from(source.read(at, len)).equals(aof.subarray(at, at + len))).toBe(true);
        } finally {
          source.close();
        }
      }),
      { numRuns: 60, seed: 5 },
    );
  });

  it('an unpacked stream gives the same bytes at every read size, one byte at a time included', async () => {
    const aof = readFileSync('fixtures/archives/preamble.aof.zst');
    await loadUnpacker('zstd');
    const plain = readFileSync('fixtures/preamble/all-types.aof');
    for (const size of [1, 7, 512, 1 << 16]) {
      const path = write('s.zst', aof);
      const s = new UnpackStream(path, 'zstd');
      const parts: Buffer[] = [];
      for (let part = s.next(size); part.length > 0; part = s.next(size)) parts.push(Buffer.from(part));
      s.close();
      expect(Buffer.concat(parts).equals(plain)).toBe(true);
    }
  });
});
