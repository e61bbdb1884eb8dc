// `npm run test:fast`: the test files whose names match <pattern> and not --ignore <pattern> (uvu's
// own matching: case-insensitive, on the path under test/), split round-robin over one uvu process
// per core (at most 2, or SAVEPACK_TEST_JOBS), run at once. The first process prints as it goes, the
// others' output follows in turn when they end, each with uvu's own summary (CI sums every
// "Total:"/"Passed:" line). Exits 1 when any process failed.
//   node scripts/test-shards.mjs "<pattern>" --ignore "<pattern>"
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, relative, sep } from 'node:path';

const [pattern, flag, ignore] = process.argv.slice(2);
if (!pattern || (flag !== undefined && (flag !== '--ignore' || !ignore))) {
  console.error('usage: node scripts/test-shards.mjs "<pattern>" [--ignore "<pattern>"]');
  process.exit(2);
}
const root = 'test';
const include = new RegExp(pattern, 'i');
const ignores = ['^.git', 'node_modules', ...(ignore ? [ignore] : [])].map((x) => new RegExp(x, 'i'));

/** The files under `dir` that uvu would run, by their path under test/, sorted as uvu sorts them. */
function collect(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const file = join(dir, name);
    const rel = relative(root, file);
    if (ignores.some((r) => r.test(rel))) continue;
    if (statSync(file).isDirectory()) collect(file, out);
    else if (include.test(rel)) out.push(rel);
  }
  return out;
}
const files = collect(root).sort((a, b) => a.localeCompare(b));
const jobs = Math.max(1, Math.min(Number(process.env.SAVEPACK_TEST_JOBS) || Math.min(2, availableParallelism()), files.length));
const shards = Array.from({ length: jobs }, (_, k) => files.filter((_, i) => i % jobs === k));

const escape = (s) => s.split(sep).join('/').replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const runs = shards.map((shard, k) => new Promise((resolve) => {
  const args = ['--import', 'tsx', 'node_modules/uvu/bin.js', root, `^(${shard.map(escape).join('|')})$`];
  const child = spawn(process.execPath, args, { stdio: k === 0 ? 'inherit' : ['ignore', 'pipe', 'pipe'] });
  const out = [];
  if (k > 0) {
    child.stdout.on('data', (b) => out.push(b));
    child.stderr.on('data', (b) => out.push(b));
  }
  child.on('close', (code, signal) => resolve({ code: signal ? 1 : code, out }));
}));

let failed = false;
for (const run of runs) {
  const { code, out } = await run;
  for (const b of out) process.stdout.write(b);
  if (code !== 0) failed = true;
}
if (failed) process.exitCode = 1;
