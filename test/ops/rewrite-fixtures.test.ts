// rewrite on every fixture redis-server loaded: the same number of keys in each database as the server held.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rewriteAof } from '../../src/ops/rewrite/rewrite.js';
import { tempDir } from '../helpers/tmp.js';

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures');
const dir = tempDir();

interface Sidecar {
  fixture: string;
  server: {
    loads: boolean;
    dbsize: Record<string, { keys: number }> | null;
    /** With aof-load-truncated yes. */
    truncatedLoads?: boolean;
    truncatedDbsize?: Record<string, { keys: number }> | null;
  };
}

function* sidecars(d: string): Generator<string> {
  for (const name of readdirSync(d).sort()) {
    const path = join(d, name);
    if (statSync(path).isDirectory()) yield* sidecars(path);
    else if (name.endsWith('.expect.json')) yield path;
  }
}

/** Each fixture with the db sizes the server loaded from it (aof-load-truncated yes where no refuses it). */
const cases = [...sidecars(FIXTURES)]
  .map((p) => JSON.parse(readFileSync(p, 'utf8')) as Sidecar)
  .flatMap((c) => {
    const dbsize = c.server.loads ? c.server.dbsize : c.server.truncatedLoads ? c.server.truncatedDbsize : null;
    return dbsize ? [[c.fixture, dbsize] as const] : [];
  });

describe('rewrite on redis-server fixtures', () => {
  it('has fixtures the server loaded', () => {
    expect(cases.length).toBeGreaterThan(50);
  });

  // A database placed wrongly shows here: the walk's database (selectCommand's rules, a new client per file)
  // must be the one the keyspace writes to. The keys' values are compared by the live differential suite.
  it.each(cases)('%s: keys per database as the server loaded them', async (fixture, dbsize) => {
    const r = await rewriteAof(join(FIXTURES, fixture), join(dir, fixture.replaceAll('/', '_')), {
      format: 'resp',
      dropExpired: false,
      nowMs: Date.UTC(2030, 0, 1),
    });
    expect(r.failure).toBeNull();
    const perDb = Object.fromEntries(Object.entries(r.keys).map(([db, types]) => [`db${db}`, Object.values(types).reduce((a, b) => a + b, 0)]));
    expect(perDb).toEqual(Object.fromEntries(Object.entries(dbsize).map(([db, s]) => [db, s.keys])));
  });
});
