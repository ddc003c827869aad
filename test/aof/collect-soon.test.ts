// collectSoon on several threads at once: the --expose-gc flag is the process's, and one thread may put it back while another looks.
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
});
