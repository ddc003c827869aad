// Compiled aof (as installed) reads a split check's or inspect's second segment on a worker thread, and says what one pass says.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { CheckOptions, CheckReport } from '../../src/ops/check.js';
import type { SegmentAside } from '../../src/aof/split/segment-aside.js';
import type { SegmentJob } from '../../src/aof/split/read-segment.js';
import type { InspectOptions } from '../../src/ops/inspect/inspect.js';
import type { InspectReport } from '../../src/ops/inspect/report.js';
import { flip, setsWithTransactions } from '../helpers/aof-builder.js';
import { tempDir, writeFiles } from '../helpers/tmp.js';

const DIST = join(import.meta.dirname, '..', '..', 'dist');
const dir = tempDir();
const b = setsWithTransactions(20_000, 1000);
const bytes = b.build();
writeFiles(dir, { 'whole.aof': bytes, 'damaged.aof': flip(bytes, b.boundaries[15_000]!, 0x3f) });

const { checkAof } = (await import(pathToFileURL(join(DIST, 'ops', 'check.js')).href)) as {
  checkAof(path: string, options: CheckOptions): Promise<CheckReport>;
};
const { inspectAof } = (await import(pathToFileURL(join(DIST, 'ops', 'inspect', 'inspect.js')).href)) as {
  inspectAof(path: string, options: InspectOptions): Promise<InspectReport>;
};
const { startSegmentThreadAhead } = (await import(pathToFileURL(join(DIST, 'aof', 'split', 'segment-thread.js')).href)) as {
  startSegmentThreadAhead(): void;
};
const { takeThreadAhead } = (await import(pathToFileURL(join(DIST, 'aof', 'thread-ahead.js')).href)) as { takeThreadAhead(script: URL): unknown };
const SEGMENT_SCRIPT = pathToFileURL(join(DIST, 'aof', 'split', 'segment-worker.js'));
const { readSegmentAside } = (await import(pathToFileURL(join(DIST, 'aof', 'split', 'segment-aside.js')).href)) as {
  readSegmentAside(job: SegmentJob, progress: (done: number) => void): SegmentAside;
};

describe('a split check, compiled', () => {
  it('gets the second segment from a worker thread', async () => {
    const from = b.boundaries[10_000]!;
    const aside = readSegmentAside(
      { path: join(dir, 'whole.aof'), from, size: bytes.length, judge: { allowUnknownCommands: false, target: null }, maxEvents: 1 << 20 },
      () => undefined,
    );
    const log = await aside.log;
    expect(log).not.toBeNull();
    expect(log!.from).toBe(from);
    expect(log!.count).toBeGreaterThan(100);
  });

  it.each(['whole.aof', 'damaged.aof'])('%s: the same report as one pass', async (name) => {
    const path = join(dir, name);
    const one = await checkAof(path, { split: false });
    const two = await checkAof(path, { split: { minBytes: 0 } });
    expect(two).toEqual(one);
    expect(one.valid).toBe(name === 'whole.aof');
  });
});

describe('a worker started ahead, compiled', () => {
  it.each(['whole.aof', 'damaged.aof'])('%s: takes its job as a message, and the report is the one of one pass', async (name) => {
    const path = join(dir, name);
    const one = await checkAof(path, { split: false });
    startSegmentThreadAhead();
    const two = await checkAof(path, { split: { minBytes: 0 } });
    // The split took the worker waiting for it rather than starting one.
    expect(takeThreadAhead(SEGMENT_SCRIPT)).toBeNull();
    expect(two).toEqual(one);
  });

  it('serves a split inspect too', async () => {
    const path = join(dir, 'whole.aof');
    const one = await inspectAof(path, { split: false, top: 5 });
    startSegmentThreadAhead();
    const two = await inspectAof(path, { split: { minBytes: 0 }, top: 5 });
    expect(takeThreadAhead(SEGMENT_SCRIPT)).toBeNull();
    expect(two).toEqual(one);
  });
});

describe('a split inspect, compiled', () => {
  it('gets the second segment’s figures from a worker thread, made from the module it names', async () => {
    const from = b.boundaries[10_000]!;
    const visitor = { module: pathToFileURL(join(DIST, 'ops', 'inspect', 'segment.js')).href, config: { top: 3, separator: ':', depth: 1, exactKeys: 1000 } };
    const aside = readSegmentAside({ path: join(dir, 'whole.aof'), from, size: bytes.length, judge: null, maxEvents: 1 << 20, visitor }, () => undefined);
    const log = await aside.log;
    expect(log?.visited).toMatchObject({ commands: expect.any(Number) as number });
  });

  it.each(['whole.aof', 'damaged.aof'])('%s: the same report as one pass, keys and all', async (name) => {
    const path = join(dir, name);
    // Exact figures (the keys fit the exact tables), so both readings must agree on every one.
    const one = await inspectAof(path, { split: false, top: 5 });
    const two = await inspectAof(path, { split: { minBytes: 0 }, top: 5 });
    expect(two).toEqual(one);
    expect(Buffer.isBuffer(two.largest[0]?.key)).toBe(true);
  });
});
