// The whole verdict on every committed fixture, as `aof check --json` prints it (messages, offsets, fix plan, loss,
// notes), against one golden file: any change to what a user is told shows up as a diff to review.
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkResult } from '../../src/cli/render/check-json.js';
import { checkAof } from '../../src/ops/check.js';
import { expectGolden } from '../helpers/golden.js';

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures');

/** Every fixture that has a sidecar (what redis-server did with it): the path the sidecar describes. */
function* fixtures(dir: string): Generator<string> {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* fixtures(path);
    else if (name.endsWith('.expect.json')) yield path.slice(0, -'.expect.json'.length);
  }
}

/** `redis-7.2.6` for fixtures/servers/redis-7.2.6/…: judged by that server's table too. */
function serverOf(fixture: string): string | null {
  const m = /^servers\/((?:redis|valkey)-[\d.]+)\//.exec(fixture);
  return m?.[1] ?? null;
}

describe('verdicts, golden', () => {
  it('on every fixture, with any server and with the fixture’s own', async () => {
    const all: Record<string, unknown> = {};
    for (const path of fixtures(FIXTURES)) {
      const name = relative(FIXTURES, path);
      const server = serverOf(name);
      for (const options of [{}, { allowUnknownCommands: true }, ...(server ? [{ server }] : [])]) {
        const key = `${name}${'server' in options ? ` --server ${options.server}` : ''}${'allowUnknownCommands' in options ? ' --allow-unknown-commands' : ''}`;
        const report = await checkAof(path, options).catch((e: Error) => ({ thrown: e.message }));
        all[key] = 'thrown' in report ? report : checkResult(report);
      }
    }
    expect(Object.keys(all).length).toBeGreaterThan(200);
    expectGolden('verdicts.json', JSON.stringify(all, null, 1).replaceAll(FIXTURES, '<fixtures>') + '\n');
  });
});
