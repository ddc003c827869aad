// Runs every operation on one (mutated) input in process and says what went wrong, if anything.

import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { UnreadablePathError } from '../../src/aof/layout.js';
import { catAof } from '../../src/ops/cat/cat.js';
import { checkAof } from '../../src/ops/check.js';
import { applyFix } from '../../src/ops/fix.js';
import { inspectAof } from '../../src/ops/inspect/inspect.js';
import { rewriteAof } from '../../src/ops/rewrite/rewrite.js';
import { filterAof, FilterInputError } from '../../src/ops/filter.js';
import { salvageAof } from '../../src/ops/salvage/salvage.js';
import { planUntil } from '../../src/ops/until.js';

/** An operation slower than this on a fixture-sized input is taken for a hang. */
const SLOW_MS = 10_000;
const NOW = Date.UTC(2026, 0, 1);

export interface Finding {
  readonly op: string;
  readonly problem: string;
}

async function guarded(op: string, findings: Finding[], body: () => Promise<void>): Promise<void> {
  const started = Date.now();
  try {
    await body();
  } catch (e) {
    if (e instanceof UnreadablePathError) return; // a clear refusal with exit 2, e.g. a directory of two manifests
    findings.push({ op, problem: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  }
  const ms = Date.now() - started;
  if (ms > SLOW_MS) findings.push({ op, problem: `took ${ms} ms` });
}

/**
 * check, inspect, cat (as a loadable log), rewrite, salvage, filter, a point-in-time plan, then fix and check
 * again; `scratch` is emptied and reused.
 */
export async function runEveryOperation(path: string, scratch: string): Promise<Finding[]> {
  const findings: Finding[] = [];
  let plan: Awaited<ReturnType<typeof checkAof>>['fix'] | null = null;
  await guarded('check', findings, async () => {
    plan = (await checkAof(path)).fix;
  });
  await guarded('inspect', findings, async () => {
    await inspectAof(path, { exactKeys: 1000 });
  });
  await guarded('cat', findings, async () => {
    let bytes = 0;
    await catAof(path, { log: true }, { command: (c) => (bytes += c.args.reduce((n, a) => n + a.length, 0)), timestamp: () => undefined });
  });
  await guarded('rewrite', findings, async () => {
    const out = join(scratch, 'out.aof');
    const report = await rewriteAof(path, out, { format: 'resp', dropExpired: false, nowMs: NOW, replace: true });
    const left = readdirSync(scratch).filter((f) => f !== 'out.aof');
    if (left.length > 0) findings.push({ op: 'rewrite', problem: `left ${left.join(', ')} behind` });
    if (!report.ok && left.length === 0 && readdirSync(scratch).includes('out.aof')) {
      findings.push({ op: 'rewrite', problem: 'wrote OUTPUT though it reported failure' });
    }
    rmSync(out, { force: true });
  });
  await guarded('salvage', findings, async () => {
    const out = join(scratch, 'salvaged.aof');
    const report = await salvageAof(path, out, { format: 'resp', replace: true });
    if (report.written) {
      const after = await checkAof(out);
      if (!after.valid)
        findings.push({
          op: 'salvage',
          problem: `wrote an invalid AOF: ${JSON.stringify(after.files.flatMap((f) => f.problems.filter((q) => q.severity === 'error')).at(0))}`,
        });
    }
    const left = readdirSync(scratch).filter((f) => f !== 'salvaged.aof');
    if (left.length > 0) findings.push({ op: 'salvage', problem: `left ${left.join(', ')} behind` });
    rmSync(out, { force: true });
  });
  await guarded('filter', findings, async () => {
    const out = join(scratch, 'filtered.aof');
    try {
      await filterAof(path, out, { format: 'resp', replace: true, exclude: { commands: ['flushall', 'del'] } });
      const after = await checkAof(out);
      if (!after.valid) findings.push({ op: 'filter', problem: 'wrote an invalid AOF' });
    } catch (e) {
      if (!(e instanceof FilterInputError)) throw e;
    }
    rmSync(out, { force: true });
  });
  await guarded('until', findings, async () => {
    await planUntil(path, { kind: 'time', ts: 1795313643 });
  });
  const p = plan as Awaited<ReturnType<typeof checkAof>>['fix'] | null;
  if (p !== null && p.action === 'truncate') {
    await guarded('fix', findings, async () => {
      await applyFix(p, { backupDir: null });
      const after = await checkAof(path);
      if (!after.valid)
        findings.push({
          op: 'fix',
          problem: `still invalid after the fix: ${JSON.stringify(after.files.flatMap((f) => f.problems.filter((q) => q.severity === 'error')).at(0))}`,
        });
    });
  }
  return findings;
}
