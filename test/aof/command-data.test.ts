// The per-version command tables (src/aof/commands/data): shape, provenance, and facts each version is known for.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

interface Arg {
  name: string;
  type: string;
  token?: string;
  args?: Arg[];
}
interface KeySpec {
  flags: string[];
  index?: number;
  keyword?: [string, number];
  begin?: string;
  range?: [number, number, number];
  keynum?: [number, number, number];
  find?: string;
}
interface Command {
  arity: number;
  group: string;
  since: string;
  flags: string[];
  keys?: KeySpec[];
  args?: Arg[];
  subcommands?: Record<string, Command>;
}
interface DataFile {
  server: 'redis' | 'valkey';
  version: string;
  origin: { repo: string; commit: string; format: string; derivedFrom?: string };
  notes: string[];
  counts: { commands: number; subcommands: number };
  commands: Record<string, Command>;
}

const DIR = join(__dirname, '..', '..', 'src', 'aof', 'commands', 'data');
const SOURCES = join(__dirname, '..', '..', 'scripts', 'commands', 'sources.json');
const files = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .map((f) => f.slice(0, -5))
  .sort();
const data = new Map(files.map((f) => [f, JSON.parse(readFileSync(join(DIR, `${f}.json`), 'utf8')) as DataFile]));
const table = (file: string): DataFile => data.get(file)!;

function tokens(args: Arg[] | undefined, out = new Set<string>()): Set<string> {
  for (const a of args ?? []) {
    if (a.token !== undefined) out.add(a.token.toUpperCase());
    tokens(a.args, out);
  }
  return out;
}
const hasToken = (file: string, command: string, token: string) => tokens(table(file).commands[command]?.args).has(token);
const has = (file: string, command: string) => table(file).commands[command] !== undefined;
/** The files, of one server, where `pred` holds. */
const where = (server: string, pred: (file: string) => boolean) => files.filter((f) => f.startsWith(`${server}-`) && pred(f));

