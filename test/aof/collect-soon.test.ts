// collectSoon on several threads at once: the --expose-gc flag is the process's, and one thread may put it back while another looks.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';

// Workers load the compiled module (npm test builds first): a worker cannot load the TypeScript source.
const compiled = join(import.meta.dirname, '..', '..', 'dist', 'aof', 'collect-soon.js');

const body = (url: string) => `
import { parentPort } from 'node:worker_threads';
const { collectSoon } = await import(${JSON.stringify(url)});
try {
  for (let i = 0; i < 3; i++) {
    collectSoon();
    await new Promise((r) => setTimeout(r, 0));
  }
  parentPort.postMessage('ok');
} catch (e) {
  parentPort.postMessage('threw: ' + e.message);
}`;

describe('collectSoon', () => {
  it.skipIf(!existsSync(compiled))(
    'never throws when threads take the collection at the same time (each gets it, or leaves that memory to V8)',
    async () => {
      const code = body(pathToFileURL(compiled).href);
      const outcomes: string[] = [];
      for (let round = 0; round < 40; round++) {
        const workers = Array.from({ length: 4 }, () => new Worker(code, { eval: true }));
        const said = await Promise.all(
          workers.map(
            (w) =>
              new Promise<string>((resolve) => {
                w.once('message', resolve);
                w.once('error', (e) => resolve(`error: ${e.message}`));
              }),
          ),
        );
        outcomes.push(...said);
        await Promise.all(workers.map((w) => w.terminate()));
      }
      expect(outcomes.filter((o) => o !== 'ok')).toEqual([]);
    },
    60_000,
  );

  it.skipIf(!existsSync(compiled))('leaves --expose-gc as node was started with it, on its main thread and on a worker started without it', () => {
    const url = JSON.stringify(pathToFileURL(compiled).href);
    const inWorker = `const { collectSoon } = await import(${url}); collectSoon(); await new Promise((r) => setTimeout(r, 10));`;
    const script = [
      "const { Worker } = await import('node:worker_threads');",
      "const { runInNewContext } = await import('node:vm');",
      // A worker started with no flags of its own (as aof starts its split workers) takes a collection first.
      `const w = new Worker(${JSON.stringify(inWorker)}, { eval: true, execArgv: [] });`,
      "await new Promise((r) => w.once('exit', r));",
      `const { collectSoon } = await import(${url});`,
      'collectSoon();',
      'await new Promise((r) => setTimeout(r, 10));',
      "process.stdout.write(runInNewContext('typeof gc'));",
    ].join('\n');
    const run = (flags: string[]) => spawnSync(process.execPath, [...flags, '--input-type=module', '-e', script], { encoding: 'utf8' });
    const withFlag = run(['--expose-gc']);
    expect(withFlag.stderr).toBe('');
    expect(withFlag.stdout).toBe('function');
    const without = run([]);
    expect(without.stderr).toBe('');
    expect(without.stdout).toBe('undefined');
  });
});
