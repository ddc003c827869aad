// The packed tarball works as a library: npm pack, install it offline into a fresh project, import it as ESM
// and type-check a TypeScript consumer against its declarations (needs the build: `npm test` builds first).
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/tmp.js';

const ROOT = join(import.meta.dirname, '..', '..');
const FIXTURE = join(ROOT, 'fixtures', 'spoiled', 'resp', 'cut-payload.aof');
const dir = tempDir();
const project = join(dir, 'consumer');

/** The environment without what an enclosing `npm test` sets for its scripts (it would steer the inner npm). */
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('npm_')));

function run(command: string, args: string[], cwd: string) {
  const r = spawnSync(command, args, { cwd, env, encoding: 'utf8' });
  if (r.error) throw r.error;
  return r;
}

function ok(command: string, args: string[], cwd: string): string {
  const r = run(command, args, cwd);
  expect(r.status, `${command} ${args.join(' ')}\n${r.stdout}\n${r.stderr}`).toBe(0);
  return r.stdout;
}

let files: string[] = [];
let tarball = '';

beforeAll(() => {
  // dist/ is already built; the prepack script that would build it again is npm's job at publish time.
  const [packed] = JSON.parse(ok('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], ROOT));
  files = packed.files.map((f: { path: string }) => f.path);
  writeFiles({ 'package.json': JSON.stringify({ name: 'consumer', private: true, type: 'module' }) });
  // Only from the local cache, filled by `npm ci`: no network.
  tarball = join(dir, packed.filename);
  const offline = run('npm', ['install', '--offline', '--no-audit', '--no-fund', tarball], project);
  if (offline.status !== 0) ok('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', tarball], project);
}, 120_000);

function writeFiles(contents: Record<string, string>): void {
  mkdirSync(project, { recursive: true });
  for (const [name, text] of Object.entries(contents)) writeFileSync(join(project, name), text);
}

describe('the packed tarball', () => {
  it('ships the compiled library, its declarations and the CLI, not the sources', () => {
    expect(files).toEqual(
      expect.arrayContaining([
        'bin/aof.js',
        'dist/index.js',
        'dist/index.d.ts',
        'dist/bundle/main.js',
        'dist/bundle/start-ahead.js',
        'dist/bundle/data/tables.json',
        'package.json',
        'README.md',
      ]),
    );
    expect(files.some((f) => f.startsWith('src/') || f.startsWith('test/') || f.startsWith('fixtures/'))).toBe(false);
  });

  it('imports as ESM: check() returns what aof check --json prints, readCommands() walks the commands', () => {
    writeFiles({
      'use.mjs': [
        "import { check, readCommands } from 'aof';",
        'const path = process.argv[2];',
        'const result = await check(path);',
        'const names = [];',
        'const commands = readCommands(path, { commands: ["sadd", "set"] });',
        'let step;',
        'while (!(step = await commands.next()).done) names.push(`${step.value.offset} ${step.value.name} ${step.value.args.length}`);',
        'console.log(JSON.stringify({ result, names, stopped: step.value.stopped.map((s) => s.offset) }));',
      ].join('\n'),
    });
    const out = JSON.parse(ok(process.execPath, ['use.mjs', FIXTURE], project));
    const cli = run(process.execPath, [join(ROOT, 'bin', 'aof.js'), 'check', '--json', FIXTURE], ROOT);
    expect(cli.status).toBe(1);
    expect(out.result).toEqual(JSON.parse(cli.stdout));
    expect(out.result).toMatchObject({ valid: false, fix: { action: 'truncate', to: 225 } });
    expect(out.names.length).toBeGreaterThan(0);
    expect(out.names.every((n: string) => / (sadd|set) \d+$/.test(n))).toBe(true);
    expect(out.stopped).toEqual([243]);
  });

  it('type-checks a TypeScript consumer against the declarations', () => {
    writeFiles({
      'tsconfig.json': JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          noEmit: true,
          skipLibCheck: false,
          types: ['node'],
          typeRoots: [join(ROOT, 'node_modules', '@types')],
        },
        files: ['consumer.ts'],
      }),
      'consumer.ts': [
        "import { applyFix, check, inspect, planFix, readCommands, readRdb, bufferSource, RespReader, rewrite, type CheckResult } from 'aof';",
        'const result: CheckResult = await check("x.aof", { allowUnknownCommands: true });',
        '// @ts-expect-error: valid is a boolean (fails if the declarations were not found and everything were any)',
        'const wrong: string = result.valid;',
        'const plan = await planFix("x.aof");',
        'if (plan.action === "truncate") console.log((await applyFix(plan, { backupDir: null })).to);',
        'console.log((await inspect("x.aof", { top: 3 })).totals.commands, (await rewrite("x.aof", "y.aof")).ok, wrong);',
        'for await (const c of readCommands("x.aof", { db: [0] })) console.log(c.file, c.offset, c.db, c.ts, c.name, c.args[0]?.length);',
        'for (const record of readRdb(bufferSource(Buffer.alloc(0)))) console.log(record.type);',
        'const reader = new RespReader({ command: (f) => console.log(f.start, f.args.length), problem: (p) => console.log(p.offset) });',
        'reader.feed(Buffer.from("*1\\r\\n$4\\r\\nPING\\r\\n"));',
        'reader.end();',
      ].join('\n'),
    });
    const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    const r = run(process.execPath, [tsc, '-p', project], project);
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('installs globally with no warning and gives a working aof on the PATH', () => {
    const prefix = join(dir, 'global');
    let install = run('npm', ['install', '-g', '--offline', '--no-audit', '--no-fund', '--prefix', prefix, tarball], dir);
    if (install.status !== 0) install = run('npm', ['install', '-g', '--prefer-offline', '--no-audit', '--no-fund', '--prefix', prefix, tarball], dir);
    expect(install.status, install.stderr).toBe(0);
    expect(install.stderr).not.toMatch(/warn/i);
    const aof = join(prefix, 'bin', 'aof');
    expect(ok(aof, ['--version'], dir).trim()).toMatch(/^\d+\.\d+\.\d+$/);
    // Help's layout loads string-width from the installed package's own dependencies, on first use.
    expect(ok(aof, ['--help'], dir)).toMatch(/^ {2}aof check <paths\.\.> +Check /m);
    const check = run(aof, ['check', FIXTURE], dir);
    expect(check.status).toBe(1);
    expect(check.stdout).toMatch(/next: aof fix /);
    // The per-version command tables travel with the build.
    expect(files).toEqual(expect.arrayContaining(['dist/aof/commands/data/tables.json']));
  });
});
