// `npm run bench:fleet`: a nightly backup check over 200 small and 20 large appendonlydirs, one job against all cores.
// The backups are written by a real redis-server (a seeded writer; some with an RDB base after BGREWRITEAOF) and
// copied into a fleet under the temp dir; hard links stand in for the large copies (the same bytes, no extra disk).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, linkSync, mkdirSync, readdirSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { overwriteLog, rdbBasedCopy } from './server-workloads.mjs';

const ROOT = process.env.FLEET_DIR ?? join(tmpdir(), 'aof-bench-fleet');
const SMALL = Number(process.env.FLEET_SMALL ?? 200);
const LARGE = Number(process.env.FLEET_LARGE ?? 20);
const LARGE_MB = Number(process.env.FLEET_LARGE_MB ?? 40);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

async function originals() {
  const dir = join(ROOT, 'originals');
  const small = [1, 2, 3, 4].map((seed) => join(dir, `small-${seed}`));
  const large = [5, 6].map((seed) => join(dir, `large-${seed}`));
  for (const [i, out] of small.entries()) if (!existsSync(out)) await overwriteLog(out, 0.2 + i * 0.1, i + 1);
  for (const [i, out] of large.entries()) if (!existsSync(out)) await overwriteLog(out, LARGE_MB, i + 5);
  const rdbSmall = join(dir, 'small-rdb');
  const rdbLarge = join(dir, 'large-rdb');
  if (!existsSync(rdbSmall)) await rdbBasedCopy(small[0], rdbSmall);
  if (!existsSync(rdbLarge)) await rdbBasedCopy(large[0], rdbLarge);
  return { small: [...small, rdbSmall], large: [...large, rdbLarge] };
}

function linkDir(from, to) {
  mkdirSync(to, { recursive: true });
  for (const f of readdirSync(from)) if (!existsSync(join(to, f))) linkSync(join(from, f), join(to, f));
}

async function fleet() {
  const { small, large } = await originals();
  const dirs = [];
  for (let i = 0; i < SMALL + LARGE; i++) {
    const isLarge = i % Math.ceil((SMALL + LARGE) / LARGE) === 0 && dirs.filter((d) => d.large).length < LARGE;
    const from = isLarge ? large[i % large.length] : small[i % small.length];
    const to = join(ROOT, 'backups', `node-${String(i).padStart(3, '0')}`, 'appendonlydir');
    if (!existsSync(to)) (isLarge ? linkDir : (a, b) => cpSync(a, b, { recursive: true }))(from, to);
    dirs.push({ path: to, large: isLarge });
  }
  return dirs.map((d) => d.path);
}

/** Wall seconds of one run, best of RUNS. */
function time(args) {
  let best = Infinity;
  let status = null;
  for (let i = 0; i < RUNS; i++) {
    const t = process.hrtime.bigint();
    const r = spawnSync(process.execPath, ['bin/aof.js', ...args], { stdio: ['ignore', 'ignore', 'inherit'] });
    best = Math.min(best, Number(process.hrtime.bigint() - t) / 1e9);
    status = r.status;
  }
  return { best, status };
}

const paths = await fleet();
console.log(`fleet: ${SMALL} small + ${LARGE} large appendonlydirs under ${ROOT}, written by redis-server; best of ${RUNS}`);
const one = time(['check', '-q', '--jobs', '1', ...paths]);
console.log(`  check -q --jobs 1   ${one.best.toFixed(2)} s   exit ${one.status}`);
for (let jobs = 2; jobs <= availableParallelism(); jobs *= 2) {
  const many = time(['check', '-q', '--jobs', String(jobs), ...paths]);
  console.log(`  check -q --jobs ${jobs}   ${many.best.toFixed(2)} s   exit ${many.status}   ${(one.best / many.best).toFixed(2)}x one job`);
}