describe('command data files', () => {
  it('exist for every version sources.json lists, and only those', () => {
    const listed = (JSON.parse(readFileSync(SOURCES, 'utf8')) as { versions: Array<{ file: string }> }).versions.map((v) => v.file);
    expect([...listed].sort()).toEqual(files);
    expect(files.length).toBeGreaterThanOrEqual(15);
  });

  it.each(files)('%s: says where it came from, and its counts match its commands', (file) => {
    const d = table(file);
    expect(file).toBe(`${d.server}-${d.version}`);
    expect(d.origin.repo).toMatch(/^[\w.-]+\/[\w.-]+$/);
    expect(d.origin.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(d.notes.length).toBeGreaterThan(0);
    const subs = Object.values(d.commands).reduce((n, c) => n + Object.keys(c.subcommands ?? {}).length, 0);
    expect(d.counts).toEqual({ commands: Object.keys(d.commands).length, subcommands: subs });
    expect(d.counts.commands).toBeGreaterThan(230);
    if (d.origin.derivedFrom) expect(d.notes[0]).toMatch(/^DERIVED/);
  });

  it.each(files)('%s: every key spec has one begin and one find form, every argument a known type', (file) => {
    const types = new Set(['key', 'string', 'integer', 'double', 'pattern', 'unix-time', 'pure-token', 'oneof', 'block']);
    const checkArgs = (args: Arg[] | undefined): void => {
      for (const a of args ?? []) {
        expect(types.has(a.type), `${file}: ${a.name} has type ${a.type}`).toBe(true);
        if (a.type === 'oneof' || a.type === 'block') expect(a.args?.length).toBeGreaterThan(0);
        checkArgs(a.args);
      }
    };
    const all = Object.values(table(file).commands).flatMap((c) => [c, ...Object.values(c.subcommands ?? {})]);
    for (const c of all) {
      expect(Number.isInteger(c.arity) && c.arity !== 0).toBe(true);
      for (const k of c.keys ?? []) {
        expect([k.index !== undefined, k.keyword !== undefined, k.begin === 'unknown'].filter(Boolean)).toHaveLength(1);
        expect([k.range !== undefined, k.keynum !== undefined, k.find === 'unknown'].filter(Boolean)).toHaveLength(1);
      }
      checkArgs(c.args);
    }
  });

  it('SET is arity -3, a write, its key at index 1, in every version', () => {
    for (const f of files) {
      const set = table(f).commands.set!;
      expect(set.arity, f).toBe(-3);
      expect(set.flags, f).toContain('write');
      expect(set.keys?.[0], f).toMatchObject({ index: 1, range: [0, 1, 0] });
    }
  });

  it('MSET keys are every other argument from 1; XREAD finds its keys after STREAMS', () => {
    for (const f of files) {
      expect(table(f).commands.mset!.keys?.[0], f).toMatchObject({ index: 1, range: [-1, 2, 0] });
      expect(table(f).commands.xread!.keys?.[0], f).toMatchObject({ keyword: ['STREAMS', 1], range: [-1, 1, 2] });
    }
  });

  it('container commands carry their subcommands (XGROUP, FUNCTION, OBJECT, CONFIG, CLIENT)', () => {
    for (const f of files) {
      const c = table(f).commands;
      expect(Object.keys(c.xgroup!.subcommands ?? {}), f).toEqual(expect.arrayContaining(['create', 'createconsumer', 'setid', 'destroy', 'delconsumer']));
      for (const name of ['function', 'object', 'config', 'client']) expect(c[name]!.subcommands, `${f} ${name}`).toBeDefined();
      expect(c.xgroup!.subcommands!.create!.keys?.[0]?.index, f).toBe(2);
    }
  });

  it('XCLAIM is in every version; sentinel-only and experimental commands in none', () => {
    for (const f of files) {
      expect(table(f).commands.xclaim?.arity, f).toBe(-6);
      expect(has(f, 'sentinel'), f).toBe(false);
      expect(has(f, 'sflush'), f).toBe(false);
    }
  });

  it('ZRANK takes WITHSCORE (arity -3) from 7.2 on', () => {
    expect(where('redis', (f) => table(f).commands.zrank!.arity === 3)).toEqual(['redis-7.0.15']);
    expect(where('valkey', (f) => table(f).commands.zrank!.arity === 3)).toEqual([]);
  });

  it('hash-field TTL commands: Redis from 7.4, Valkey from 9.0', () => {
    expect(where('redis', (f) => !has(f, 'hexpire'))).toEqual(['redis-7.0.15', 'redis-7.2.6']);
    expect(where('valkey', (f) => has(f, 'hexpire'))).toEqual(['valkey-9.0.2', 'valkey-9.1.0-rc2']);
    expect(table('redis-7.4.1').commands.hexpire!.flags).toContain('denyoom');
    expect(table('redis-8.0.0').commands.hexpire!.flags).not.toContain('denyoom');
  });

  it('HSETEX / HGETEX / HGETDEL: Redis from 8.0; Valkey HSETEX and HGETEX from 9.0, HGETDEL from 9.1', () => {
    const redis8 = ['redis-8.0.0', 'redis-8.10.0', 'redis-8.2.0', 'redis-8.4.0', 'redis-8.6.0', 'redis-8.8.0'];
    for (const c of ['hsetex', 'hgetex', 'hgetdel'])
      expect(
        where('redis', (f) => has(f, c)),
        c,
      ).toEqual(redis8);
    expect(where('valkey', (f) => has(f, 'hsetex'))).toEqual(['valkey-9.0.2', 'valkey-9.1.0-rc2']);
    expect(where('valkey', (f) => has(f, 'hgetdel'))).toEqual(['valkey-9.1.0-rc2']);
    expect(hasToken('valkey-9.1.0-rc2', 'hsetex', 'NX')).toBe(true);
    expect(hasToken('redis-8.10.0', 'hsetex', 'NX')).toBe(false);
  });

  it('stream arguments: KEEPREF/DELREF/ACKED from Redis 8.2, IDMP from 8.6; XDELEX and XACKDEL from 8.2', () => {
    expect(where('redis', (f) => hasToken(f, 'xadd', 'KEEPREF') && hasToken(f, 'xtrim', 'ACKED'))).toEqual([
      'redis-8.10.0',
      'redis-8.2.0',
      'redis-8.4.0',
      'redis-8.6.0',
      'redis-8.8.0',
    ]);
    expect(where('redis', (f) => hasToken(f, 'xadd', 'IDMP'))).toEqual(['redis-8.10.0', 'redis-8.6.0', 'redis-8.8.0']);
    expect(where('redis', (f) => has(f, 'xdelex') && has(f, 'xackdel'))).toEqual(['redis-8.10.0', 'redis-8.2.0', 'redis-8.4.0', 'redis-8.6.0', 'redis-8.8.0']);
    expect(where('redis', (f) => hasToken(f, 'xreadgroup', 'CLAIM'))).toEqual(['redis-8.10.0', 'redis-8.4.0', 'redis-8.6.0', 'redis-8.8.0']);
    expect(where('valkey', (f) => hasToken(f, 'xadd', 'KEEPREF') || has(f, 'xdelex'))).toEqual([]);
  });

  it('SET IFEQ: Redis from 8.4 (with IFNE, IFDEQ, IFDNE), Valkey from 8.1 (IFEQ alone)', () => {
    expect(where('redis', (f) => hasToken(f, 'set', 'IFEQ'))).toEqual(['redis-8.10.0', 'redis-8.4.0', 'redis-8.6.0', 'redis-8.8.0']);
    expect(hasToken('redis-8.4.0', 'set', 'IFDNE')).toBe(true);
    expect(where('valkey', (f) => hasToken(f, 'set', 'IFEQ'))).toEqual(['valkey-8.1.1', 'valkey-9.0.2', 'valkey-9.1.0-rc2']);
    expect(hasToken('valkey-9.1.0-rc2', 'set', 'IFDEQ')).toBe(false);
  });

  it('BITOP DIFF from Redis 8.2; AGGREGATE COUNT from 8.8; DELEX and MSETEX from 8.4; DELIFEQ only in Valkey 9', () => {
    expect(where('redis', (f) => hasToken(f, 'bitop', 'DIFF1'))).toEqual(['redis-8.10.0', 'redis-8.2.0', 'redis-8.4.0', 'redis-8.6.0', 'redis-8.8.0']);
    expect(where('redis', (f) => hasToken(f, 'zunionstore', 'COUNT'))).toEqual(['redis-8.10.0', 'redis-8.8.0']);
    expect(where('redis', (f) => has(f, 'delex') && has(f, 'msetex'))).toEqual(['redis-8.10.0', 'redis-8.4.0', 'redis-8.6.0', 'redis-8.8.0']);
    expect(where('valkey', (f) => has(f, 'msetex'))).toEqual(['valkey-9.1.0-rc2']);
    expect(files.filter((f) => has(f, 'delifeq'))).toEqual(['valkey-9.0.2', 'valkey-9.1.0-rc2']);
  });

  it('Valkey 7.2.7 has the command table of Redis 7.2.6', () => {
    expect(table('valkey-7.2.7').commands).toEqual(table('redis-7.2.6').commands);
  });
});
