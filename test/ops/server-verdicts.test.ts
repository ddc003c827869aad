// Verdicts on the fixtures of every other server version (fixtures/servers/): each built server's own loading
// verdict; hand-made sets of servers not runnable here against their closest runnable server or their intent.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkAof } from '../../src/ops/check.js';

const SERVERS = join(import.meta.dirname, '..', '..', 'fixtures', 'servers');

interface Entry {
  fixture: string;
  kind: string;
  handmade?: boolean;
}
interface Verdict {
  server?: { loads: boolean };
  checkAof?: { exit: number; okUpTo: number | null };
  verdicts?: Record<string, { server: { loads: boolean } }>;
}

/** For a hand-made set, the built server whose loader reads that format the way its server would. */
const PROXY: Record<string, string> = {
  'redis-8.0': 'redis-7.4.1',
  'redis-8.2': 'redis-7.4.1',
  'redis-8.4': 'redis-7.4.1',
  'valkey-8.1': 'valkey-8.0.1',
};

/** Sets whose server nothing here can run: the verdict each fixture was made to have. */
const INTENT: Record<string, Record<string, string>> = {
  'valkey-9.0': {
    'rdb/all-types.rdb': 'valid',
    'rdb/slot-import.rdb': 'valid',
    'multipart/healthy': 'valid',
    'multipart/slot-import': 'valid',
    'preamble/healthy.aof': 'valid',
    'multipart/hash2-bad-expiry': 'invalid',
    'multipart/base-crc-flipped': 'invalid',
  },
};

const cases = readdirSync(SERVERS).flatMap((set) => {
  const index = join(SERVERS, set, 'index.json');
  if (!existsSync(index)) return [];
  return (JSON.parse(readFileSync(index, 'utf8')) as Entry[]).map((e) => ({
    set,
    entry: e,
    verdict: JSON.parse(readFileSync(join(SERVERS, set, `${e.fixture}.verdict.json`), 'utf8')) as Verdict,
  }));
});

describe('verdicts on the fixtures of other server versions', () => {
  it('has every set', () => {
    expect(new Set(cases.map((c) => c.set))).toEqual(new Set(readdirSync(SERVERS).filter((s) => existsSync(join(SERVERS, s, 'index.json')))));
    expect(cases.length).toBeGreaterThan(500);
  });

  it.each(cases.map((c) => [`${c.set}/${c.entry.fixture}`, c] as const))('%s', async (_, c) => {
    const report = await checkAof(join(SERVERS, c.set, c.entry.fixture));
    if (c.set === 'newer-than-supported') {
      expect(report.status).toBe('unsupported');
      expect(report.fix.action).toBe('refused');
      return;
    }
    const intent = INTENT[c.set]?.[c.entry.fixture];
    if (intent !== undefined) {
      expect(report.valid ? 'valid' : 'invalid').toBe(intent);
      return;
    }
    const loads = c.verdict.server?.loads ?? c.verdict.verdicts?.[PROXY[c.set] ?? '']?.server.loads;
    expect(loads, 'a recorded verdict to compare with').toBeTypeOf('boolean');
    expect(report.valid).toBe(loads);
  });
});
