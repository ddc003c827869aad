// Every committed fixture: our verdict equals what redis-server 7.0.15 did loading it (recorded in its sidecar).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkAof } from '../../src/ops/check.js';

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures');

interface Sidecar {
  fixture: string;
  kind: string;
  checkAof?: { exit: number; okUpTo: number | null; okUpToLine: number | null };
  server: { loads: boolean };
}

function* sidecars(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* sidecars(path);
    else if (name.endsWith('.expect.json')) yield path;
  }
}

const cases = [...sidecars(FIXTURES)].map((p) => JSON.parse(readFileSync(p, 'utf8')) as Sidecar);

/** Codes where redis-check-aof's ok_up_to differs by design: it accepts *0 and checks neither names nor arity. */
const CHECK_AOF_BLIND = new Set(['bad-count', 'command-arity', 'command-unknown']);

describe('verdicts on real-Redis fixtures', () => {
  it('has fixtures to check', () => {
    expect(cases.length).toBeGreaterThan(100);
  });

  it.each(cases.map((c) => [c.fixture, c] as const))('%s', async (_name, c) => {
    const report = await checkAof(join(FIXTURES, c.fixture));
    expect(report.valid).toBe(c.server.loads);
    // On a single RESP file both tools find the same sound prefix and line, unless check-aof is blind to
    // the problem or stopped earlier, at what the server accepts and we only warn about.
    const file = report.files[0];
    if (c.kind !== 'single' || !file) return;
    const error = file.problems.find((p) => p.severity === 'error');
    const warnedBefore = file.problems.some((p) => p.severity === 'warning' && (p.offset ?? 0) < (error?.offset ?? 0));
    if (file.format === 'resp' && error && !warnedBefore && c.checkAof?.exit === 1 && !CHECK_AOF_BLIND.has(error.code)) {
      expect(file.okUpTo).toBe(c.checkAof.okUpTo);
      expect(error.line).toBe(c.checkAof.okUpToLine);
    }
  });
});

describe('--allow-unknown-commands', () => {
  it("turns an unknown command (a module's, say) into a warning", async () => {
    const path = join(FIXTURES, 'spoiled/resp/unknown-command.aof');
    expect((await checkAof(path)).valid).toBe(false);
    const allowed = await checkAof(path, { allowUnknownCommands: true });
    expect(allowed.valid).toBe(true);
    expect(allowed.files[0]!.problems.map((p) => p.code)).toEqual(['command-unknown']);
  });
});
